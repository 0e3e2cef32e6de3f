import { describe, expect, it } from 'vitest';
import { checkShape, gram, matMul, matMulTransposedA, transpose } from './dense';

describe('dense matrices', () => {
  const a = [1, 2, 3, 4, 5, 6]; // 2 × 3
  const b = [7, 8, 9, 10, 11, 12]; // 3 × 2

  it('multiplies by hand-computed values, and Aᵀ·B through either path', () => {
    expect(Array.from(matMul(a, b, 2, 3, 2))).toEqual([58, 64, 139, 154]);
    // Aᵀ (3 × 2) · A (2 × 3) = the Gram matrix of A.
    expect(Array.from(matMulTransposedA(a, a, 2, 3, 3))).toEqual(Array.from(gram(a, 2, 3)));
    expect(Array.from(gram(a, 2, 3))).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
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
