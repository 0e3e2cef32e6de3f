import { describe, expect, it } from 'vitest';
import { exponentHistogram, gradientRanges, isUpdateLost } from './precision';

describe('gradientRanges', () => {
  it('sorts hand-picked values by where they land in fp16', () => {
    const values = [
      0, // zero
      2 ** -26, // below half the smallest subnormal: flushed
      2 ** -25, // exactly half of 2^-24: ties to even, flushed
      1.5 * 2 ** -25, // rounds up to 2^-24: subnormal
      2 ** -20, -(2 ** -15), // subnormal
      2 ** -14, 1, -65504, // normal
      65520, -1e6, NaN, // 65520 ties to 65536 = infinity; NaN stops a step like an overflow
    ];
    expect(gradientRanges(values, 'fp16')).toEqual({ zero: 1, flushed: 2, subnormal: 3, normal: 3, overflow: 3 });
  });

  it('moves small values into range with a loss scale, and large ones out of it', () => {
    expect(gradientRanges([2 ** -26, 1e-3], 'fp16', 8)).toEqual({ zero: 0, flushed: 0, subnormal: 1, normal: 1, overflow: 0 });
    // 1.5 · 2^15 = 49152 is finite; 1.5 · 2^16 = 98304 is not.
    expect(gradientRanges([1.5], 'fp16', 2 ** 15).overflow).toBe(0);
    expect(gradientRanges([1.5], 'fp16', 2 ** 16).overflow).toBe(1);
  });

  it('counts E4M3 saturation as overflow and bf16 as never flushing a gradient of 1e-30', () => {
    expect(gradientRanges([448, 500], 'fp8e4m3')).toEqual({ zero: 0, flushed: 0, subnormal: 0, normal: 1, overflow: 1 });
    expect(gradientRanges([1e-30], 'bf16').normal).toBe(1);
    // E5M2's smallest subnormal is 2^-16 (FP8 paper, Table 1); half of it is a tie and flushes.
    expect(gradientRanges([1.5 * 2 ** -17], 'fp8e5m2').subnormal).toBe(1);
    expect(gradientRanges([2 ** -17], 'fp8e5m2').flushed).toBe(1);
  });

  it('names a bad loss scale', () => {
    expect(() => gradientRanges([1], 'fp16', 0)).toThrow(/loss scale must be a positive number \(got 0\)/);
    expect(() => gradientRanges([1], 'fp16', -2)).toThrow(/positive/);
    expect(() => gradientRanges([1], 'fp16', NaN)).toThrow(/positive/);
  });
});

describe('exponentHistogram', () => {
  it('bins by ⌊log₂|v|⌋ and clamps to the ends', () => {
    const h = exponentHistogram([0.75, 1, -1.99, 3, 2 ** -30, 1e9, 0, Infinity], -2, 2);
    // bins -2, -1, 0, 1, 2
    expect(Array.from(h)).toEqual([1, 1, 2, 1, 1]);
  });
});

describe('isUpdateLost', () => {
  it('loses an fp16 update once the weight is 2048× larger (Micikevicius et al. §3.1)', () => {
    expect(isUpdateLost(1, 2 ** -11, 'fp16')).toBe(true); // 2048×: a tie, rounds back to 1
    expect(isUpdateLost(1, 2 ** -12, 'fp16')).toBe(true);
    expect(isUpdateLost(1, 2 ** -10, 'fp16')).toBe(false); // 1024×
    expect(isUpdateLost(2048, 1, 'fp16')).toBe(true);
    expect(isUpdateLost(2048, 2, 'fp16')).toBe(false);
  });

  it('loses updates 256× smaller in bf16, which has 7 mantissa bits', () => {
    expect(isUpdateLost(1, 2 ** -8, 'bf16')).toBe(true);
    expect(isUpdateLost(1, 2 ** -7, 'bf16')).toBe(false);
    expect(isUpdateLost(1, 0, 'fp16')).toBe(true);
  });
});
