/**
 * Unstructured pruning masks (Han et al. 2015, "Learning both Weights and Connections"):
 * a mask has one byte per weight, 1 = keep, 0 = prune. Sparsity is the fraction pruned.
 */
import { sampleIndices, seededRandom } from '../random';
import { sortFloat32 } from './sortFloat32';

/** Throws unless `sparsity` is a number in [0, 1]. */
export function checkSparsity(sparsity: number): void {
  if (typeof sparsity !== 'number' || Number.isNaN(sparsity)) {
    throw new Error(`sparsity must be a number between 0 and 1, got ${sparsity}`);
  }
  if (sparsity < 0 || sparsity > 1) {
    throw new Error(`sparsity must be between 0 and 1 (0 % to 100 % pruned), got ${sparsity}`);
  }
}

/** How many of `n` weights a sparsity prunes: round(sparsity · n). */
export function prunedCount(n: number, sparsity: number): number {
  checkSparsity(sparsity);
  return Math.round(sparsity * n);
}

/**
 * Magnitude pruning of one tensor: prunes exactly round(sparsity · n) weights of smallest |w|.
 * Ties in |w| are broken by index: the lower index is pruned first. O(n): one radix sort of
 * the magnitudes finds the threshold. NaN weights throw.
 */
export function magnitudeMask(weights: Float32Array, sparsity: number): Uint8Array {
  return globalMagnitudeMasks([weights], sparsity)[0];
}

/**
 * Global magnitude pruning: one threshold across all layers, so exactly
 * round(sparsity · total weights) are pruned overall; ties broken by (layer, index), earlier
 * first. Returns one mask per layer.
 */
export function globalMagnitudeMasks(layers: Float32Array[], sparsity: number): Uint8Array[] {
  let total = 0;
  for (const layer of layers) total += layer.length;
  const toPrune = prunedCount(total, sparsity);
  const magnitudes = new Float32Array(total);
  let offset = 0;
  layers.forEach((layer, l) => {
    for (let i = 0; i < layer.length; i++) {
      const w = layer[i];
      if (Number.isNaN(w)) throw new Error(`weight ${i} of layer ${l} is NaN; cannot rank it by magnitude`);
      magnitudes[offset + i] = Math.abs(w);
    }
    offset += layer.length;
  });
  const masks = layers.map((layer) => new Uint8Array(layer.length).fill(1));
  if (toPrune === 0) return masks;
  // The threshold is the toPrune-th smallest magnitude; everything below it goes, and the
  // first few (in order) of those equal to it make up the exact count.
  const threshold = sortFloat32(magnitudes)[toPrune - 1];
  let below = 0;
  for (let i = 0; i < total; i++) if (magnitudes[i] < threshold) below++;
  let equalToPrune = toPrune - below;
  offset = 0;
  layers.forEach((layer, l) => {
    const mask = masks[l];
    for (let i = 0; i < layer.length; i++) {
      const m = magnitudes[offset + i];
      if (m < threshold) mask[i] = 0;
      else if (m === threshold && equalToPrune > 0) {
        mask[i] = 0;
        equalToPrune--;
      }
    }
    offset += layer.length;
  });
  return masks;
}

/** A random mask with exactly round(sparsity · n) zeros, reproducible from `seed`. */
export function randomMask(n: number, sparsity: number, seed: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`n must be a whole number ≥ 0, got ${n}`);
  const mask = new Uint8Array(n).fill(1);
  for (const i of sampleIndices(n, prunedCount(n, sparsity), seededRandom(seed))) mask[i] = 0;
  return mask;
}

/** Returns a copy of `weights` with pruned positions (mask 0) set to +0. */
export function applyMask(weights: Float32Array, mask: Uint8Array): Float32Array {
  if (weights.length !== mask.length) {
    throw new Error(`mask has ${mask.length} entries but there are ${weights.length} weights`);
  }
  const out = new Float32Array(weights.length);
  for (let i = 0; i < weights.length; i++) out[i] = mask[i] ? weights[i] : 0;
  return out;
}

/** Fraction of zeros: of a mask (pruned entries) or of weights (entries equal to 0). */
export function sparsityOf(maskOrWeights: Uint8Array | Float32Array): number {
  if (maskOrWeights.length === 0) throw new Error('sparsity of an empty tensor is undefined');
  let zeros = 0;
  for (let i = 0; i < maskOrWeights.length; i++) if (maskOrWeights[i] === 0) zeros++;
  return zeros / maskOrWeights.length;
}
