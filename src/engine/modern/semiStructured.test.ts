import { describe, expect, it } from 'vitest';
import { isNmSparse, nmMask } from './semiStructured';

describe('N:M semi-structured masks', () => {
  it('keeps the two largest |w| of every four (hand case, ties to the lower column)', () => {
    const w = [0.1, -0.9, 0.3, 0.2, /* group 2 */ 1, 1, 1, 1, /* row 2 */ 0, 0, -5, 4, 0.5, -0.6, 0.4, 0.7];
    expect(Array.from(nmMask(w, 2, 8))).toEqual([0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 1, 0, 1]);
  });

  it('always prunes exactly half with 2:4, and the result passes the 2:4 check', () => {
    const w = Float32Array.from({ length: 64 * 32 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    const mask = nmMask(w, 64, 32);
    expect(mask.reduce((s, v) => s + v, 0)).toBe(64 * 16);
    expect(isNmSparse(mask, 64, 32)).toBe(true);
    expect(isNmSparse(new Uint8Array(8).fill(1), 1, 8)).toBe(false);
  });

  it('1:4 and 4:4 are the other ends', () => {
    expect(Array.from(nmMask([1, 2, 3, 4], 1, 4, 1, 4))).toEqual([0, 0, 0, 1]);
    expect(Array.from(nmMask([1, 2, 3, 4], 1, 4, 4, 4))).toEqual([1, 1, 1, 1]);
  });

  it('names inputs that do not split into groups, and NaN', () => {
    expect(() => nmMask(new Float32Array(6), 1, 6)).toThrow(/6 inputs do not split into groups of 4/);
    expect(() => nmMask([1, NaN, 0, 0], 1, 4)).toThrow(/NaN/);
  });
});
