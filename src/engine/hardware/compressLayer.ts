import { shareWeights } from '../cluster';
import type { CompressedLayer } from '../container';
import { applyMask, magnitudeMask } from '../prune';

/**
 * A layer pruned by magnitude to `sparsity` and its kept weights shared to `clusters` values
 * (k-means, linear initialisation), without retraining: the input encodeCompressedModel expects.
 */
export function pruneAndShare(name: string, kernel: Float32Array, shape: number[], sparsity: number, clusters: number): CompressedLayer {
  const pruned = applyMask(kernel, magnitudeMask(kernel, sparsity));
  const shared = shareWeights(pruned, clusters, { init: 'linear' });
  return { name, shape, weights: shared.weights, centroids: shared.centroids };
}
