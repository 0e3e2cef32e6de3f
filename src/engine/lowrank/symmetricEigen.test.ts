import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { symmetricEigen } from './symmetricEigen';

/** Q·diag(λ)·Qᵀ with Q a Householder reflection I − 2vvᵀ/vᵀv. */
function withEigenvalues(values: number[], seed: number): Float64Array {
  const n = values.length;
  const random = seededRandom(seed);
  const v = Float64Array.from({ length: n }, () => random() - 0.5);
  const norm2 = v.reduce((t, x) => t + x * x, 0);
  const q = (i: number, j: number) => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / norm2;
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let t = 0; t < n; t++) sum += q(i, t) * values[t] * q(j, t);
    s[i * n + j] = sum;
  }
  return s;
}

describe('symmetricEigen', () => {
  it('decomposes a matrix whose eigenvalues span 25 to 10⁻²⁸ (most of them rounding noise)', () => {
    const n = 200;
    const values = Array.from({ length: n }, (_, i) => 25 * Math.exp(-i / 3));
    const s = withEigenvalues(values, 2);
    const { values: found, vectors } = symmetricEigen(s, n);
    for (let i = 0; i < 10; i++) expect(found[i] / values[i]).toBeCloseTo(1, 10);
    let worst = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let back = 0;
      let dot = 0;
      for (let t = 0; t < n; t++) {
        back += vectors[t * n + i] * found[t] * vectors[t * n + j];
        dot += vectors[i * n + t] * vectors[j * n + t];
      }
      expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-12);
      worst = Math.max(worst, Math.abs(back - s[i * n + j]));
    }
    expect(worst / values[0]).toBeLessThan(1e-13);
  });

  /** Largest |S − VᵀΛV| and |VVᵀ − I| (vectors as rows). */
  function residuals(s: ArrayLike<number>, n: number) {
    const { values, vectors } = symmetricEigen(s, n);
    let back = 0;
    let orth = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let b = 0;
      let d = 0;
      for (let t = 0; t < n; t++) {
        b += vectors[t * n + i] * values[t] * vectors[t * n + j];
        d += vectors[i * n + t] * vectors[j * n + t];
      }
      back = Math.max(back, Math.abs(b - s[i * n + j]));
      orth = Math.max(orth, Math.abs(d - (i === j ? 1 : 0)));
    }
    return { values, back, orth };
  }

  it.each([1, 2, 3, 4, 5, 8, 31])('decomposes a random symmetric %i×%i matrix (odd and even sizes, the last rows on their own)', (n) => {
    const random = seededRandom(n);
    const s = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) s[i * n + j] = s[j * n + i] = random() * 2 - 1;
    const { values, back, orth } = residuals(s, n);
    expect(back).toBeLessThan(1e-13);
    expect(orth).toBeLessThan(1e-13);
    for (let i = 1; i < n; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
  });

  it('handles columns that need no reflection: a diagonal, a zero and a tridiagonal matrix', () => {
    const diagonal = [3, 0, 0, 0, -1, 0, 0, 0, 2];
    expect(Array.from(residuals(diagonal, 3).values)).toEqual([3, 2, -1]);
    const zero = residuals(new Float64Array(16), 4);
    expect(Array.from(zero.values)).toEqual([0, 0, 0, 0]);
    expect(zero.orth).toBe(0);
    // [[2, 1, 0], [1, 2, 1], [0, 1, 2]]: eigenvalues 2 + √2, 2, 2 − √2.
    const t = residuals([2, 1, 0, 1, 2, 1, 0, 1, 2], 3);
    [2 + Math.SQRT2, 2, 2 - Math.SQRT2].forEach((v, i) => expect(t.values[i]).toBeCloseTo(v, 14));
    expect(t.back).toBeLessThan(1e-14);
    expect(t.orth).toBeLessThan(1e-14);
  });
});
