import { describe, expect, it } from 'vitest';
import { columnAbsMax, scaleColumns, smoothQuantScales } from './smoothQuant';

describe('SmoothQuant scale migration', () => {
  const x = [1, -40, 0.5, 2, 10, -1]; // 2 samples × 3 channels; channel 1 is the outlier
  const w = [0.5, 0.1, -0.2, -0.25, 0.4, 0.8]; // 2 outputs × 3 inputs

  it('computes s_j = max|X_j|^α / max|W_j|^(1−α) by hand', () => {
    const actMax = columnAbsMax(x, 2, 3);
    const weightMax = columnAbsMax(w, 2, 3);
    expect(Array.from(actMax)).toEqual([2, 40, 1]);
    expect(Array.from(weightMax)).toEqual([0.5, 0.4, 0.8]);
    expect(Array.from(smoothQuantScales(actMax, weightMax, 0.5))).toEqual([2, 10, 1 / Math.sqrt(0.8)]);
    expect(Array.from(smoothQuantScales([4], [9], 1))).toEqual([4]);
    expect(Array.from(smoothQuantScales([4, 0], [9, 1], 0))).toEqual([1 / 9, 1]);
  });

  it('leaves the layer output unchanged: (X / s)(W · s)ᵀ = X Wᵀ', () => {
    const s = smoothQuantScales(columnAbsMax(x, 2, 3), columnAbsMax(w, 2, 3), 0.5);
    const xs = scaleColumns(x, 2, 3, s, 'divide');
    const ws = scaleColumns(w, 2, 3, s, 'multiply');
    for (let n = 0; n < 2; n++) {
      for (let o = 0; o < 2; o++) {
        let before = 0;
        let after = 0;
        for (let j = 0; j < 3; j++) {
          before += x[n * 3 + j] * w[o * 3 + j];
          after += xs[n * 3 + j] * ws[o * 3 + j];
        }
        expect(after).toBeCloseTo(before, 5);
      }
    }
  });

  it('with α = 0.5 gives every channel the same max on both sides, √(max|X| · max|W|)', () => {
    const s = smoothQuantScales(columnAbsMax(x, 2, 3), columnAbsMax(w, 2, 3), 0.5);
    const a = columnAbsMax(scaleColumns(x, 2, 3, s, 'divide'), 2, 3);
    const b = columnAbsMax(scaleColumns(w, 2, 3, s, 'multiply'), 2, 3);
    [1, 4, Math.sqrt(0.8)].forEach((v, j) => {
      expect(a[j]).toBeCloseTo(v, 6);
      expect(b[j]).toBeCloseTo(v, 6);
    });
  });

  it('names mismatched lengths and a bad α', () => {
    expect(() => smoothQuantScales([1], [1, 2])).toThrow(/1 activation channels but 2 weight columns/);
    expect(() => smoothQuantScales([1], [1], 2)).toThrow(/alpha/);
  });
});
