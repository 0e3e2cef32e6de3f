// Eigen-decomposition of a real symmetric matrix: Householder reduction to tridiagonal form, then
// the implicit QL algorithm with Wilkinson-style shifts (Golub & Van Loan, "Matrix Computations",
// §8.3; the tred2/tqli pair of Numerical Recipes).

export interface SymmetricEigen {
  /** Eigenvalues, in descending order. */
  values: Float64Array;
  /** Eigenvectors as rows (n×n row-major): row i belongs to values[i]. */
  vectors: Float64Array;
}

/**
 * Reduces symmetric `a` (n×n row-major, overwritten) to tridiagonal form T = QᵀAQ.
 * Returns the diagonal d, the sub-diagonal e (e[i] couples i−1 and i; e[0] = 0), and leaves Q in `a`.
 */
function tridiagonalise(a: Float64Array, n: number): { d: Float64Array; e: Float64Array } {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    const ri = i * n;
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(a[ri + k]);
      if (scale === 0) {
        e[i] = a[ri + l];
      } else {
        for (let k = 0; k <= l; k++) {
          a[ri + k] /= scale;
          h += a[ri + k] * a[ri + k];
        }
        let f = a[ri + l];
        let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[ri + l] = f - g;
        f = 0;
        for (let j = 0; j <= l; j++) {
          const rj = j * n;
          a[rj + i] = a[ri + j] / h;
          g = 0;
          for (let k = 0; k <= j; k++) g += a[rj + k] * a[ri + k];
          for (let k = j + 1; k <= l; k++) g += a[k * n + j] * a[ri + k];
          e[j] = g / h;
          f += e[j] * a[ri + j];
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          const fj = a[ri + j];
          const gj = e[j] - hh * fj;
          e[j] = gj;
          const rj = j * n;
          for (let k = 0; k <= j; k++) a[rj + k] -= fj * e[k] + gj * a[ri + k];
        }
      }
    } else {
      e[i] = a[ri + l];
    }
    d[i] = h;
  }
  d[0] = 0;
  e[0] = 0;
  // Accumulate Q. Row i's first i entries hold the Householder vector u_i, column i holds u_i / h.
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    if (d[i] !== 0) {
      // g_j = Σ_k a[i][k]·a[k][j], then a[k][j] −= g_j·a[k][i]; both loops run along rows.
      g.fill(0, 0, i);
      for (let k = 0; k < i; k++) {
        const aik = a[ri + k];
        const rk = k * n;
        for (let j = 0; j < i; j++) g[j] += aik * a[rk + j];
      }
      for (let k = 0; k < i; k++) {
        const rk = k * n;
        const aki = a[rk + i];
        for (let j = 0; j < i; j++) a[rk + j] -= g[j] * aki;
      }
    }
    d[i] = a[ri + i];
    a[ri + i] = 1;
    for (let j = 0; j < i; j++) a[j * n + i] = a[ri + j] = 0;
  }
  return { d, e };
}

/**
 * Eigenvalues and eigenvectors of the symmetric matrix `s` (n×n row-major, left unchanged):
 * S = Σ values[i] · vᵢvᵢᵀ with vᵢ row i of `vectors`, orthonormal.
 */
export function symmetricEigen(s: ArrayLike<number>, n: number): SymmetricEigen {
  const q = Float64Array.from(s);
  const { d, e } = tridiagonalise(q, n);
  // z holds the eigenvectors as rows (the transpose of Q), so each rotation below runs along rows.
  const z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) z[j * n + i] = q[i * n + j];
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  // An off-diagonal entry below rounding of the whole matrix is negligible too (a backward-stable
  // test): the relative test alone never lets go of entries among eigenvalues that are rounding
  // noise, as in the Gram matrix of a spectrum spanning more than 10⁸.
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]) + Math.abs(e[i]));
  const negligible = Number.EPSILON * norm;
  for (let l = 0; l < n; l++) {
    let iterations = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd || Math.abs(e[m]) <= negligible) break;
      }
      if (m === l) break;
      if (++iterations > 60) throw new Error(`symmetricEigen: no convergence for eigenvalue ${l}`);
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s1 = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        let f = s1 * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] -= p;
          e[m] = 0;
          break;
        }
        s1 = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s1 + 2 * c * b;
        p = s1 * r;
        d[i + 1] = g + p;
        g = c * r - b;
        const zi = i * n;
        const zj = (i + 1) * n;
        for (let k = 0; k < n; k++) {
          f = z[zj + k];
          z[zj + k] = s1 * z[zi + k] + c * f;
          z[zi + k] = c * z[zi + k] - s1 * f;
        }
      }
      if (r === 0 && i >= l) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[y] - d[x]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    values[to] = d[from];
    vectors.set(z.subarray(from * n, from * n + n), to * n);
  });
  return { values, vectors };
}
