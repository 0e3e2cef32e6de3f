// Eigen-decomposition of a real symmetric matrix: Householder reduction to tridiagonal form, then
// the implicit QL algorithm with Wilkinson-style shifts (Golub & Van Loan, "Matrix Computations",
// §8.3; the tqli of Numerical Recipes). Laid out for row-major Float64Arrays: every inner loop runs
// along a row, and each QL sweep's rotations are applied to the eigenvector matrix one row at a
// time, carrying the running value from rotation to rotation (one load and one store each).

export interface SymmetricEigen {
  /** Eigenvalues, in descending order. */
  values: Float64Array;
  /** Eigenvectors as rows (n×n row-major): row i belongs to values[i]. */
  vectors: Float64Array;
}

// The three O(n²) steps of each reflection, on the block of rows and columns from `from` of a
// (n×n row-major) with v in a[v + from…]. Each takes two rows at a time, so every load of v, p or w
// serves two rows and the two rows' sums form independent chains.

/** p[from…] = A₂₂·v, reading only the upper triangle of A₂₂ (each stored entry serves both of its places). */
function symmetricTimesVector(a: Float64Array, n: number, from: number, v: number, p: Float64Array): void {
  p.fill(0, from, n);
  let i = from;
  for (; i + 1 < n; i += 2) {
    const r0 = i * n;
    const r1 = r0 + n;
    const v0 = a[v + i];
    const v1 = a[v + i + 1];
    const a01 = a[r0 + i + 1];
    let sum0 = a[r0 + i] * v0 + a01 * v1;
    let sum1 = a01 * v0 + a[r1 + i + 1] * v1;
    for (let j = i + 2; j < n; j++) {
      const x0 = a[r0 + j];
      const x1 = a[r1 + j];
      const vj = a[v + j];
      sum0 += x0 * vj;
      sum1 += x1 * vj;
      p[j] += x0 * v0 + x1 * v1;
    }
    p[i] += sum0;
    p[i + 1] += sum1;
  }
  if (i < n) p[i] += a[i * n + i] * a[v + i];
}

/** A₂₂ ← A₂₂ − v wᵀ − w vᵀ on the upper triangle. */
function symmetricRank2Update(a: Float64Array, n: number, from: number, v: number, w: Float64Array): void {
  let i = from;
  for (; i + 1 < n; i += 2) {
    const r0 = i * n;
    const r1 = r0 + n;
    const v0 = a[v + i];
    const v1 = a[v + i + 1];
    const w0 = w[i];
    const w1 = w[i + 1];
    a[r0 + i] -= 2 * v0 * w0;
    for (let j = i + 1; j < n; j++) {
      const vj = a[v + j];
      const wj = w[j];
      a[r0 + j] -= v0 * wj + w0 * vj;
      a[r1 + j] -= v1 * wj + w1 * vj;
    }
  }
  if (i < n) a[i * n + i] -= 2 * a[v + i] * w[i];
}

/** Q₂₂ ← (I − β v vᵀ) Q₂₂, through wᵀ = vᵀ Q₂₂ (w is scratch). */
function reflectRows(a: Float64Array, n: number, from: number, v: number, beta: number, w: Float64Array): void {
  w.fill(0, from, n);
  let i = from;
  for (; i + 1 < n; i += 2) {
    const r0 = i * n;
    const r1 = r0 + n;
    const v0 = a[v + i];
    const v1 = a[v + i + 1];
    for (let j = from; j < n; j++) w[j] += v0 * a[r0 + j] + v1 * a[r1 + j];
  }
  if (i < n) for (let j = from, vi = a[v + i], ri = i * n; j < n; j++) w[j] += vi * a[ri + j];
  for (i = from; i + 1 < n; i += 2) {
    const r0 = i * n;
    const r1 = r0 + n;
    const f0 = beta * a[v + i];
    const f1 = beta * a[v + i + 1];
    for (let j = from; j < n; j++) {
      const wj = w[j];
      a[r0 + j] -= f0 * wj;
      a[r1 + j] -= f1 * wj;
    }
  }
  if (i < n) for (let j = from, f = beta * a[v + i], ri = i * n; j < n; j++) a[ri + j] -= f * w[j];
}

/**
 * Reduces symmetric `a` (n×n row-major, overwritten) to tridiagonal form T = QᵀAQ with the
 * reflections H_k = I − β_k v_k v_kᵀ, k = 0…n−3, working on the upper triangle. Returns T's
 * diagonal d and off-diagonal e (e[i] couples i and i+1), and leaves Q = H_0⋯H_{n−3} in `a`.
 */
function tridiagonalise(a: Float64Array, n: number): { d: Float64Array; e: Float64Array } {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const beta = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    // x = column k below the diagonal = row k right of it (symmetry); v overwrites it in place.
    const rk = k * n;
    let scale = 0;
    for (let j = k + 1; j < n; j++) scale = Math.max(scale, Math.abs(a[rk + j]));
    d[k] = a[rk + k];
    if (scale === 0) {
      e[k] = 0;
      continue;
    }
    let norm2 = 0;
    for (let j = k + 1; j < n; j++) {
      a[rk + j] /= scale;
      norm2 += a[rk + j] * a[rk + j];
    }
    const x0 = a[rk + k + 1];
    const alpha = x0 >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2); // H x = alpha·e₁, sign chosen against cancellation
    e[k] = alpha * scale;
    a[rk + k + 1] = x0 - alpha; // v = x − alpha·e₁, and vᵀv = 2(norm2 − alpha·x0)
    const b = 1 / (norm2 - alpha * x0);
    beta[k] = b;
    symmetricTimesVector(a, n, k + 1, rk, p);
    // w = p − (β pᵀv / 2)·v, then A₂₂ ← A₂₂ − v wᵀ − w vᵀ (upper triangle).
    let pv = 0;
    for (let j = k + 1; j < n; j++) {
      p[j] *= b;
      pv += p[j] * a[rk + j];
    }
    const half = (b * pv) / 2;
    for (let j = k + 1; j < n; j++) p[j] -= half * a[rk + j];
    symmetricRank2Update(a, n, k + 1, rk, p);
  }
  if (n > 1) {
    d[n - 2] = a[(n - 2) * n + n - 2];
    e[n - 2] = a[(n - 2) * n + n - 1];
  }
  d[n - 1] = a[n * n - 1];
  e[n - 1] = 0;
  // Q = H_0⋯H_{n−3}, built backwards: H_k touches only rows and columns k+1… of the product of
  // the reflections after it. The vectors stay in rows 0…n−3, above the block being written.
  // Start from the identity in the last two rows and zeros below the diagonal (stale entries of
  // A); each row above is set once the reflection stored in it has been applied.
  const w = p;
  for (let i = 0; i < n; i++) a.fill(0, i * n, i >= n - 2 ? (i + 1) * n : i * n + i);
  for (let i = Math.max(0, n - 2); i < n; i++) a[i * n + i] = 1;
  for (let k = n - 3; k >= 0; k--) {
    const rk = k * n;
    const b = beta[k];
    if (b !== 0) {
      reflectRows(a, n, k + 1, rk, b, w);
    }
    a.fill(0, rk, rk + n);
    a[rk + k] = 1;
  }
  return { d, e };
}

/**
 * Applies the rotations j = hi−1 down to lo (cos[j], sin[j] mixing columns j and j+1) to every row
 * of z (n×n). A row's running value is carried from one rotation to the next; four rows at a time
 * give the processor four independent chains of that dependency.
 */
function rotateColumns(z: Float64Array, n: number, cos: Float64Array, sin: Float64Array, lo: number, hi: number): void {
  let k = 0;
  for (; k + 3 < n; k += 4) {
    const r0 = k * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    let c0 = z[r0 + hi];
    let c1 = z[r1 + hi];
    let c2 = z[r2 + hi];
    let c3 = z[r3 + hi];
    for (let j = hi - 1; j >= lo; j--) {
      const c = cos[j];
      const s = sin[j];
      const z0 = z[r0 + j];
      const z1 = z[r1 + j];
      const z2 = z[r2 + j];
      const z3 = z[r3 + j];
      z[r0 + j + 1] = s * z0 + c * c0;
      z[r1 + j + 1] = s * z1 + c * c1;
      z[r2 + j + 1] = s * z2 + c * c2;
      z[r3 + j + 1] = s * z3 + c * c3;
      c0 = c * z0 - s * c0;
      c1 = c * z1 - s * c1;
      c2 = c * z2 - s * c2;
      c3 = c * z3 - s * c3;
    }
    z[r0 + lo] = c0;
    z[r1 + lo] = c1;
    z[r2 + lo] = c2;
    z[r3 + lo] = c3;
  }
  for (; k < n; k++) {
    const rk = k * n;
    let carry = z[rk + hi];
    for (let j = hi - 1; j >= lo; j--) {
      const zj = z[rk + j];
      z[rk + j + 1] = sin[j] * zj + cos[j] * carry;
      carry = cos[j] * zj - sin[j] * carry;
    }
    z[rk + lo] = carry;
  }
}

/**
 * Eigenvalues and eigenvectors of the symmetric matrix `s` (n×n row-major, left unchanged):
 * S = Σ values[i] · vᵢvᵢᵀ with vᵢ row i of `vectors`, orthonormal.
 */
export function symmetricEigen(s: ArrayLike<number>, n: number): SymmetricEigen {
  // z starts as Q and ends with the eigenvectors as its columns (z[k·n + i] = component k of vector i).
  const z = Float64Array.from(s);
  const { d, e } = tridiagonalise(z, n);
  // One sweep's rotations (cosines and sines by index), applied to z after the sweep.
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
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
        const f = s1 * e[i];
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
        cos[i] = c;
        sin[i] = s1;
      }
      rotateColumns(z, n, cos, sin, i + 1, m);
      if (r === 0 && i >= l) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[y] - d[x]);
  const values = Float64Array.from(order, (from) => d[from]);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let to = 0; to < n; to++) vectors[to * n + k] = z[rk + order[to]];
  }
  return { values, vectors };
}
