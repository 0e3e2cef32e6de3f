// Truncated singular value decomposition A ≈ U·diag(s)·Vᵀ of a dense row-major matrix, and the
// two thin factors of the best rank-k approximation (Eckart–Young).
import { seededRandom } from '../random';
import { engineProduct, orthonormaliseColumns, transpose, type MatrixProduct } from '../linalg';

export { engineProduct, type MatrixProduct };
import { symmetricEigen } from './symmetricEigen';
import { orthonormaliseByProduct } from './orthonormalise';

export interface Svd {
  rows: number;
  cols: number;
  /** k = the number of singular triplets kept. */
  rank: number;
  /** rows×k, row-major, orthonormal columns. */
  u: Float64Array;
  /** k singular values, descending. */
  s: Float64Array;
  /** k×cols, row-major, orthonormal rows. */
  vt: Float64Array;
}

export interface SvdOptions {
  /**
   * 'exact' decomposes the whole matrix; 'randomized' finds the top `rank` directions with a
   * randomised range finder (Halko, Martinsson & Tropp 2011) and decomposes only that subspace;
   * 'auto' (default) is randomized when rank + oversampling is under half of min(rows, cols).
   */
  method?: 'auto' | 'exact' | 'randomized';
  /** Extra random directions beyond `rank` (default 10). */
  oversampling?: number;
  /** Power iterations (AAᵀ)^q that sharpen a slowly decaying spectrum (default 2). */
  powerIterations?: number;
  seed?: number;
  /**
   * The matrix product behind the Gram matrix, A·V and the range finder (where the time goes for
   * large layers). Default: the engine's float64 loops. A caller with a faster kernel (tfjs in the
   * worker) passes its own; the small eigen-problem always stays in float64 here.
   */
  product?: MatrixProduct;
}

/**
 * Exact SVD of A (m×n, m ≥ n) through the eigenvectors V of the Gram matrix AᵀA: U = AV, and the
 * column norms of AV are the singular values. Measuring s as ‖Avᵢ‖ (not √λᵢ) keeps A = UΣVᵀ exact
 * to rounding because V is orthogonal. Returns full rank n.
 */
function exactTall(a: Float64Array, m: number, n: number, product: MatrixProduct): Svd {
  const { vectors } = symmetricEigen(product(a, a, n, m, n, { a: true }), n);
  const av = product(a, vectors, m, n, n, { b: true }); // column i = A·vᵢ (vectors holds the vᵢ as rows)
  const norms = new Float64Array(n);
  for (let r = 0; r < m; r++) for (let j = 0; j < n; j++) norms[j] += av[r * n + j] ** 2;
  for (let j = 0; j < n; j++) norms[j] = Math.sqrt(norms[j]);
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => norms[y] - norms[x]);
  const s = Float64Array.from(order, (j) => norms[j]);
  const u = new Float64Array(m * n);
  const vt = new Float64Array(n * n);
  const tiny = (s[0] || 1) * 1e-9;
  order.forEach((from, to) => {
    vt.set(vectors.subarray(from * n, from * n + n), to * n);
    const inv = s[to] > tiny ? 1 / s[to] : 0;
    for (let r = 0; r < m; r++) u[r * n + to] = av[r * n + from] * inv;
  });
  // Directions with (numerically) zero singular value carry no information in AV: give them
  // arbitrary unit vectors orthogonal to the rest, so U keeps orthonormal columns.
  if (s[n - 1] <= tiny) {
    const random = seededRandom(7);
    for (let j = 0; j < n; j++) if (s[j] <= tiny) for (let r = 0; r < m; r++) u[r * n + j] = random() - 0.5;
    orthonormaliseColumns(u, m, n);
  }
  return { rows: m, cols: n, rank: n, u, s, vt };
}

/** The first k singular triplets of `svd`. */
export function truncateSvd(svd: Svd, k: number): Svd {
  if (k === svd.rank) return svd;
  const u = new Float64Array(svd.rows * k);
  for (let r = 0; r < svd.rows; r++) u.set(svd.u.subarray(r * svd.rank, r * svd.rank + k), r * k);
  return { rows: svd.rows, cols: svd.cols, rank: k, u, s: svd.s.slice(0, k), vt: svd.vt.slice(0, k * svd.cols) };
}

/** Swaps the roles of U and V: the SVD of Aᵀ from the SVD of A. */
function transposeSvd(svd: Svd): Svd {
  return {
    rows: svd.cols, cols: svd.rows, rank: svd.rank, s: svd.s,
    u: transpose(svd.vt, svd.rank, svd.cols), vt: transpose(svd.u, svd.rows, svd.rank),
  };
}

/** Randomised SVD of A (m×n, m ≥ n) keeping l directions: Q = orth((AAᵀ)^q A Ω), then the SVD of QᵀA. */
function randomizedTall(a: Float64Array, m: number, n: number, l: number, powerIterations: number, seed: number, product: MatrixProduct): Svd {
  const random = seededRandom(seed);
  // Sums of uniforms are close enough to Gaussian for a range finder; what matters is independence.
  const omega = Float64Array.from({ length: n * l }, () => random() + random() + random() - 1.5);
  // Aᵀ once, so every product below is a plain one (tfjs-wasm runs a transposed operand far slower).
  const at = transpose(a, m, n);
  const q = product(a, omega, m, n, l);
  orthonormaliseByProduct(q, m, l, product);
  for (let i = 0; i < powerIterations; i++) {
    const z = product(at, q, n, m, l); // Aᵀ Q, n×l
    orthonormaliseByProduct(z, n, l, product);
    q.set(product(a, z, m, n, l));
    orthonormaliseByProduct(q, m, l, product);
  }
  // B = QᵀA is l×n; decompose Bᵀ = AᵀQ (n×l, tall) exactly: Bᵀ = Ub·S·Vbᵀ, so A ≈ Q·B = (Q·Vb)·S·Ubᵀ.
  const bt = product(at, q, n, m, l);
  const small = exactTall(bt, n, l, product);
  return { rows: m, cols: n, rank: l, u: product(q, transpose(small.vt, l, l), m, l, l), s: small.s, vt: transpose(small.u, n, l) };
}

/**
 * The rank-k truncated SVD A ≈ U·diag(s)·Vᵀ of `a` (rows×cols, row-major, float32 or float64).
 * k = `rank` (default min(rows, cols)); u is rows×k, s descending, vt k×cols, all float64.
 * By Eckart–Young, U·diag(s)·Vᵀ is the best rank-k approximation in the Frobenius norm, with
 * error √(Σ of the dropped sᵢ²).
 */
export function truncatedSvd(a: ArrayLike<number>, rows: number, cols: number, rank?: number, options: SvdOptions = {}): Svd {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) throw new Error(`truncatedSvd: shape ${rows}×${cols} must be positive integers`);
  if (a.length !== rows * cols) throw new Error(`truncatedSvd: ${a.length} values for a ${rows}×${cols} matrix`);
  const full = Math.min(rows, cols);
  const k = rank ?? full;
  if (!Number.isInteger(k) || k < 1 || k > full) throw new Error(`truncatedSvd: rank must be an integer from 1 to ${full}, got ${rank}`);
  const { method = 'auto', oversampling = 10, powerIterations = 2, seed = 1, product = engineProduct } = options;
  const l = Math.min(full, k + oversampling);
  const randomized = method === 'randomized' || (method === 'auto' && l < full / 2);
  const tall = rows >= cols;
  // One array type inside keeps the hot loops monomorphic (float32 input would make them slower).
  const source = tall ? new Float64Array(a) : transpose(a, rows, cols);
  const [m, n] = tall ? [rows, cols] : [cols, rows];
  const svd = randomized ? randomizedTall(source, m, n, l, powerIterations, seed, product) : exactTall(source, m, n, product);
  const kept = truncateSvd(svd, k);
  return tall ? kept : transposeSvd(kept);
}

export interface LowRankFactors {
  rank: number;
  /** rows×k, row-major: U·diag(√s). */
  left: Float64Array;
  /** k×cols, row-major: diag(√s)·Vᵀ. left·right is the best rank-k approximation. */
  right: Float64Array;
}

/** The two factors of the rank-k approximation held in `svd` (its first k triplets), √s in each. */
export function factorsFromSvd(svd: Svd, k: number): LowRankFactors {
  if (!Number.isInteger(k) || k < 1 || k > svd.rank) throw new Error(`rank must be an integer from 1 to ${svd.rank}, got ${k}`);
  const root = Float64Array.from(svd.s.subarray(0, k), Math.sqrt);
  const left = new Float64Array(svd.rows * k);
  for (let r = 0; r < svd.rows; r++) for (let j = 0; j < k; j++) left[r * k + j] = svd.u[r * svd.rank + j] * root[j];
  const right = new Float64Array(k * svd.cols);
  for (let j = 0; j < k; j++) for (let c = 0; c < svd.cols; c++) right[j * svd.cols + c] = svd.vt[j * svd.cols + c] * root[j];
  return { rank: k, left, right };
}

/**
 * The two factors (rows×k and k×cols) of the best rank-k approximation of `a` (rows×cols,
 * row-major), ready to become two Dense layers: x·A ≈ (x·left)·right.
 */
export function lowRankFactors(a: ArrayLike<number>, rows: number, cols: number, rank: number, options?: SvdOptions): LowRankFactors {
  return factorsFromSvd(truncatedSvd(a, rows, cols, rank, options), rank);
}

/** left·right (rows×cols) from two factors. */
export function multiplyFactors(f: LowRankFactors, rows: number, cols: number, product: MatrixProduct = engineProduct): Float64Array {
  return product(f.left, f.right, rows, f.rank, cols);
}

/** Parameters of a rows×cols matrix replaced by rank-k factors: k·(rows + cols). */
export function lowRankParams(rows: number, cols: number, k: number): number {
  return k * (rows + cols);
}

/** The largest rank whose factors hold fewer values than the full matrix: k·(m+n) < m·n. */
export function largestSavingRank(rows: number, cols: number): number {
  return Math.ceil((rows * cols) / (rows + cols)) - 1;
}

/** The Eckart–Young error √(Σ_{i ≥ k} sᵢ²) of keeping the first k of the singular values `s`. */
export function truncationError(s: ArrayLike<number>, k: number): number {
  let sum = 0;
  for (let i = k; i < s.length; i++) sum += s[i] * s[i];
  return Math.sqrt(sum);
}
