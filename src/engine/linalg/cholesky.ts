// Cholesky factorisation and triangular inverses of symmetric positive-definite matrices
// (row-major Float64Array), as GPTQ needs them. Matrices larger than one block are done block by
// block, so that nearly all of the O(n³) work is a few large products through an injectable
// MatrixProduct (the worker passes tfjs's); the small diagonal blocks stay in float64 loops here.
import { checkShape, engineProduct, type MatrixProduct } from './dense';

/** Rows and columns per block of the blocked factorisation and inverse. */
const BLOCK = 128;

/** Rows r0…r1 − 1 and columns c0…c1 − 1 of an n × n matrix, as a contiguous copy. */
function part(a: Float64Array, n: number, r0: number, r1: number, c0: number, c1: number): Float64Array {
  const w = c1 - c0;
  const out = new Float64Array((r1 - r0) * w);
  for (let r = r0; r < r1; r++) out.set(a.subarray(r * n + c0, r * n + c1), (r - r0) * w);
  return out;
}

/** Writes (sign = 1) or subtracts (sign = −1) a contiguous block into a at row r0, column c0. */
function put(a: Float64Array, n: number, block: Float64Array, r0: number, c0: number, w: number, sign: 1 | -1): void {
  const h = block.length / w;
  for (let r = 0; r < h; r++) {
    const ar = (r0 + r) * n + c0;
    const br = r * w;
    if (sign === 1) a.set(block.subarray(br, br + w), ar);
    else for (let c = 0; c < w; c++) a[ar + c] -= block[br + c];
  }
}

/** Unblocked Cholesky in place on the diagonal block k0…k1 − 1 of l (n × n), already updated by the blocks before it. */
function factorDiagonalBlock(l: Float64Array, n: number, k0: number, k1: number): void {
  for (let j = k0; j < k1; j++) {
    const rj = j * n;
    let d = l[rj + j];
    for (let k = k0; k < j; k++) d -= l[rj + k] * l[rj + k];
    if (!(d > 0)) throw new Error(`the matrix is not positive definite (pivot ${d} at column ${j}); add damping`);
    const djj = Math.sqrt(d);
    l[rj + j] = djj;
    for (let i = j + 1; i < k1; i++) {
      const ri = i * n;
      let s = l[ri + j];
      for (let k = k0; k < j; k++) s -= l[ri + k] * l[rj + k];
      l[ri + j] = s / djj;
    }
  }
}

/**
 * Cholesky factor L (lower, in place of a copy) of a symmetric positive-definite n × n matrix,
 * a = L Lᵀ. Throws, naming the column, when a is not positive definite. Right-looking by blocks:
 * factor the diagonal block, L21 = A21 L11⁻ᵀ, then A22 −= L21 L21ᵀ (two products per block).
 */
export function choleskyLower(a: ArrayLike<number>, n: number, product: MatrixProduct = engineProduct): Float64Array {
  checkShape('choleskyLower', a.length, n, n);
  const l = Float64Array.from(a as ArrayLike<number>);
  for (let k0 = 0; k0 < n; k0 += BLOCK) {
    const k1 = Math.min(n, k0 + BLOCK);
    const b = k1 - k0;
    factorDiagonalBlock(l, n, k0, k1);
    if (k1 === n) break;
    const m = n - k1;
    const inverse = invertLowerUnblocked(part(l, n, k0, k1, k0, k1), b); // reads only the lower triangle
    const l21 = product(part(l, n, k1, n, k0, k1), inverse, m, b, b, { b: true });
    put(l, n, l21, k1, k0, b, 1);
    put(l, n, product(l21, l21, m, b, m, { b: true }), k1, k1, m, -1);
  }
  for (let i = 0; i < n; i++) l.fill(0, i * n + i + 1, (i + 1) * n);
  return l;
}

/** Inverse of a small lower-triangular n × n matrix (lower again), row by row. */
function invertLowerUnblocked(l: ArrayLike<number>, n: number): Float64Array {
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
 * Inverse of a lower-triangular n × n matrix with a positive diagonal (lower again). By block
 * rows: X_ii = L_ii⁻¹ and X[i, :r0] = −X_ii (L[i, :r0] X[:r0, :r0]), two products per block.
 */
export function invertLower(l: ArrayLike<number>, n: number, product: MatrixProduct = engineProduct): Float64Array {
  checkShape('invertLower', l.length, n, n);
  if (n <= BLOCK) return invertLowerUnblocked(l, n);
  const a = Float64Array.from(l as ArrayLike<number>);
  const inv = new Float64Array(n * n);
  for (let r0 = 0; r0 < n; r0 += BLOCK) {
    const r1 = Math.min(n, r0 + BLOCK);
    const b = r1 - r0;
    const diagonal = invertLowerUnblocked(part(a, n, r0, r1, r0, r1), b);
    put(inv, n, diagonal, r0, r0, b, 1);
    if (r0 === 0) continue;
    const left = product(part(a, n, r0, r1, 0, r0), part(inv, n, 0, r0, 0, r0), b, r0, r0);
    put(inv, n, product(diagonal, left, b, b, r0).map((v) => -v), r0, 0, r0, 1);
  }
  return inv;
}

/**
 * The upper Cholesky factor U of the inverse of a symmetric positive-definite matrix h:
 * h⁻¹ = Uᵀ U, U upper triangular with a positive diagonal. GPTQ reads its update coefficients from
 * the rows of U. Computed without forming h⁻¹: with P the order-reversing permutation and
 * P h P = L Lᵀ, h⁻¹ = (P L⁻¹ P)ᵀ (P L⁻¹ P), and P L⁻¹ P is upper triangular.
 */
export function upperCholeskyOfInverse(h: ArrayLike<number>, n: number, product: MatrixProduct = engineProduct): Float64Array {
  checkShape('upperCholeskyOfInverse', h.length, n, n);
  const reversed = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) reversed[i * n + j] = h[(n - 1 - i) * n + (n - 1 - j)];
  const linv = invertLower(choleskyLower(reversed, n, product), n, product);
  const u = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) u[i * n + j] = linv[(n - 1 - i) * n + (n - 1 - j)];
  return u;
}
