import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BitReader, BitWriter } from './bits';

describe('BitWriter and BitReader', () => {
  it('write most significant bit first and pad the last byte with zeros', () => {
    const w = new BitWriter();
    w.write(0b101, 3);
    w.write(1, 1);
    w.write(0xff, 8);
    const { bytes, bitLength } = w.finish();
    expect(bitLength).toBe(12);
    expect(Array.from(bytes)).toEqual([0b1011_1111, 0b1111_0000]);
  });

  it('read back what was written, including full 32-bit words', () => {
    const field = fc.integer({ min: 0, max: 32 }).chain((bits) => fc.tuple(fc.constant(bits), fc.integer({ min: 0, max: 2 ** bits - 1 })));
    fc.assert(
      fc.property(fc.array(field, { maxLength: 100 }), (fields) => {
        const w = new BitWriter();
        for (const [bits, value] of fields) w.write(value, bits);
        const { bytes, bitLength } = w.finish();
        expect(bitLength).toBe(fields.reduce((s, [bits]) => s + bits, 0));
        const r = new BitReader(bytes, bitLength);
        for (const [bits, value] of fields) expect(r.read(bits)).toBe(value);
        expect(r.remaining).toBe(0);
      }),
    );
  });

  it('say so when the data ends early', () => {
    const r = new BitReader(Uint8Array.of(0xff), 3);
    expect(r.read(3)).toBe(7);
    expect(() => r.readBit()).toThrow('the coded data ends early (after 3 bits)');
    expect(() => new BitReader(new Uint8Array(1), 9)).toThrow('9 bits do not fit in 1 bytes');
  });
});
