import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { softmaxWithTemperature } from './softmax';

const logitRows = (classes: number) =>
  fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: classes, maxLength: classes * 5 }).map((a) =>
    Float64Array.from(a.slice(0, a.length - (a.length % classes))),
  );

describe('softmaxWithTemperature', () => {
  it('computes a hand example: [0, ln 3] → [1/4, 3/4], and the same at T = 2 for doubled logits', () => {
    const p = softmaxWithTemperature([0, Math.log(3)], 1);
    expect(p[0]).toBeCloseTo(0.25, 7);
    expect(p[1]).toBeCloseTo(0.75, 7);
    expect(softmaxWithTemperature([0, 2 * Math.log(3)], 2)).toEqual(p);
  });

  it('gives rows that sum to 1 for any logits, temperature and row count', () => {
    fc.assert(
      fc.property(logitRows(4), fc.double({ min: 0.05, max: 100, noNaN: true }), (z, T) => {
        const p = softmaxWithTemperature(z, T, 4);
        for (let r = 0; r < z.length / 4; r++) {
          const sum = p[4 * r] + p[4 * r + 1] + p[4 * r + 2] + p[4 * r + 3];
          expect(sum).toBeCloseTo(1, 6);
        }
        p.forEach((v) => expect(v).toBeGreaterThanOrEqual(0));
      }),
    );
  });

  it('treats each row on its own', () => {
    const p = softmaxWithTemperature([0, 0, 5, 5], 1, 2);
    expect(Array.from(p)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('does not overflow for logits of ±1000', () => {
    expect(Array.from(softmaxWithTemperature([1000, 1000, 0], 1))).toEqual([0.5, 0.5, 0]);
    expect(Array.from(softmaxWithTemperature([-1000, -1000], 0.5))).toEqual([0.5, 0.5]);
  });

  it('tends to uniform as T grows and to one-hot as T shrinks', () => {
    const z = [3, -1, 0.5, 8];
    const at = (T: number) => Array.from(softmaxWithTemperature(z, T));
    const spread = (p: number[]) => Math.max(...p) - Math.min(...p);
    expect(spread(at(10))).toBeLessThan(spread(at(1)));
    expect(spread(at(100))).toBeLessThan(spread(at(10)));
    at(1e6).forEach((v) => expect(v).toBeCloseTo(0.25, 5));
    expect(at(0.01)).toEqual([0, 0, 0, 1]);
  });

  it('refuses a temperature ≤ 0 or NaN, non-finite logits and a bad class count', () => {
    for (const T of [0, -1, Number.NaN, Infinity]) {
      expect(() => softmaxWithTemperature([1, 2], T)).toThrow(/temperature must be a positive finite number/);
    }
    expect(() => softmaxWithTemperature([1, Number.NaN], 1)).toThrow('logits holds NaN at index 1');
    expect(() => softmaxWithTemperature([1, 2, 3], 1, 2)).toThrow('logits has 3 values, not a whole number of rows of 2 classes');
    expect(() => softmaxWithTemperature([], 1)).toThrow(/empty/);
  });
});
