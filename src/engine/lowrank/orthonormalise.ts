// Orthonormalising the columns of a tall matrix through an injected matrix product, for the
// randomized SVD's range finder: CholeskyQR2 (Fukaya et al. 2014, "CholeskyQR2: a simple and
// communication-avoiding algorithm for computing a tall-skinny QR factorization"). Its work is
// two Gram matrices and two products, which a fast kernel (tfjs in the worker) runs; the l×l
// Cholesky factorisations stay in float64 here.
import { choleskyLower, invertLower, orthonormaliseColumns, transpose } from '../linalg';
import type { MatrixProduct } from './svd';

/**
 * A Cholesky pivot below this fraction of its column's squared norm (sin² of the angle between the
 * column and the span of the ones before it) means the columns are too close to dependent for a
 * Gram matrix formed in float32 (relative error about 1e-6 for a thousand rows): such a matrix
 * goes to Gram–Schmidt instead.
 */
const MIN_PIVOT_FRACTION = 1e-4;

/** Q ← Q·L⁻ᵀ with G = QᵀQ = L·Lᵀ; false (Q untouched) when a pivot is too small to trust. */
function choleskyPass(q: Float64Array, m: number, n: number, product: MatrixProduct): boolean {
  const g = product(transpose(q, m, n), q, n, m, n);
  let l: Float64Array;
  try {
    l = choleskyLower(g, n);
  } catch {
    return false; // not positive definite in the precision of the product
  }
  for (let j = 0; j < n; j++) if (!(l[j * n + j] ** 2 > MIN_PIVOT_FRACTION * g[j * n + j])) return false;
  q.set(product(q, transpose(invertLower(l, n), n, n), m, n, n));
  return true;
}

/**
 * Orthonormalises the columns of Q (m×n, row-major, m ≥ n) in place: two Cholesky passes through
 * `product` (the second removes what rounding left of the first), or modified Gram–Schmidt in
 * float64 when the columns are nearly dependent.
 */
export function orthonormaliseByProduct(q: Float64Array, m: number, n: number, product: MatrixProduct): void {
  const original = q.slice();
  if (choleskyPass(q, m, n, product) && choleskyPass(q, m, n, product)) return;
  q.set(original);
  orthonormaliseColumns(q, m, n);
}
