/**
 * GPTQ (Frantar, Ashkboos, Hoefler & Alistarh, ICLR 2023): quantize a layer's weights one input
 * column at a time and, after each column, push its rounding error onto the columns not yet
 * quantized, weighted by the inverse Hessian of the layer's output error, so that the layer's
 * output on calibration data changes as little as possible:
 *
 *     for column i:  q = quant(w_i);  e = (w_i − q) / U[i, i];  w_j −= e · U[i, j]  for j > i
 *
 * where H = (2/n) X Xᵀ + λI (λ = damp · mean diag H) and U is the upper Cholesky factor of H⁻¹.
 * Updates to columns beyond the current block of `blockSize` columns are batched ("lazy batch"
 * updates, §4 of the paper); the result is the same as updating every column each time.
 *
 * The grid is fixed in advance: each group's scale and zero point come from the original weights,
 * exactly as round-to-nearest's (the "static groups" variant), so GPTQ and round-to-nearest differ
 * only in which integer code each weight gets.
 */
import { type GroupQuantOptions, type GroupQuantized, checkGroupOptions, codeOf, groupLayout, groupParams } from './groupQuant';
import { checkShape, upperCholeskyOfInverse } from '../linalg';
import { engineProduct, type MatrixProduct } from '../linalg';

export interface GptqOptions extends GroupQuantOptions {
  /** Damping λ as a fraction of the mean diagonal of H (default 0.01, the paper's). */
  damp?: number;
  /** Columns per lazy-batch block (default 128); changes speed only, not the result. */
  blockSize?: number;
  /**
   * The product behind the O(n³) work: the blocked Cholesky factor of H⁻¹ and the lazy batch
   * updates, one (rows × blockSize)·(blockSize × rest) product per block. Default: the engine's
   * float64 loops; the worker passes tfjs's (float32, as GPTQ's own implementation computes).
   */
  product?: MatrixProduct;
}

/**
 * GPTQ on one layer. `weights` is row-major rows × cols (out × in: a Keras Dense kernel
 * transposed), `hessian` the cols × cols layer Hessian (see layerHessian). Returns the integer
 * codes, the dequantized weights and the group parameters; the input arrays are not changed.
 */
export function gptqQuantize(
  weights: ArrayLike<number>,
  rows: number,
  cols: number,
  hessian: ArrayLike<number>,
  options: GptqOptions,
): GroupQuantized {
  checkShape('gptqQuantize (weights)', weights.length, rows, cols);
  checkShape('gptqQuantize (hessian)', hessian.length, cols, cols);
  checkGroupOptions(options);
  const { damp = 0.01, blockSize = 128, product = engineProduct } = options;
  if (!(damp >= 0 && Number.isFinite(damp))) throw new Error(`damp must be a finite number ≥ 0 (got ${damp})`);
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new Error(`blockSize must be a whole number ≥ 1 (got ${blockSize})`);

  const h = Float64Array.from(hessian as ArrayLike<number>);
  let meanDiagonal = 0;
  for (let i = 0; i < cols; i++) meanDiagonal += h[i * cols + i] / cols;
  for (let i = 0; i < cols; i++) {
    // An input that is always 0 in the calibration data (a border pixel) has no say in the
    // output: give it a unit diagonal so H stays invertible; its weights are just rounded.
    if (h[i * cols + i] === 0) h[i * cols + i] = 1;
    h[i * cols + i] += damp * meanDiagonal;
  }
  const u = upperCholeskyOfInverse(h, cols, product);

  const params = groupParams(weights, rows, cols, options);
  const { size, groupsPerRow } = groupLayout(cols, options.groupSize);
  const w = Float64Array.from(weights as ArrayLike<number>);
  const codes = new Int32Array(rows * cols);
  const dequantized = new Float32Array(rows * cols);
  const errors = new Float64Array(rows * blockSize);

  for (let start = 0; start < cols; start += blockSize) {
    const end = Math.min(cols, start + blockSize);
    const count = end - start;
    for (let i = start; i < end; i++) {
      const ui = i * cols;
      const d = u[ui + i];
      const group = Math.floor(i / size);
      for (let r = 0; r < rows; r++) {
        const wr = r * cols;
        const p = params[r * groupsPerRow + group];
        const q = codeOf(w[wr + i], p);
        const value = p.scale * (q - p.zeroPoint);
        codes[wr + i] = q;
        dequantized[wr + i] = value;
        const e = (w[wr + i] - value) / d;
        errors[r * count + (i - start)] = e;
        if (e === 0) continue;
        for (let j = i + 1; j < end; j++) w[wr + j] -= e * u[ui + j];
      }
    }
    if (end === cols) break;
    // W[:, end:] −= E · U[start:end, end:] for the whole block at once (only the last block is
    // short, and it has nothing after it, so E here is always rows × blockSize).
    const rest = cols - end;
    const block = new Float64Array(count * rest);
    for (let k = 0; k < count; k++) block.set(u.subarray((start + k) * cols + end, (start + k + 1) * cols), k * rest);
    const update = product(errors, block, rows, count, rest);
    for (let r = 0; r < rows; r++) {
      const wr = r * cols + end;
      const ur = r * rest;
      for (let j = 0; j < rest; j++) w[wr + j] -= update[ur + j];
    }
  }
  return { codes, dequantized, params, groupsPerRow };
}
