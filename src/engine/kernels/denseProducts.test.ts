import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { denseProductsAvailable, prepareDenseProduct } from './denseProducts';

function reference(a: ArrayLike<number>, bt: ArrayLike<number>, rows: number, cols: number, n: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += a[r * n + k] * bt[c * n + k];
    out.push(s);
  }
  return out;
}

describe('dense products in WebAssembly SIMD', () => {
  it('runs here (node has wasm SIMD; relaxed SIMD is checked in Chromium by e2e/hardware.spec.ts)', () => expect(denseProductsAvailable('i8')).toBe(true));

  it('computes the int8 product exactly, extremes ±127 included, for sizes that are not multiples of 16', () => {
    const random = seededRandom(3);
    for (const [rows, cols, n] of [[1, 1, 1], [3, 5, 17], [7, 4, 784], [2, 3, 33]]) {
      const a = Int8Array.from({ length: rows * n }, () => Math.round(random() * 254) - 127);
      const bt = Int8Array.from({ length: cols * n }, () => Math.round(random() * 254) - 127);
      a[0] = -127; bt[0] = -127;
      expect(Array.from(prepareDenseProduct('i8', a, bt, rows, cols, n).run())).toEqual(reference(a, bt, rows, cols, n));
    }
    // All 784 terms at 127 · 127: 12,645,136, far past 16 bits.
    const full = new Int8Array(784).fill(127);
    expect(Array.from(prepareDenseProduct('i8', full, full, 1, 1, 784).run())).toEqual([784 * 127 * 127]);
  });

  it('computes the float32 product to float32 rounding', () => {
    const random = seededRandom(5);
    const [rows, cols, n] = [5, 6, 100];
    const a = Float32Array.from({ length: rows * n }, () => random() - 0.5);
    const bt = Float32Array.from({ length: cols * n }, () => random() - 0.5);
    const got = prepareDenseProduct('f32', a, bt, rows, cols, n).run();
    reference(a, bt, rows, cols, n).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 4));
  });

  it('refuses -128 and shapes that do not match', () => {
    expect(() => prepareDenseProduct('i8', Int8Array.of(-128), Int8Array.of(1), 1, 1, 1)).toThrow(/\[-127, 127\]/);
    expect(() => prepareDenseProduct('i8relaxed', Int8Array.of(-1), Int8Array.of(1), 1, 1, 1)).toThrow(/\[0, 127\]|relaxed/);
    expect(() => prepareDenseProduct('f32', new Float32Array(3), new Float32Array(2), 1, 1, 2)).toThrow(/A needs 2/);
  });
});
