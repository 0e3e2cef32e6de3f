import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MIN_SCALE, integerRange, quantParams } from './params';
import { dequantize, quantize } from './uniform';

describe('integerRange', () => {
  it('gives the int8, uint8 and narrow-range bounds', () => {
    expect(integerRange(8, true)).toEqual({ qmin: -128, qmax: 127 });
    expect(integerRange(8, true, true)).toEqual({ qmin: -127, qmax: 127 });
    expect(integerRange(8, false)).toEqual({ qmin: 0, qmax: 255 });
    expect(integerRange(8, false, true)).toEqual({ qmin: 1, qmax: 255 });
    expect(integerRange(2, true)).toEqual({ qmin: -2, qmax: 1 });
    expect(integerRange(16, false)).toEqual({ qmin: 0, qmax: 65535 });
  });
});

describe('quantParams', () => {
  it('maps [0, 1] to uint8 with scale 1/255 and zero point 0', () => {
    expect(quantParams(0, 1, 8)).toEqual({ scale: 1 / 255, zeroPoint: 0, qmin: 0, qmax: 255 });
  });

  it('stretches a range that excludes 0 so that 0 is representable', () => {
    expect(quantParams(2, 5, 8)).toMatchObject({ scale: 5 / 255, zeroPoint: 0 });
    expect(quantParams(-5, -2, 8)).toMatchObject({ scale: 5 / 255, zeroPoint: 255 });
  });

  it('rounds the zero point of an affine range to an integer (nudging)', () => {
    // 0 − (−1)/(2/255) = 127.5 → 128
    expect(quantParams(-1, 1, 8)).toMatchObject({ scale: 2 / 255, zeroPoint: 128 });
  });

  it('gives a symmetric signed range zero point 0 and scale absmax / qmax', () => {
    expect(quantParams(-3, 1, 8, { symmetric: true })).toEqual({ scale: 3 / 127, zeroPoint: 0, qmin: -128, qmax: 127 });
    expect(quantParams(-1, 3, 4, { symmetric: true, narrowRange: true })).toEqual({
      scale: 3 / 7,
      zeroPoint: 0,
      qmin: -7,
      qmax: 7,
    });
  });

  it('gives an unsigned symmetric range scale max / qmax and warns that negatives clip', () => {
    const p = quantParams(-1, 4, 8, { symmetric: true, signed: false });
    expect(p).toMatchObject({ scale: 4 / 255, zeroPoint: 0, qmin: 0, qmax: 255 });
    expect(p.warning).toMatch(/clip to 0/);
  });

  it('represents real 0 exactly and covers the range for any finite range and bit width', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: 2, max: 16 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (a, b, bits, symmetric, signed, narrowRange) => {
          const [min, max] = a < b ? [a, b] : [b, a];
          fc.pre(!(symmetric && !signed && narrowRange));
          const p = quantParams(min, max, bits, { symmetric, signed, narrowRange });
          expect(p.scale).toBeGreaterThan(0);
          expect(Number.isFinite(p.scale)).toBe(true);
          expect(Number.isInteger(p.zeroPoint)).toBe(true);
          expect(p.zeroPoint).toBeGreaterThanOrEqual(p.qmin);
          expect(p.zeroPoint).toBeLessThanOrEqual(p.qmax);
          expect(dequantize(quantize([0], p), p)[0]).toBe(0);
          if (symmetric && !signed) return; // negatives clip by design
          const lowest = p.scale * (p.qmin - p.zeroPoint);
          const highest = p.scale * (p.qmax - p.zeroPoint);
          const slack = p.scale / 2 + 1e-9 * Math.max(1, Math.abs(min), Math.abs(max));
          expect(lowest).toBeLessThanOrEqual(Math.min(min, 0) + slack);
          expect(highest).toBeGreaterThanOrEqual(Math.max(max, 0) - slack);
        },
      ),
    );
  });

  it('falls back to scale 1 with a warning when the range holds only 0', () => {
    for (const symmetric of [false, true]) {
      const p = quantParams(0, 0, 8, { symmetric });
      expect(p.scale).toBe(1);
      expect(p.warning).toMatch(/only 0/);
    }
  });

  it('never returns a scale below the smallest normal float32', () => {
    const p = quantParams(0, 1e-300, 8);
    expect(p.scale).toBe(MIN_SCALE);
    expect(p.warning).toMatch(/too narrow/);
    expect(Math.fround(p.scale)).toBe(p.scale);
  });

  it('handles min = max ≠ 0 without a warning (the range is stretched to 0)', () => {
    const p = quantParams(3, 3, 8);
    expect(p.scale).toBeCloseTo(3 / 255, 15);
    expect(p.warning).toBeUndefined();
  });

  it('rejects bit widths outside 2..16 with a message that names the limits', () => {
    for (const bits of [1, 0, 17, 2.5, Number.NaN]) {
      expect(() => quantParams(0, 1, bits)).toThrow(/bits must be a whole number from 2 to 16/);
    }
    expect(() => quantParams(0, 1, 1)).toThrow(/binarize/);
  });

  it('rejects NaN and infinite bounds, naming which one', () => {
    expect(() => quantParams(Number.NaN, 1, 8)).toThrow('min is NaN');
    expect(() => quantParams(0, Infinity, 8)).toThrow('max is Infinity');
    expect(() => quantParams(-Infinity, 0, 8)).toThrow('min is -Infinity');
    expect(() => quantParams(2, 1, 8)).toThrow(/greater than max/);
  });

  it('rejects a narrow unsigned symmetric range, which could not hold 0', () => {
    expect(() => quantParams(0, 1, 8, { symmetric: true, signed: false, narrowRange: true })).toThrow(/drop 0/);
  });
});
