import { bin } from 'd3';
import { describe, expect, it } from 'vitest';
import { histogram } from './histogram';
import { seededRandom } from './random';

describe('histogram', () => {
  it('counts a hand-checked case: left-closed bins, the last one closed, outsiders and NaN left out', () => {
    const values = [0, 0.5, 1, 1, 1.99, 2, 3, -0.1, 3.1, NaN];
    expect(Array.from(histogram(values, [0, 1, 2, 3]))).toEqual([2, 3, 2]);
  });

  it('agrees with d3.bin on random weights and nice thresholds', () => {
    const random = seededRandom(7);
    const values = Float32Array.from({ length: 20000 }, () => Math.fround((random() - 0.5) * (random() < 0.05 ? 1 : 0.2)));
    const thresholds = Array.from({ length: 79 }, (_, i) => -0.5 + (i + 1) * 0.0125);
    const expected = bin().domain([-0.5, 0.5]).thresholds(thresholds)(Array.from(values)).map((b) => b.length);
    expect(Array.from(histogram(values, [-0.5, ...thresholds, 0.5]))).toEqual(expected);
  });

  it('refuses edges that do not increase', () => {
    expect(() => histogram([1], [0])).toThrow('at least two bin edges');
    expect(() => histogram([1], [0, 2, 2])).toThrow('edge 2: 2 after 2');
  });
});
