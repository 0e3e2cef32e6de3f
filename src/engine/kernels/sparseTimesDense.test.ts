import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWat, wasmSource } from '../../../scripts/build-wasm';
import { csrFromDense } from '../prune/csr';
import { seededRandom } from '../random';
import { sparseProduct, sparseTimesDense } from './sparseTimesDense';

/** A rows × inner matrix with about `density` of its entries non-zero. */
function sparseMatrix(rows: number, inner: number, density: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: rows * inner }, () => (random() < density ? Math.fround(random() * 2 - 1) : 0));
}

function denseMatrix(length: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length }, () => Math.fround(random() - 0.5));
}

/** A · B + bias in double precision, straight from the definition. */
function reference(a: Float32Array, b: Float32Array, bias: Float32Array, rows: number, inner: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    let s = bias[c];
    for (let k = 0; k < inner; k++) s += a[r * inner + k] * b[k * cols + c];
    out[r * cols + c] = s;
  }
  return out;
}

describe('sparseTimesDense', () => {
  it('embeds the module that sparseTimesDense.wat compiles to', async () => {
    const dir = import.meta.dirname;
    const bytes = await compileWat(join(dir, 'sparseTimesDense.wat'));
    expect(readFileSync(join(dir, 'sparseTimesDenseWasm.ts'), 'utf8')).toBe(wasmSource('sparseTimesDense.wat', bytes));
  });

  it('computes a hand-checked product with bias, for a width that is not a multiple of four', () => {
    // A = [[0, 2, 0], [0, 0, 0], [1, 0, 3]], B = 3 × 5, bias = 1…5.
    const a = csrFromDense(Float32Array.from([0, 2, 0, 0, 0, 0, 1, 0, 3]), 3, 3);
    const b = Float32Array.from([1, 2, 3, 4, 5, 10, 20, 30, 40, 50, -1, -2, -3, -4, -5]);
    const bias = Float32Array.from([1, 2, 3, 4, 5]);
    for (const simd of [true, false]) {
      const p = sparseTimesDense(a, { simd });
      expect(p.simd).toBe(simd);
      expect(Array.from(p.prepare(b, 5, bias)(0, 3))).toEqual([21, 42, 63, 84, 105, 1, 2, 3, 4, 5, -1, -2, -3, -4, -5]);
      expect(Array.from(p.prepare(b, 5)(2, 1))).toEqual([-2, -4, -6, -8, -10]);
    }
  });

  it('matches the definition on a random sparse matrix, and the SIMD and TypeScript kernels agree bit for bit', () => {
    const [rows, inner, cols] = [60, 50, 36];
    const dense = sparseMatrix(rows, inner, 0.2, 1);
    const b = denseMatrix(inner * cols, 2);
    const bias = denseMatrix(cols, 3);
    const a = csrFromDense(dense, rows, inner);
    const simd = sparseTimesDense(a).prepare(b, cols, bias)(0, rows).slice();
    const ts = sparseTimesDense(a, { simd: false }).prepare(b, cols, bias)(0, rows).slice();
    expect(Array.from(simd)).toEqual(Array.from(ts));
    const exact = reference(dense, b, bias, rows, inner, cols);
    for (let i = 0; i < exact.length; i++) expect(Math.abs(simd[i] - exact[i])).toBeLessThan(1e-5);
    // A block of rows is the same block of the whole product.
    expect(Array.from(sparseTimesDense(a).prepare(b, cols, bias)(17, 9))).toEqual(Array.from(simd.subarray(17 * cols, 26 * cols)));
  });

  it('keeps one matrix for many products of different widths, and refuses a stale product', () => {
    const a = csrFromDense(sparseMatrix(10, 8, 0.5, 4), 10, 8);
    const p = sparseTimesDense(a);
    const b = denseMatrix(8 * 40, 5);
    const wide = p.prepare(b, 40);
    const first = wide(0, 10).slice();
    b.fill(0); // prepare copied B
    expect(Array.from(wide(0, 10))).toEqual(Array.from(first));
    const small = Float32Array.from({ length: 8 * 3 }, (_, i) => i);
    const narrow = p.prepare(small, 3);
    expect(Array.from(narrow(0, 10))).toEqual(Array.from(sparseTimesDense(a, { simd: false }).prepare(small, 3)(0, 10)));
    expect(() => wide(0, 10)).toThrow('another dense matrix was prepared since');
  });

  it('sparseProduct takes a new sparse matrix every call: matches a plain loop, and its two kernels agree bit for bit', () => {
    const simd = sparseProduct();
    const ts = sparseProduct({ simd: false });
    expect([simd.simd, ts.simd]).toEqual([true, false]);
    // Shapes that shrink and grow from call to call (memory laid out again), widths not a multiple of four.
    for (const [rows, inner, cols, seed] of [[64, 50, 30, 11], [7, 3, 5, 12], [90, 120, 37, 13], [1, 1, 1, 14]]) {
      const dense = sparseMatrix(rows, inner, 0.25, seed);
      const b = denseMatrix(inner * cols, seed + 100);
      const bias = denseMatrix(cols, seed + 200);
      const a = csrFromDense(dense, rows, inner);
      const fast = simd.multiply(a, b, cols, bias).slice();
      expect(Array.from(fast)).toEqual(Array.from(ts.multiply(a, b, cols, bias)));
      const exact = reference(dense, b, bias, rows, inner, cols);
      expect(fast.length).toBe(exact.length);
      for (let i = 0; i < exact.length; i++) expect(Math.abs(fast[i] - exact[i])).toBeLessThan(1e-5);
      // Without a bias the product starts from zero; the same bits as sparseTimesDense's.
      expect(Array.from(simd.multiply(a, b, cols))).toEqual(Array.from(sparseTimesDense(a).prepare(b, cols)(0, rows)));
    }
    expect(() => simd.multiply(csrFromDense(new Float32Array(4), 2, 2), new Float32Array(5), 2)).toThrow('the dense matrix of 2 × 2 needs 4 values, got 5');
  });

  it('names what is wrong with its operands', () => {
    const a = csrFromDense(Float32Array.from([1, 0, 0, 1]), 2, 2);
    const p = sparseTimesDense(a);
    expect(() => p.prepare(new Float32Array(5), 2)).toThrow('the dense matrix of 2 × 2 needs 4 values, got 5');
    expect(() => p.prepare(new Float32Array(4), 2, new Float32Array(3))).toThrow('the bias needs 2 values, got 3');
    expect(() => p.prepare(new Float32Array(4), 2)(1, 2)).toThrow("rows 1 to 3 are outside the sparse matrix's 2 rows");
    expect(() => sparseTimesDense({ ...a, colIndex: Uint32Array.from([0, 5]) })).toThrow("column index 5 is outside the matrix's 2 columns");
    expect(() => sparseTimesDense({ ...a, rowPtr: Uint32Array.from([0, 2]) })).toThrow('not a CSR matrix of 2 rows');
  });
});
