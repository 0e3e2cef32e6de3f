// Dense row-major matrices for the engine's linear algebra (low-rank factorisation, GPTQ, Wanda,
// tensor parallelism): shape checks, products accumulated in float64, Gram matrices, transposes and
// orthonormalisation. Small and unoptimised beyond loop order (the inner loop runs along rows).

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
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      if (aip === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
    }
  }
  return c;
}

/** C (k×n) = Aᵀ · B for A (m×k) and B (m×n), row-major. */
export function matMulTransposedA(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(k * n);
  for (let r = 0; r < m; r++) {
    const br = r * n;
    for (let i = 0; i < k; i++) {
      const ari = a[r * k + i];
      if (ari === 0) continue;
      const ci = i * n;
      for (let j = 0; j < n; j++) c[ci + j] += ari * b[br + j];
    }
  }
  return c;
}

/** The Gram matrix AᵀA (n×n, symmetric) of A (m×n), row-major. */
export function gram(a: ArrayLike<number>, m: number, n: number): Float64Array {
  const g = new Float64Array(n * n);
  for (let r = 0; r < m; r++) {
    const ar = r * n;
    for (let i = 0; i < n; i++) {
      const ari = a[ar + i];
      if (ari === 0) continue;
      const gi = i * n;
      for (let j = i; j < n; j++) g[gi + j] += ari * a[ar + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) g[i * n + j] = g[j * n + i];
  return g;
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

/** The engine's own float64 product; AᵀA of one matrix uses the symmetric Gram loop. */
export const engineProduct: MatrixProduct = (a, b, m, k, n, t = {}) => {
  if (t.a && a === b && !t.b) return gram(a, k, m);
  const right = t.b ? transpose(b, n, k) : b;
  return t.a ? matMulTransposedA(a, right, k, m, n) : matMul(a, right, m, k, n);
};
