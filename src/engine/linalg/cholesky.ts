// Cholesky factorisation and triangular inverses of symmetric positive-definite matrices
// (row-major Float64Array), as GPTQ needs them.
import { checkShape } from './dense';

/**
 * Cholesky factor L (lower, in place of a copy) of a symmetric positive-definite n × n matrix,
 * a = L Lᵀ. Throws, naming the column, when a is not positive definite.
 */
export function choleskyLower(a: ArrayLike<number>, n: number): Float64Array {
  checkShape('choleskyLower', a.length, n, n);
  const l = Float64Array.from(a as ArrayLike<number>);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = l[rj + j];
    for (let k = 0; k < j; k++) d -= l[rj + k] * l[rj + k];
    if (!(d > 0)) throw new Error(`the matrix is not positive definite (pivot ${d} at column ${j}); add damping`);
    const djj = Math.sqrt(d);
    l[rj + j] = djj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = l[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      l[ri + j] = s / djj;
    }
    for (let k = j + 1; k < n; k++) l[rj + k] = 0;
  }
  return l;
}

/** Inverse of a lower-triangular n × n matrix with a positive diagonal (lower again). */
export function invertLower(l: ArrayLike<number>, n: number): Float64Array {
  checkShape('invertLower', l.length, n, n);
  const inv = new Float64Array(n * n);
  // Row i of L⁻¹ from the rows above it: L⁻¹[i, :] = (e_i − Σ_{k<i} L[i, k] L⁻¹[k, :]) / L[i, i].
  const acc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    acc.fill(0, 0, i);
    for (let k = 0; k < i; k++) {
      const a = l[i * n + k];
      if (a === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) acc[j] += a * inv[rk + j];
    }
    const d = l[i * n + i];
    for (let j = 0; j < i; j++) inv[i * n + j] = -acc[j] / d;
    inv[i * n + i] = 1 / d;
  }
  return inv;
}

/**
 * The upper Cholesky factor U of the inverse of a symmetric positive-definite matrix h:
 * h⁻¹ = Uᵀ U, U upper triangular with a positive diagonal. GPTQ reads its update coefficients from
 * the rows of U. Computed without forming h⁻¹: with P the order-reversing permutation and
 * P h P = L Lᵀ, h⁻¹ = (P L⁻¹ P)ᵀ (P L⁻¹ P), and P L⁻¹ P is upper triangular.
 */
export function upperCholeskyOfInverse(h: ArrayLike<number>, n: number): Float64Array {
  checkShape('upperCholeskyOfInverse', h.length, n, n);
  const reversed = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) reversed[i * n + j] = h[(n - 1 - i) * n + (n - 1 - j)];
  const linv = invertLower(choleskyLower(reversed, n), n);
  const u = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) u[i * n + j] = linv[(n - 1 - i) * n + (n - 1 - j)];
  return u;
}
