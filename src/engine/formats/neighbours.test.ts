import { describe as group, expect, it } from 'vitest';
import { encode } from './codec';
import { bracket, numberLine } from './neighbours';

group('numberLine', () => {
  it('puts fp16 0.1 (0x2E66) in the binade [2^-4, 2^-3) of 1024 values 2^-14 apart, with the typed 0.1 at 0.4 of a gap above', () => {
    const line = numberLine('fp16', 0x2e66n, 0.1)!;
    expect(line.stored).toBe(0.0999755859375);
    expect(line.below).toBe(0.0999755859375 - 2 ** -14);
    expect(line.above).toBe(0.0999755859375 + 2 ** -14);
    expect([line.gapBelow, line.gapAbove]).toEqual([2 ** -14, 2 ** -14]);
    expect(line.binade).toEqual({ lo: 0.0625, hi: 0.125, exponent: -4, spacing: 2 ** -14, count: 1024 });
    // (0.1 − 0.0999755859375) / 2^-14 = 2.44140625e-5 / 6.103515625e-5 = 0.4 (0.1 itself is a double a hair above 1/10).
    expect(line.typedOffset).toBeCloseTo(0.4, 12);
  });

  it('has a gap below a power of two half the gap above it', () => {
    const line = numberLine('fp16', encode('fp16', 1))!;
    expect([line.below, line.stored, line.above]).toEqual([1 - 2 ** -11, 1, 1 + 2 ** -10]);
    expect([line.gapBelow, line.gapAbove]).toEqual([2 ** -11, 2 ** -10]);
    expect(line.binade).toMatchObject({ lo: 1, hi: 2, exponent: 0 });
    expect(line.typedOffset).toBeUndefined();
  });

  it('mirrors negative binades and treats the subnormals as one range from 0', () => {
    expect(numberLine('fp16', encode('fp16', -1.5))!.binade).toMatchObject({ lo: -2, hi: -1, exponent: 0 });
    const tiny = numberLine('fp16', 0x0001n)!;
    expect(tiny.binade).toEqual({ lo: 0, hi: 2 ** -14, exponent: undefined, spacing: 2 ** -24, count: 1024 });
    expect(tiny.below).toBe(0);
    expect(numberLine('fp16', 0x8000n)!.binade).toMatchObject({ lo: -(2 ** -14), hi: -0 });
  });

  it('stops at the ends: E4M3’s top binade holds 7 values up to 448, fp16’s next value after 65504 is infinite', () => {
    const top = numberLine('fp8e4m3', encode('fp8e4m3', 448))!;
    expect(top.above).toBeUndefined();
    expect(top.binade).toMatchObject({ lo: 256, hi: 512, count: 7, spacing: 32 });
    const max = numberLine('fp16', 0x7bffn, 65510)!;
    expect(max.above).toBe(Infinity);
    expect(max.gapAbove).toBeUndefined();
    expect(max.typedOffset).toBeUndefined();
    expect(numberLine('fp16', 0x7c00n)).toBeUndefined();
    expect(numberLine('fp16', 0x7e00n)).toBeUndefined();
  });

  it('gives integers neighbours 1 apart and no binade', () => {
    const line = numberLine('uint16', 1000n, 1000.3)!;
    expect([line.below, line.stored, line.above, line.binade]).toEqual([999, 1000, 1001, undefined]);
    expect(line.typedOffset).toBeCloseTo(0.3, 12);
    expect(numberLine('uint16', 0n)!.below).toBeUndefined();
  });
});

group('bracket', () => {
  it('encloses x between neighbours, nearer-zero one first for negatives', () => {
    expect(bracket('fp16', 1 + 2 ** -12)).toEqual({ below: 1, above: 1 + 2 ** -10, towardZero: 1, awayFromZero: 1 + 2 ** -10, position: 0.25 });
    expect(bracket('fp16', -(1 + 2 ** -12))).toEqual({ below: -(1 + 2 ** -10), above: -1, towardZero: -1, awayFromZero: -(1 + 2 ** -10), position: 0.25 });
    expect(bracket('int8', -2.75)).toMatchObject({ towardZero: -2, awayFromZero: -3, position: 0.75 });
    expect(bracket('bf16', 1)).toEqual({ below: 1, above: 1, towardZero: 1, awayFromZero: 1, position: 0 });
    expect(() => bracket('int8', 128)).toThrow('outside the range of int8');
    expect(() => bracket('fp16', NaN)).toThrow('outside the range');
  });
});
