/**
 * SmoothQuant (Xiao et al., ICML 2023): a few input channels with huge activations force a large
 * per-tensor activation scale, and every other channel is rounded coarsely. Dividing activation
 * channel j by s_j and multiplying the matching weight column by s_j leaves the product unchanged,
 * XWᵀ = (X diag(s)⁻¹)(W diag(s))ᵀ, and moves the difficulty from activations to weights:
 *
 *     s_j = max|X_j|^α / max|W_j|^(1−α)       (α = 0.5 balances both)
 */
import { checkShape } from '../linalg';

/** max |m[·][j]| of each column j of a row-major rows × cols matrix. */
export function columnAbsMax(matrix: ArrayLike<number>, rows: number, cols: number): Float64Array {
  checkShape('columnAbsMax', matrix.length, rows, cols);
  const out = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = Math.abs(matrix[r * cols + c]);
      if (v > out[c]) out[c] = v;
    }
  }
  return out;
}

/**
 * Smoothing factors s_j = actMax_j^α / weightMax_j^(1−α), with α in [0, 1]. A channel that is
 * all zero on either side keeps s_j = 1.
 */
export function smoothQuantScales(actMax: ArrayLike<number>, weightMax: ArrayLike<number>, alpha = 0.5): Float64Array {
  if (actMax.length !== weightMax.length) {
    throw new Error(`smoothQuantScales: ${actMax.length} activation channels but ${weightMax.length} weight columns`);
  }
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`alpha must be between 0 and 1 (got ${alpha})`);
  const s = new Float64Array(actMax.length);
  for (let j = 0; j < s.length; j++) {
    const a = actMax[j];
    const w = weightMax[j];
    s[j] = a > 0 && w > 0 ? a ** alpha / w ** (1 - alpha) : 1;
  }
  return s;
}

/** m[·][j] · factors[j] ('multiply', for weight columns) or m[·][j] / factors[j] ('divide', for activations). */
export function scaleColumns(
  matrix: ArrayLike<number>,
  rows: number,
  cols: number,
  factors: ArrayLike<number>,
  op: 'multiply' | 'divide',
): Float32Array {
  checkShape('scaleColumns', matrix.length, rows, cols);
  if (factors.length !== cols) throw new Error(`scaleColumns: ${cols} columns but ${factors.length} factors`);
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const f = factors[c];
      out[r * cols + c] = op === 'multiply' ? matrix[r * cols + c] * f : matrix[r * cols + c] / f;
    }
  }
  return out;
}
