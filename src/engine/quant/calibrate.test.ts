import { describe, expect, it } from 'vitest';
import { calibrate, type CalibrateOptions } from './calibrate';
import { quantParams } from './params';
import { fakeQuant } from './uniform';
import { mse } from './error';
import { gaussianSamples, laplaceSamples } from './testData';

function quantError(x: Float32Array, range: { min: number; max: number }, options: CalibrateOptions): number {
  return mse(x, fakeQuant(x, quantParams(range.min, range.max, options.bits ?? 8, options)));
}

describe('calibrate', () => {
  const ramp = Float32Array.from({ length: 101 }, (_, i) => i - 50); // −50..50

  it('minmax takes the smallest and largest sample', () => {
    expect(calibrate(ramp, 'minmax')).toEqual({ min: -50, max: 50 });
  });

  it('percentile clips both tails of an affine range, interpolating between samples', () => {
    expect(calibrate(ramp, 'percentile', { percentile: 90 })).toEqual({ min: -40, max: 40 });
    // position 0.995 · 100 = 99.5 → halfway between 49 and 50
    expect(calibrate(ramp, 'percentile', { percentile: 99.5 })).toEqual({ min: -49.5, max: 49.5 });
  });

  it('percentile takes |x| for a symmetric range', () => {
    const x = Float32Array.from({ length: 100 }, (_, i) => (i % 2 ? 1 : -1) * (i + 1)); // |x| = 1..100
    expect(calibrate(x, 'percentile', { percentile: 99, symmetric: true }).max).toBeCloseTo(99.01, 10);
    expect(calibrate(x, 'percentile', { percentile: 99, symmetric: true }).min).toBeCloseTo(-99.01, 10);
    expect(calibrate(x, 'percentile', { percentile: 99, symmetric: true, signed: false }).min).toBe(0);
  });

  it('percentile 100 equals minmax', () => {
    const x = gaussianSamples(1000, 2);
    expect(calibrate(x, 'percentile', { percentile: 100 })).toEqual(calibrate(x, 'minmax'));
  });

  it('mse clips a 4-bit Laplace range well inside max|x| and beats minmax', () => {
    const x = laplaceSamples(20_000, 3);
    const options = { bits: 4, symmetric: true, narrowRange: true };
    const full = calibrate(x, 'minmax');
    const absMax = Math.max(-full.min, full.max);
    const best = calibrate(x, 'mse', options);
    expect(best.max).toBeLessThan(0.6 * absMax);
    expect(best.min).toBe(-best.max);
    expect(quantError(x, best, options)).toBeLessThan(0.5 * quantError(x, full, options));
  });

  it('mse is no worse than any other clipping on a fine grid (Gaussian, affine 4 bits)', () => {
    const x = gaussianSamples(5_000, 4);
    const options = { bits: 4 };
    const best = calibrate(x, 'mse', options);
    const bestError = quantError(x, best, options);
    const full = calibrate(x, 'minmax');
    expect(best.max).toBeLessThan(0.8 * full.max);
    for (let k = 1; k <= 50; k++) {
      const a = k / 50;
      expect(bestError).toBeLessThanOrEqual(quantError(x, { min: a * full.min, max: a * full.max }, options) + 1e-12);
    }
  });

  it('mse keeps nearly the full range at 16 bits, where clipping only costs', () => {
    const x = gaussianSamples(5_000, 6);
    const full = calibrate(x, 'minmax');
    expect(calibrate(x, 'mse', { bits: 16 }).max).toBeGreaterThan(0.9 * full.max);
  });

  it('names an unknown method and refuses a bad percentile', () => {
    // @ts-expect-error testing a bad name from untyped callers
    expect(() => calibrate(ramp, 'kl')).toThrow('unknown calibration method: kl');
    expect(() => calibrate(ramp, 'percentile', { percentile: 0 })).toThrow(/percentile must be in \(0, 100\]/);
    expect(() => calibrate(ramp, 'percentile', { percentile: 30 })).toThrow(/must be ≥ 50/);
    expect(() => calibrate([], 'mse')).toThrow(/empty/);
  });
});
