import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csrFromDense, csrMatMul, csrToDense, csrTranspose } from './csr';

function denseMatMul(a: Float32Array, rows: number, inner: number, b: Float32Array, cols: number): Float64Array {
  const c = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let k = 0; k < inner; k++) s += a[i * inner + k] * b[k * cols + j];
      c[i * cols + j] = s;
    }
  return c;
}

const sparseMatrix = fc
  .record({ rows: fc.integer({ min: 0, max: 7 }), cols: fc.integer({ min: 0, max: 7 }), seed: fc.nat() })
  .chain(({ rows, cols }) =>
    fc.record({
      rows: fc.constant(rows),
      cols: fc.constant(cols),
      values: fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.float({ min: -4, max: 4, noNaN: true })), { minLength: rows * cols, maxLength: rows * cols }),
    }),
  );

describe('CSR', () => {
  it('stores a hand-worked matrix as values, column indices and row pointers', () => {
    const m = csrFromDense(Float32Array.of(0, 2, 0, 0, 0, 0, 3, 0, 4), 3, 3);
    expect(Array.from(m.values)).toEqual([2, 3, 4]);
    expect(Array.from(m.colIndex)).toEqual([1, 0, 2]);
    expect(Array.from(m.rowPtr)).toEqual([0, 1, 1, 3]);
  });

  it('round-trips any matrix through csrToDense', () => {
    fc.assert(
      fc.property(sparseMatrix, ({ rows, cols, values }) => {
        const dense = Float32Array.from(values, (v) => (v === 0 ? 0 : v)); // −0 counts as zero
        expect(csrToDense(csrFromDense(dense, rows, cols))).toEqual(dense);
      }),
    );
  });

  it('multiplies like a plain dense matmul on random sparse matrices', () => {
    fc.assert(
      fc.property(sparseMatrix, fc.integer({ min: 0, max: 5 }), fc.nat(), ({ rows, cols, values }, denseCols, seed) => {
        const a = Float32Array.from(values);
        const b = Float32Array.from({ length: cols * denseCols }, (_, i) => Math.sin(seed + i));
        const product = csrMatMul(csrFromDense(a, rows, cols), b, denseCols);
        const expected = denseMatMul(a, rows, cols, b, denseCols);
        expect(product.length).toBe(expected.length);
        expected.forEach((v, i) => expect(product[i]).toBeCloseTo(v, 4));
      }),
    );
  });

  it('transposes a hand-worked matrix', () => {
    // [[0, 2, 0], [5, 0, 0]] → [[0, 5], [2, 0], [0, 0]]
    const t = csrTranspose(csrFromDense(Float32Array.of(0, 2, 0, 5, 0, 0), 2, 3));
    expect([t.rows, t.cols]).toEqual([3, 2]);
    expect(Array.from(t.rowPtr)).toEqual([0, 1, 2, 2]);
    expect(Array.from(t.colIndex)).toEqual([1, 0]);
    expect(Array.from(t.values)).toEqual([5, 2]);
  });

  it('transposes any matrix into the CSR form of its transpose', () => {
    fc.assert(
      fc.property(sparseMatrix, ({ rows, cols, values }) => {
        const dense = Float32Array.from(values);
        const transposed = Float32Array.from({ length: rows * cols }, (_, i) => dense[(i % rows) * cols + Math.floor(i / rows)]);
        expect(csrTranspose(csrFromDense(dense, rows, cols))).toEqual(csrFromDense(transposed, cols, rows));
      }),
    );
  });

  it('rejects mismatched sizes', () => {
    expect(() => csrFromDense(new Float32Array(5), 2, 3)).toThrow(/2 × 3 needs 6 values, got 5/);
    const m = csrFromDense(new Float32Array(6), 2, 3);
    expect(() => csrMatMul(m, new Float32Array(4), 2)).toThrow(/dense operand of 3 × 2 needs 6 values, got 4/);
  });
});
