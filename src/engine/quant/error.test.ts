import { describe, expect, it } from 'vitest';
import { errorProfile, mse, sqnr } from './error';
import { quantParams } from './params';
import { fakeQuant } from './uniform';
import { seededRandom as seededUniform } from '../random';

describe('mse', () => {
  it('averages the squared differences', () => {
    expect(mse([1, 2, 3], [1, 0, 4])).toBeCloseTo(5 / 3, 15);
  });

  it('refuses tensors of different lengths and empty ones', () => {
    expect(() => mse([1], [1, 2])).toThrow('the two tensors differ in length (1 and 2)');
    expect(() => mse([], [])).toThrow(/empty/);
  });
});

describe('sqnr', () => {
  it('is 10·log10(signal power / noise power) in dB', () => {
    expect(sqnr([1, 1], [1, 0])).toBeCloseTo(10 * Math.log10(2), 12);
    expect(sqnr([3, 4], [3, 3])).toBeCloseTo(10 * Math.log10(25), 12);
  });

  it('is Infinity for an exact copy, even of an all-zero signal', () => {
    expect(sqnr([1, -2], [1, -2])).toBe(Infinity);
    expect(sqnr([0, 0], [0, 0])).toBe(Infinity);
  });

  it('is -Infinity for noise on an all-zero signal', () => {
    expect(sqnr([0, 0], [0, 1])).toBe(-Infinity);
  });

  it('gains about 6.02 dB per extra bit on uniform data', () => {
    const u = seededUniform(11);
    const x = Float32Array.from({ length: 50_000 }, () => 2 * u() - 1);
    const at = (bits: number) => sqnr(x, fakeQuant(x, quantParams(-1, 1, bits)));
    expect(at(8) - at(6)).toBeCloseTo(2 * 6.02, 0);
    // uniform data filling the range: SQNR ≈ 6.02·b dB
    expect(Math.abs(at(8) - 6.02 * 8)).toBeLessThan(0.3);
  });
});

describe('errorProfile', () => {
  it('gathers x̂ − x into the bins of x: a hand-checked case, outsiders and empty bins left out', () => {
    const x = [0.1, 0.26, 0.4, 0.9, 2, NaN];
    const xHat = [0, 0.25, 0.5, 1, 1, 0];
    const p = errorProfile(x, xHat, [0, 0.5, 1, 1.5]);
    expect(Array.from(p.count)).toEqual([3, 1, 0]);
    expect(p.min[0]).toBeCloseTo(-0.1, 12);
    expect(p.max[0]).toBeCloseTo(0.1, 12);
    expect(p.rms[0]).toBeCloseTo(Math.sqrt((0.01 + 0.0001 + 0.01) / 3), 12);
    expect(p.min[1]).toBeCloseTo(0.1, 12);
    expect([p.min[2], p.max[2], p.rms[2]]).toEqual([NaN, NaN, NaN]);
    expect(p.maxAbs).toBeCloseTo(0.1, 12);
    expect(p.totalRms).toBeCloseTo(Math.sqrt((0.01 + 0.0001 + 0.01 + 0.01) / 4), 12);
  });

  it('stays within half a step inside the grid, with the s/√12 RMS of uniform rounding noise', () => {
    const random = seededUniform(3);
    const x = Float32Array.from({ length: 50000 }, () => random() * 2 - 1);
    const p = quantParams(-1, 1, 4, { symmetric: true });
    const xHat = fakeQuant(x, p);
    const edges = Array.from({ length: 21 }, (_, i) => -1 + i * 0.1);
    const profile = errorProfile(x, xHat, edges);
    for (let i = 0; i < 20; i++) {
      expect(profile.max[i]).toBeLessThanOrEqual(p.scale / 2 + 1e-6);
      expect(profile.min[i]).toBeGreaterThanOrEqual(-p.scale / 2 - 1e-6);
    }
    // The grid reaches from −8s to 7s = 1, so no value is clipped and every error is a rounding error.
    expect(profile.totalRms).toBeGreaterThan(0.95 * (p.scale / Math.sqrt(12)));
    expect(profile.totalRms).toBeLessThan(1.15 * (p.scale / Math.sqrt(12)));
  });

  it('refuses tensors of different lengths', () => {
    expect(() => errorProfile([1], [1, 2], [0, 1])).toThrow('differ in length');
  });
});
