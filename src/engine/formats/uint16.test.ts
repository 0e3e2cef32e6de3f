// uint16 over all 65,536 codes, against the JavaScript's own Uint16Array and DataView (no engine maths).
import { describe as group, expect, it } from 'vitest';
import { decodeArray, encodeArray } from './array';
import { decode, encode, nextDown, nextUp, roundingError, ulp } from './codec';
import { describe } from './describe';

const CODES = 65536;
const view = new DataView(new ArrayBuffer(2));

/** The number DataView reads back from the two bytes of a code, little-endian: the reference value. */
function referenceValue(code: number): number {
  view.setUint8(0, code & 0xff);
  view.setUint8(1, code >>> 8);
  return view.getUint16(0, true);
}

group('every uint16 code', () => {
  it('decodes to the value DataView reads from its bytes, and encodes back to itself', () => {
    for (let p = 0; p < CODES; p++) {
      const v = decode('uint16', BigInt(p));
      if (v !== referenceValue(p)) throw new Error(`uint16 0x${p.toString(16)} decodes to ${v}`);
      if (encode('uint16', v) !== BigInt(p)) throw new Error(`uint16 ${v} encodes to ${encode('uint16', v)}`);
    }
  });

  it('rounds the values between codes to the nearest code, ties to the even one', () => {
    for (let p = 0; p < CODES - 1; p++) {
      if (encode('uint16', p + 0.25) !== BigInt(p)) throw new Error(`uint16 ${p} + 0.25`);
      if (encode('uint16', p + 0.75) !== BigInt(p + 1)) throw new Error(`uint16 ${p} + 0.75`);
      if (encode('uint16', p + 0.5) !== BigInt(p % 2 === 0 ? p : p + 1)) throw new Error(`uint16 ${p} + 0.5`);
    }
  });

  it('steps one code up and down, and stops at 0 and 65535', () => {
    for (let p = 0; p < CODES; p++) {
      if (nextUp('uint16', BigInt(p)) !== BigInt(Math.min(p + 1, CODES - 1))) throw new Error(`nextUp(${p})`);
      if (nextDown('uint16', BigInt(p)) !== BigInt(Math.max(p - 1, 0))) throw new Error(`nextDown(${p})`);
    }
    expect(ulp('uint16', 1234)).toBe(1);
  });

  it('agrees with Uint16Array in bulk, both ways', () => {
    const codes = Uint16Array.from({ length: CODES }, (_, i) => i);
    const values = decodeArray('uint16', codes);
    expect(Array.from(values)).toEqual(Array.from(codes));
    expect(Array.from(encodeArray('uint16', values))).toEqual(Array.from(codes));
  });

  it('saturates below 0 and above 65535, refuses NaN, and has no sign field', () => {
    expect(encode('uint16', -1)).toBe(0n);
    expect(encode('uint16', -Infinity)).toBe(0n);
    expect(encode('uint16', 65535.4)).toBe(65535n);
    expect(encode('uint16', 70000)).toBe(65535n);
    expect(roundingError('uint16', 70000)).toMatchObject({ stored: 65535, overflow: true });
    expect(roundingError('uint16', 0.4)).toMatchObject({ stored: 0, underflowToZero: true });
    expect(() => encode('uint16', NaN)).toThrow('NaN has no uint16 representation');
    // The pattern int16 reads as -1 is uint16's largest value.
    expect(decode('uint16', 0xffffn)).toBe(65535);
    expect(decode('int16', 0xffffn)).toBe(-1);
    expect(describe('uint16', 0x8000n).fields.map((f) => [f.name, f.width])).toEqual([['low', 16]]);
  });
});
