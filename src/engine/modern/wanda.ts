/**
 * Wanda, "pruning by weights and activations" (Sun, Liu, Bair & Kolter, ICLR 2024): the score of
 * weight W[i][j] is |W[i][j]| · ‖X_j‖₂, its magnitude times the norm of its input feature over the
 * calibration data, and weights are compared within each output row. No retraining and no
 * weight update: one pass of calibration data decides the mask.
 */
import { checkSparsity, prunedCount } from '../prune/sparsity';
import { checkShape } from '../linalg';

/** ‖X_j‖₂ for each feature j of the samples × features calibration inputs. */
export function inputNorms(inputs: ArrayLike<number>, samples: number, features: number): Float64Array {
  checkShape('inputNorms', inputs.length, samples, features);
  const sums = new Float64Array(features);
  for (let s = 0; s < samples; s++) {
    for (let j = 0; j < features; j++) {
      const x = inputs[s * features + j];
      sums[j] += x * x;
    }
  }
  return sums.map(Math.sqrt);
}

/** Wanda scores |W[i][j]| · norms[j] of a row-major rows × cols (out × in) weight matrix. */
export function wandaScores(weights: ArrayLike<number>, rows: number, cols: number, norms: ArrayLike<number>): Float32Array {
  checkShape('wandaScores', weights.length, rows, cols);
  if (norms.length !== cols) throw new Error(`wandaScores: ${cols} inputs but ${norms.length} input norms`);
  const scores = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) scores[r * cols + c] = Math.abs(weights[r * cols + c]) * norms[c];
  }
  return scores;
}

/**
 * Prunes round(sparsity · cols) entries of smallest |score| in every row (Wanda's per-output
 * comparison group); ties: the lower column is pruned first. 1 = keep, 0 = prune.
 */
export function rowwiseMask(scores: ArrayLike<number>, rows: number, cols: number, sparsity: number): Uint8Array {
  checkShape('rowwiseMask', scores.length, rows, cols);
  checkSparsity(sparsity);
  const toPrune = prunedCount(cols, sparsity);
  const mask = new Uint8Array(rows * cols).fill(1);
  const order = new Uint32Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      if (Number.isNaN(scores[base + c])) throw new Error(`score (${r}, ${c}) is NaN; cannot rank it`);
      order[c] = c;
    }
    order.sort((a, b) => Math.abs(scores[base + a]) - Math.abs(scores[base + b]) || a - b);
    for (let k = 0; k < toPrune; k++) mask[base + order[k]] = 0;
  }
  return mask;
}
