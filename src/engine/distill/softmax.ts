import { checkTemperature, checkValues, rowCount } from './rows';

/**
 * log softmax(z / T) of the row z[offset .. offset + classes) into out[0 .. classes), in float64:
 * log p_i = z_i/T − m − log Σ_j exp(z_j/T − m), with m = max_j z_j/T so no exp overflows.
 */
export function logSoftmaxRow(
  z: ArrayLike<number>,
  offset: number,
  classes: number,
  T: number,
  out: Float64Array,
): Float64Array {
  let m = -Infinity;
  for (let j = 0; j < classes; j++) m = Math.max(m, z[offset + j] / T);
  let sum = 0;
  for (let j = 0; j < classes; j++) sum += Math.exp(z[offset + j] / T - m);
  const logSum = m + Math.log(sum);
  for (let j = 0; j < classes; j++) out[j] = z[offset + j] / T - logSum;
  return out;
}

/**
 * Softmax at temperature T of each row: p_i = exp(z_i / T) / Σ_j exp(z_j / T) (Hinton et al. 2015,
 * eq. 1). Higher T gives softer distributions (uniform as T → ∞); T → 0 approaches one-hot.
 * logits: [rows, classes] row-major; classes defaults to logits.length (one row).
 * Computed in float64 with the max subtracted, so logits of ±1000 are fine.
 */
export function softmaxWithTemperature(
  logits: ArrayLike<number>,
  T: number,
  classes: number = logits.length,
): Float32Array {
  checkTemperature(T);
  const rows = rowCount(logits.length, classes, 'logits');
  checkValues(logits, 'logits');
  const out = new Float32Array(logits.length);
  const row = new Float64Array(classes);
  for (let r = 0; r < rows; r++) {
    logSoftmaxRow(logits, r * classes, classes, T, row);
    for (let j = 0; j < classes; j++) out[r * classes + j] = Math.exp(row[j]);
  }
  return out;
}
