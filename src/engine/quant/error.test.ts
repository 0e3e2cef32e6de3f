import { describe, expect, it } from 'vitest';
import { mse, sqnr } from './error';
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
