import { describe, expect, it } from 'vitest';
import { groupParams, groupStorage, roundToNearestGroups } from './groupQuant';
import { randomLayer } from './testLayers';

describe('group-wise quantization', () => {
  it('gives each group of a row its own range (hand case, int4 with zero point)', () => {
    // One row, two groups of 2: [0, 1.5] and [−3, 0].
    const { params, codes, dequantized } = roundToNearestGroups([0, 1.5, -3, 0], 1, 4, { bits: 4, groupSize: 2 });
    expect(params.map((p) => p.scale)).toEqual([0.1, 0.2]);
    expect(params.map((p) => p.zeroPoint)).toEqual([0, 15]);
    expect(Array.from(codes)).toEqual([0, 15, 0, 15]);
    expect(Array.from(dequantized)).toEqual([0, Math.fround(1.5), -3, 0]);
  });

  it('symmetric groups use signed codes and no zero point', () => {
    const { params, codes } = roundToNearestGroups([0.7, -0.35, 0.1, 0], 1, 4, { bits: 4, groupSize: 4, zeroPoint: false });
    expect(params[0].scale).toBeCloseTo(0.1, 12);
    expect(params[0].zeroPoint).toBe(0);
    expect(Array.from(codes)).toEqual([7, -4, 1, 0]); // −3.5 rounds to even
  });

  it('a last, shorter group and a group size beyond the row (per-channel)', () => {
    expect(groupParams(new Float32Array(2 * 5), 2, 5, { bits: 3, groupSize: 2 })).toHaveLength(6);
    expect(groupParams(new Float32Array(2 * 5), 2, 5, { bits: 3, groupSize: 64 })).toHaveLength(2);
  });

  it('smaller groups never have a larger error than larger nested groups', () => {
    const { weights, rows, cols } = randomLayer(11, 16, 256, 1);
    const errorOf = (groupSize: number) => {
      const { dequantized } = roundToNearestGroups(weights, rows, cols, { bits: 3, groupSize, zeroPoint: false });
      return dequantized.reduce((s, v, i) => s + (v - weights[i]) ** 2, 0);
    };
    // Symmetric grids are set by absmax, and a subgroup's absmax is at most the group's.
    expect(errorOf(32)).toBeLessThan(errorOf(64));
    expect(errorOf(64)).toBeLessThan(errorOf(128));
  });

  it('counts bytes per weight with a float16 scale and a zero point per group', () => {
    // int4, group 128, with zero point: 4/8 + (16 + 4)/(8 · 128) = 0.51953125 bytes.
    expect(groupStorage(10, 256, { bits: 4, groupSize: 128 }).bytesPerWeight).toBe(0.5 + 20 / 1024);
    expect(groupStorage(10, 256, { bits: 3, groupSize: 32, zeroPoint: false }).bytesPerWeight).toBe(3 / 8 + 16 / 256);
    expect(groupStorage(1, 100, { bits: 4, groupSize: 64 }).bytes).toBe((100 * 4 + 2 * 20) / 8);
  });

  it('names bad settings', () => {
    expect(() => groupParams([1], 1, 1, { bits: 1, groupSize: 32 })).toThrow(/bits must be a whole number from 2 to 8/);
    expect(() => groupParams([1], 1, 1, { bits: 4, groupSize: 0 })).toThrow(/groupSize/);
    expect(() => groupParams([1, 2], 1, 1, { bits: 4, groupSize: 32 })).toThrow(/holds 1 values, got 2/);
  });
});
