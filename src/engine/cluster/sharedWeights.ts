/**
 * Weight sharing on a pruned layer (Han, Mao & Dally 2016, §3): the kept weights are clustered,
 * each is replaced by its centroid, and during fine-tuning each centroid moves by the sum of the
 * gradients of the weights that share it.
 */
import { type KMeansOptions, kmeans1d } from './kmeans1d';

/**
 * Gradient of the loss with respect to each shared value: ∂L/∂c_j = Σ_{i: label_i = j} ∂L/∂w_i.
 * Pruned weights must be left out by the caller (give them zero gradient). Returns k sums.
 */
export function sharedWeightGradients(grads: Float32Array, labels: Uint8Array | Uint16Array, k: number): Float32Array {
  if (grads.length !== labels.length) throw new Error(`${grads.length} gradients but ${labels.length} labels`);
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a whole number ≥ 1, got ${k}`);
  const sums = new Float64Array(k);
  for (let i = 0; i < grads.length; i++) {
    if (labels[i] >= k) throw new Error(`label ${labels[i]} at index ${i} is not a cluster (k = ${k})`);
    sums[labels[i]] += grads[i];
  }
  return Float32Array.from(sums);
}

/**
 * Clusters the non-zero weights of a (pruned) layer and replaces each by its centroid; zeros
 * stay zero. The result is what encodeCompressedModel expects. A layer with no non-zero weight
 * gets no centroids.
 */
export function shareWeights(
  weights: Float32Array,
  k: number,
  options: KMeansOptions,
): { weights: Float32Array; centroids: Float32Array; iterations: number; warning?: string } {
  const kept: number[] = [];
  weights.forEach((w, i) => {
    if (w !== 0) kept.push(i);
  });
  if (kept.length === 0) return { weights: new Float32Array(weights.length), centroids: new Float32Array(0), iterations: 0 };
  const result = kmeans1d(Float32Array.from(kept, (i) => weights[i]), k, options);
  const shared = new Float32Array(weights.length);
  kept.forEach((i, n) => (shared[i] = result.centroids[result.labels[n]]));
  return { weights: shared, centroids: result.centroids, iterations: result.iterations, ...(result.warning ? { warning: result.warning } : {}) };
}
