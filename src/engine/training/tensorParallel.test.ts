import { describe, expect, it } from 'vitest';
import { matMul } from '../linalg';
import { tensorParallelDense } from './tensorParallel';
import { seededRandom } from '../random';

describe('matMul', () => {
  it('multiplies a hand-made case', () => {
    // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]
    expect(Array.from(matMul([1, 2, 3, 4], [5, 6, 7, 8], 2, 2, 2))).toEqual([19, 22, 43, 50]);
  });
});

describe('tensorParallelDense', () => {
  const random = seededRandom(3);
  const [rows, k, m] = [5, 12, 7];
  const x = Float32Array.from({ length: rows * k }, () => random() - 0.5);
  const w = Float32Array.from({ length: k * m }, () => random() - 0.5);
  const whole = Float32Array.from(matMul(x, w, rows, k, m)); // what each device stores

  it('split by columns gives the same outputs exactly, each device a block of them', () => {
    for (const parts of [1, 2, 3, 7]) {
      const { y, partials } = tensorParallelDense(x, w, rows, k, m, parts, 'columns');
      expect(y).toEqual(whole);
      expect(partials.reduce((s, p) => s + p.length, 0)).toBe(rows * m);
    }
  });

  it('split by rows gives the same outputs to float rounding, each device a partial sum of all of them', () => {
    for (const parts of [1, 2, 4, 12]) {
      const { y, partials } = tensorParallelDense(x, w, rows, k, m, parts, 'rows');
      y.forEach((v, i) => expect(Math.abs(v - whole[i])).toBeLessThan(1e-6));
      for (const p of partials) expect(p.length).toBe(rows * m);
    }
  });

  it('names an impossible split', () => {
    expect(() => tensorParallelDense(x, w, rows, k, m, 8, 'columns')).toThrow(/1 to 7 parts by columns \(got 8\)/);
    expect(() => tensorParallelDense(x, w, rows, k, m, 0, 'rows')).toThrow(/1 to 12 parts/);
  });
});
