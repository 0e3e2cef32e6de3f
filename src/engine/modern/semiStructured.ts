/**
 * N:M semi-structured sparsity: in every run of M consecutive weights along a row's inputs, only
 * N are kept. 2:4 is what NVIDIA's sparse tensor cores (Ampere and later) execute at up to twice
 * the dense rate, storing the 2 kept values and a 2-bit position for each (Mishra et al. 2021).
 */
import { checkShape } from '../linalg';

/**
 * Keeps, in each group of m consecutive columns of each row, the n entries of largest |score|
 * (ties: the lower column is kept). `scores` is row-major rows × cols: the weights themselves
 * for magnitude N:M, or Wanda scores. cols must be a multiple of m. 1 = keep, 0 = prune.
 */
export function nmMask(scores: ArrayLike<number>, rows: number, cols: number, n = 2, m = 4): Uint8Array {
  checkShape('nmMask', scores.length, rows, cols);
  if (!Number.isInteger(m) || m < 1 || !Number.isInteger(n) || n < 0 || n > m) {
    throw new Error(`N:M needs whole numbers 0 ≤ N ≤ M, M ≥ 1 (got ${n}:${m})`);
  }
  if (cols % m !== 0) throw new Error(`${cols} inputs do not split into groups of ${m}`);
  const mask = new Uint8Array(rows * cols);
  const order = Array.from({ length: m }, (_, i) => i);
  for (let start = 0; start < scores.length; start += m) {
    for (let i = 0; i < m; i++) {
      if (Number.isNaN(scores[start + i])) throw new Error(`score ${start + i} is NaN; cannot rank it`);
    }
    order.sort((a, b) => Math.abs(scores[start + b]) - Math.abs(scores[start + a]) || a - b);
    for (let k = 0; k < n; k++) mask[start + order[k]] = 1;
  }
  return mask;
}

/** Whether every group of m consecutive columns of each row keeps at most n entries. */
export function isNmSparse(mask: ArrayLike<number>, rows: number, cols: number, n = 2, m = 4): boolean {
  checkShape('isNmSparse', mask.length, rows, cols);
  if (cols % m !== 0) return false;
  for (let start = 0; start < mask.length; start += m) {
    let kept = 0;
    for (let i = 0; i < m; i++) if (mask[start + i] !== 0) kept++;
    if (kept > n) return false;
  }
  return true;
}
