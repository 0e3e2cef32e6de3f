import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { orthonormaliseByProduct } from './orthonormalise';
import { engineProduct, type MatrixProduct } from './svd';

/** Largest |QᵀQ − I| over the n columns of Q (m×n row-major). */
function orthonormalityError(q: Float64Array, m: number, n: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let dot = 0;
    for (let r = 0; r < m; r++) dot += q[r * n + i] * q[r * n + j];
    worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
  }
  return worst;
}

/** Largest |Q·(QᵀX) − X|: X's columns lie in the span of Q's. */
function outsideSpan(q: Float64Array, x: Float64Array, m: number, n: number): number {
  const coefficients = engineProduct(q, x, n, m, n, { a: true });
  const back = engineProduct(q, coefficients, m, n, n);
  return back.reduce((worst, v, i) => Math.max(worst, Math.abs(v - x[i])), 0);
}

function randomTall(m: number, n: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: m * n }, () => random() - 0.5);
}

describe('orthonormaliseByProduct', () => {
  it('gives orthonormal columns spanning the same space, with only the product doing the m-sized work', () => {
    const x = randomTall(200, 30, 4);
    const q = x.slice();
    let calls = 0;
    orthonormaliseByProduct(q, 200, 30, (a, b, m, k, n, t) => { calls++; return engineProduct(a, b, m, k, n, t); });
    expect(calls).toBe(4);
    expect(orthonormalityError(q, 200, 30)).toBeLessThan(1e-13);
    expect(outsideSpan(q, x, 200, 30)).toBeLessThan(1e-12);
  });

  it('with float32 products still gives orthonormal columns to float32 rounding', () => {
    const round = (x: Float64Array) => Float64Array.from(Float32Array.from(x));
    const float32: MatrixProduct = (a, b, m, k, n, t) => round(engineProduct(round(a), round(b), m, k, n, t));
    const q = randomTall(500, 40, 6);
    orthonormaliseByProduct(q, 500, 40, float32);
    expect(orthonormalityError(q, 500, 40)).toBeLessThan(1e-5);
  });

  it('falls back to Gram–Schmidt when two columns are nearly the same, and still spans them', () => {
    const x = randomTall(100, 6, 8);
    for (let r = 0; r < 100; r++) x[r * 6 + 5] = x[r * 6 + 4] * (1 + 1e-7) + 1e-9 * r; // column 5 ≈ column 4
    const q = x.slice();
    let calls = 0;
    orthonormaliseByProduct(q, 100, 6, (a, b, m, k, n, t) => { calls++; return engineProduct(a, b, m, k, n, t); });
    expect(calls).toBe(1); // the first Gram matrix showed the tiny pivot; nothing was multiplied
    expect(orthonormalityError(q, 100, 6)).toBeLessThan(1e-10);
    expect(outsideSpan(q, x, 100, 6)).toBeLessThan(1e-10);
  });
});
