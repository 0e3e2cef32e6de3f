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
});
