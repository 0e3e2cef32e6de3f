import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { engineProduct, largestSavingRank, lowRankFactors, lowRankParams, multiplyFactors, truncatedSvd, truncationError, type MatrixProduct, type Svd } from './svd';

function randomMatrix(rows: number, cols: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: rows * cols }, () => random() * 2 - 1);
}

/** A matrix with known singular values: Q1·diag(s)·Q2ᵀ with Q1, Q2 from Householder reflections. */
function matrixWithSpectrum(rows: number, cols: number, s: number[], seed: number): Float64Array {
  const random = seededRandom(seed);
  const reflect = (n: number) => {
    const v = Float64Array.from({ length: n }, () => random() - 0.5);
    const norm2 = v.reduce((t, x) => t + x * x, 0);
    return (i: number, j: number) => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / norm2;
  };
  const h1 = reflect(rows);
  const h2 = reflect(cols);
  const a = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let t = 0; t < s.length; t++) sum += h1(i, t) * s[t] * h2(j, t);
    a[i * cols + j] = sum;
  }
  return a;
}

function reconstruct(svd: Svd): Float64Array {
  const { rows, cols, rank, u, s, vt } = svd;
  const a = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let t = 0; t < rank; t++) {
    const w = u[i * rank + t] * s[t];
    for (let j = 0; j < cols; j++) a[i * cols + j] += w * vt[t * cols + j];
  }
  return a;
}

const frobenius = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((t, x) => t + x * x, 0));
const difference = (a: ArrayLike<number>, b: ArrayLike<number>) => frobenius(Array.from(a, (x, i) => x - b[i]));

/** Largest |XᵀX − I| over the k columns of X (n×k row-major). */
function orthonormalityError(x: Float64Array, n: number, k: number): number {
  let worst = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let dot = 0;
    for (let r = 0; r < n; r++) dot += x[r * k + i] * x[r * k + j];
    worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
  }
  return worst;
}

describe('truncatedSvd', () => {
  it('finds the singular values 5 and 3 of a hand-worked 2×2 matrix', () => {
    // [[4, 0], [3, -5]]: AᵀA = [[25, -15], [-15, 25]], eigenvalues 40 and 10 → s = √40, √10.
    const { s } = truncatedSvd([4, 0, 3, -5], 2, 2);
    expect(s[0]).toBeCloseTo(Math.sqrt(40), 12);
    expect(s[1]).toBeCloseTo(Math.sqrt(10), 12);
  });

  it.each([[30, 12], [12, 30], [25, 25]])('gives orthonormal U and V and A = UΣVᵀ to 1e-10 for a %i×%i matrix', (rows, cols) => {
    const a = randomMatrix(rows, cols, rows * 31 + cols);
    const svd = truncatedSvd(a, rows, cols);
    const k = Math.min(rows, cols);
    expect(svd.u.length).toBe(rows * k);
    expect(svd.vt.length).toBe(k * cols);
    expect(orthonormalityError(svd.u, rows, k)).toBeLessThan(1e-10);
    expect(orthonormalityError(Float64Array.from({ length: cols * k }, (_, i) => svd.vt[(i % k) * cols + Math.floor(i / k)]), cols, k)).toBeLessThan(1e-10);
    expect(difference(reconstruct(svd), a) / frobenius(a)).toBeLessThan(1e-10);
    for (let i = 1; i < k; i++) expect(svd.s[i]).toBeLessThanOrEqual(svd.s[i - 1]);
  });

  it('recovers a prescribed spectrum', () => {
    const spectrum = [9, 4, 2.5, 1, 0.5, 0.01];
    const svd = truncatedSvd(matrixWithSpectrum(20, 8, spectrum, 3), 20, 8);
    spectrum.forEach((v, i) => expect(svd.s[i]).toBeCloseTo(v, 10));
    expect(svd.s[6]).toBeLessThan(1e-10);
    expect(orthonormalityError(svd.u, 20, 8)).toBeLessThan(1e-10);
  });

  it('meets the Eckart–Young error: ‖A − A_k‖_F = √(Σ dropped s²)', () => {
    const a = randomMatrix(40, 18, 5);
    const full = truncatedSvd(a, 40, 18);
    for (const k of [1, 5, 12]) {
      const approx = reconstruct(truncatedSvd(a, 40, 18, k, { method: 'exact' }));
      expect(difference(approx, a)).toBeCloseTo(truncationError(full.s, k), 10);
    }
  });

  it('randomized: matches the exact top singular values of a decaying spectrum', () => {
    const spectrum = Array.from({ length: 60 }, (_, i) => Math.exp(-i / 6));
    const a = matrixWithSpectrum(90, 60, spectrum, 9);
    const svd = truncatedSvd(a, 90, 60, 8, { method: 'randomized' });
    expect(svd.rank).toBe(8);
    for (let i = 0; i < 8; i++) expect(svd.s[i] / spectrum[i]).toBeCloseTo(1, 8);
    expect(orthonormalityError(svd.u, 90, 8)).toBeLessThan(1e-10);
    expect(difference(reconstruct(svd), a)).toBeCloseTo(truncationError(spectrum, 8), 6);
  });

  it('randomized (chosen by default for a small rank): top-16 singular values within 1e-6 of the full SVD', () => {
    const spectrum = Array.from({ length: 200 }, (_, i) => 5 * Math.exp(-i / 6));
    const a = matrixWithSpectrum(300, 200, spectrum, 21);
    const full = truncatedSvd(a, 300, 200, 200, { method: 'exact' });
    let calls = 0;
    const counted: MatrixProduct = (...args) => { calls++; return engineProduct(...args); };
    const top = truncatedSvd(a, 300, 200, 16, { product: counted, seed: 5 });
    expect(calls).toBeGreaterThan(2); // the range finder ran, not the exact path's two products
    for (let i = 0; i < 16; i++) expect(Math.abs(top.s[i] - full.s[i]) / full.s[i]).toBeLessThan(1e-6);
    expect(orthonormalityError(top.u, 300, 16)).toBeLessThan(1e-10);
    expect(difference(reconstruct(top), a) / truncationError(full.s, 16)).toBeLessThan(1 + 1e-6);
  });

  it('randomized on a wide float32 matrix: within 1 % of the optimal error', () => {
    const a = Float32Array.from(randomMatrix(50, 120, 11));
    const exact = truncatedSvd(a, 50, 120);
    const fast = truncatedSvd(a, 50, 120, 10, { method: 'randomized' });
    expect(fast.u.length).toBe(50 * 10);
    expect(fast.vt.length).toBe(10 * 120);
    expect(difference(reconstruct(fast), a) / truncationError(exact.s, 10)).toBeLessThan(1.01);
  });

  it('answers a bad rank or shape with a message', () => {
    expect(() => truncatedSvd([1, 2, 3, 4], 2, 2, 0)).toThrow(/rank must be an integer from 1 to 2/);
    expect(() => truncatedSvd([1, 2, 3, 4], 2, 2, 3)).toThrow(/from 1 to 2, got 3/);
    expect(() => truncatedSvd([1, 2, 3], 2, 2)).toThrow(/3 values for a 2×2/);
  });
});

describe('lowRankFactors', () => {
  it('gives rows×k and k×cols factors with √s in each, whose product is the rank-k approximation', () => {
    const a = randomMatrix(15, 9, 2);
    const f = lowRankFactors(a, 15, 9, 4, { method: 'exact' });
    expect(f.left.length).toBe(15 * 4);
    expect(f.right.length).toBe(4 * 9);
    const svd = truncatedSvd(a, 15, 9, 4, { method: 'exact' });
    expect(difference(multiplyFactors(f, 15, 9), reconstruct(svd))).toBeLessThan(1e-12);
    // Column j of left and row j of right both have norm √s_j.
    for (let j = 0; j < 4; j++) {
      let left = 0;
      for (let r = 0; r < 15; r++) left += f.left[r * 4 + j] ** 2;
      expect(left).toBeCloseTo(svd.s[j], 10);
      expect(frobenius(f.right.subarray(j * 9, j * 9 + 9)) ** 2).toBeCloseTo(svd.s[j], 10);
    }
  });

  it('counts parameters: rank 32 of 784×300 holds 34,688 values; the largest saving rank of 1200×1200 is 599', () => {
    expect(lowRankParams(784, 300, 32)).toBe(34_688);
    expect(largestSavingRank(1200, 1200)).toBe(599);
    expect(largestSavingRank(784, 300)).toBe(216);
    expect(lowRankParams(784, 300, 216)).toBeLessThan(784 * 300);
    expect(lowRankParams(784, 300, 217)).toBeGreaterThanOrEqual(784 * 300);
  });
});

describe('an injected matrix product', () => {
  it('carries every large product of the exact and the randomized SVD, and float32 products still give the decomposition', () => {
    const calls: string[] = [];
    // A product in float32 arithmetic (as tfjs's), with the engine's loops: every input and output rounded.
    const float32: MatrixProduct = (a, b, m, k, n, t) => {
      calls.push(`${m}×${k}·${k}×${n}`);
      const round = (x: Float64Array) => Float64Array.from(Float32Array.from(x));
      return round(engineProduct(round(a), round(b), m, k, n, t));
    };
    const a = randomMatrix(60, 40, 11);
    const exact = truncatedSvd(a, 60, 40, 40, { method: 'exact', product: float32 });
    expect(calls).toEqual(['40×60·60×40', '60×40·40×40']);
    expect(difference(reconstruct(exact), a) / frobenius(a)).toBeLessThan(1e-5);
    calls.length = 0;
    const top = truncatedSvd(a, 60, 40, 5, { method: 'randomized', product: float32 });
    // AΩ, 2 power iterations of two products, AᵀQ, the small exact SVD's two, Q·Vb; and four for
    // each of the 5 orthonormalisations (two CholeskyQR passes of a Gram matrix and a product).
    expect(calls.length).toBe(1 + 2 * 2 + 1 + 2 + 1 + 5 * 4);
    const reference = truncatedSvd(a, 60, 40, 5, { method: 'randomized' });
    for (let i = 0; i < 5; i++) expect(top.s[i]).toBeCloseTo(reference.s[i], 4);
  });
});
