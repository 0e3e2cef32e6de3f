import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binarize, ternarize } from './binary';
import { mse } from './error';

describe('binarize', () => {
  it('keeps the sign and uses the mean magnitude, with sign(0) = +1', () => {
    const { values, alpha } = binarize([1, -3, 0, 2]);
    expect(alpha).toBe(1.5);
    expect(Array.from(values)).toEqual([1.5, -1.5, 1.5, 1.5]);
  });

  it('chooses the alpha with the least squared error for those signs', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 50 }), (x) => {
        const { values, alpha } = binarize(x);
        const err = mse(x, values);
        for (const f of [0.9, 1.1]) {
          const other = values.map((v) => v * f);
          expect(err).toBeLessThanOrEqual(mse(x, other) + 1e-6 * (alpha * alpha + 1e-12));
        }
      }),
    );
  });

  it('refuses empty and non-finite input', () => {
    expect(() => binarize([])).toThrow(/empty/);
    expect(() => binarize([Infinity])).toThrow('cannot binarize Infinity (at index 0)');
  });
});

describe('ternarize', () => {
  it('zeroes weights below 0.7 · mean|x| and sets the rest to ±(their mean magnitude)', () => {
    const { values, alpha, delta } = ternarize([0.1, -0.2, 1, -2, 0.05]);
    expect(delta).toBeCloseTo(0.7 * (3.35 / 5), 12);
    expect(alpha).toBe(1.5);
    expect(Array.from(values)).toEqual([0, 0, 1.5, -1.5, 0]);
  });

  it('takes another threshold factor', () => {
    const { values, alpha, delta } = ternarize([0.1, -0.2, 1, -2, 0.05], { thresholdFactor: 0.1 });
    expect(delta).toBeCloseTo(0.067, 12);
    expect(alpha).toBeCloseTo(3.3 / 4, 12);
    expect(Array.from(values).map(Math.sign)).toEqual([1, -1, 1, -1, 0]);
  });

  it('gives three levels only: 0 and ±alpha', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 50 }), (x) => {
        const { values, alpha, delta } = ternarize(x);
        values.forEach((v, i) => {
          expect(v === 0 || Math.abs(v) === Math.fround(alpha)).toBe(true);
          expect(v !== 0).toBe(Math.abs(x[i]) > delta && alpha > 0);
        });
      }),
    );
  });

  it('maps an all-zero tensor to zeros with alpha 0', () => {
    expect(ternarize([0, 0, 0])).toEqual({ values: new Float32Array(3), alpha: 0, delta: 0 });
  });

  it('refuses a negative or NaN threshold factor', () => {
    expect(() => ternarize([1], { thresholdFactor: -1 })).toThrow(/thresholdFactor/);
    expect(() => ternarize([1], { thresholdFactor: Number.NaN })).toThrow(/thresholdFactor/);
  });
});
