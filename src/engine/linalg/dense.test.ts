import { describe, expect, it } from 'vitest';
import { checkShape, engineProduct, gram, matMul, matMulTransposedB, transpose } from './dense';

describe('dense matrices', () => {
  const a = [1, 2, 3, 4, 5, 6]; // 2 × 3
  const b = [7, 8, 9, 10, 11, 12]; // 3 × 2

  it('multiplies by hand-computed values, and Aᵀ·B through either path', () => {
    expect(Array.from(matMul(a, b, 2, 3, 2))).toEqual([58, 64, 139, 154]);
    // A (2 × 3) · Bᵀ with B given as its transpose (2 × 3).
    expect(Array.from(matMulTransposedB(a, transpose(b, 3, 2), 2, 3, 2))).toEqual([58, 64, 139, 154]);
    expect(Array.from(gram(a, 2, 3))).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
  });

  it('the blocked product equals the textbook triple loop on odd and even shapes, in every transpose case', () => {
    const random = (length: number, seed: number) => Float64Array.from({ length }, (_, i) => Math.sin(seed * 97 + i * 13.7));
    const naive = (x: ArrayLike<number>, y: ArrayLike<number>, m: number, k: number, n: number) => {
      const c = new Float64Array(m * n);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += x[i * k + p] * y[p * n + j];
        c[i * n + j] = sum;
      }
      return c;
    };
    for (const [m, k, n] of [[1, 1, 1], [5, 3, 7], [4, 6, 2], [7, 7, 7], [1, 9, 4]]) {
      const x = random(m * k, m);
      const y = random(k * n, n);
      const expected = Array.from(naive(x, y, m, k, n));
      expect(Array.from(engineProduct(x, y, m, k, n))).toEqual(expected);
      expect(Array.from(engineProduct(transpose(x, m, k), y, m, k, n, { a: true }))).toEqual(expected);
      expect(Array.from(engineProduct(x, transpose(y, k, n), m, k, n, { b: true }))).toEqual(expected);
      expect(Array.from(engineProduct(transpose(x, m, k), transpose(y, k, n), m, k, n, { a: true, b: true }))).toEqual(expected);
      // The Gram matrix computes half and mirrors it.
      expect(Array.from(engineProduct(x, x, k, m, k, { a: true }))).toEqual(Array.from(naive(transpose(x, m, k), x, k, m, k)));
    }
  });

  it('transposes keeping float32 as float32 and giving float64 otherwise', () => {
    const t32 = transpose(Float32Array.from(a), 2, 3);
    expect(t32).toBeInstanceOf(Float32Array);
    expect(Array.from(t32)).toEqual([1, 4, 2, 5, 3, 6]);
    expect(transpose(a, 2, 3)).toBeInstanceOf(Float64Array);
    expect(Array.from(transpose(transpose(a, 2, 3), 3, 2))).toEqual(a);
  });

  it('names the function and the shapes when they do not fit', () => {
    expect(() => matMul(a, b, 3, 3, 2)).toThrow('matMul (left): a 3 × 3 matrix holds 9 values, got 6');
    expect(() => checkShape('x', 6, 0, 6)).toThrow('rows and cols must be whole numbers ≥ 1 (got 0 × 6)');
  });
});
