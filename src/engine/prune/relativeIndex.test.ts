import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeRelativeIndex, encodeRelativeIndex } from './relativeIndex';

const maskArb = fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 300 }).map((a) => Uint8Array.from(a, (v) => (v < 2 ? 1 : 0)));

describe('encodeRelativeIndex', () => {
  it('inserts a filler zero when a difference exceeds 8 with 3-bit indices (Deep Compression §2, Fig. 2)', () => {
    // Kept weights at positions 1, 4 and 15 of 16: from 4 to 15 is a difference of 11 > 8,
    // so a filler zero is stored 8 positions after 4, at 12, and 15 follows 3 later.
    const mask = new Uint8Array(16);
    for (const p of [1, 4, 15]) mask[p] = 1;
    const { gaps, fillerCount, positions } = encodeRelativeIndex(mask, 3);
    expect(Array.from(positions)).toEqual([1, 4, 12, 15]);
    expect(Array.from(gaps)).toEqual([1, 2, 7, 2]); // zeros skipped = difference − 1
    expect(fillerCount).toBe(1);
  });

  it('fits a difference of exactly 2^b without a filler', () => {
    const mask = new Uint8Array(9);
    mask[0] = mask[8] = 1;
    expect(encodeRelativeIndex(mask, 3)).toEqual({ gaps: Uint8Array.of(0, 7), fillerCount: 0, positions: Uint32Array.of(0, 8) });
    mask[8] = 0;
    const longer = new Uint8Array(10);
    longer[0] = longer[9] = 1;
    expect(Array.from(encodeRelativeIndex(longer, 3).positions)).toEqual([0, 8, 9]);
  });

  it('needs ⌊run / 2^b⌋ fillers for every run of zeros before a kept weight', () => {
    fc.assert(
      fc.property(maskArb, fc.integer({ min: 1, max: 8 }), (mask, bits) => {
        let expected = 0;
        let run = 0;
        for (const m of mask) {
          if (m) {
            expected += Math.floor(run / 2 ** bits);
            run = 0;
          } else run++;
        }
        const { gaps, fillerCount } = encodeRelativeIndex(mask, bits);
        expect(fillerCount).toBe(expected);
        expect(gaps.length).toBe(mask.filter((m) => m).length + expected);
        expect(Math.max(0, ...gaps)).toBeLessThan(2 ** bits);
      }),
    );
  });

  it('round-trips: decoding the gaps gives back every stored position', () => {
    fc.assert(
      fc.property(maskArb, fc.integer({ min: 1, max: 8 }), (mask, bits) => {
        const { gaps, fillerCount, positions } = encodeRelativeIndex(mask, bits);
        const decoded = decodeRelativeIndex(gaps, mask.length);
        expect(decoded).toEqual(positions);
        const rebuilt = new Uint8Array(mask.length);
        let fillers = 0;
        for (const p of decoded) {
          if (mask[p]) rebuilt[p] = 1;
          else fillers++;
        }
        expect(rebuilt).toEqual(mask);
        expect(fillers).toBe(fillerCount);
      }),
    );
  });

  it('rejects bad bit widths and gaps that run past the tensor', () => {
    expect(() => encodeRelativeIndex(new Uint8Array(4), 0)).toThrow(/bits must be a whole number from 1 to 8, got 0/);
    expect(() => encodeRelativeIndex(new Uint8Array(4), 9)).toThrow(/got 9/);
    expect(() => decodeRelativeIndex(Uint8Array.of(2, 3), 5)).toThrow(/runs past the end of the tensor/);
  });
});
