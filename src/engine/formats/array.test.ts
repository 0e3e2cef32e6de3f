import fc from 'fast-check';
import { describe as group, expect, it } from 'vitest';
import { decodeArray, encodeArray } from './array';
import { decode, encode } from './codec';
import { FORMATS, FORMAT_NAMES } from './table';
import { randomDouble, seededUint32 } from './testing';

const NARROW = FORMAT_NAMES.filter((n) => FORMATS[n].bits <= 32);

/** Values that exercise every format: random doubles of every size, small integers and halves, edge values. */
function testValues(): Float64Array {
  const next = seededUint32(7);
  const xs: number[] = [0, -0, Infinity, -Infinity, 0.5, 1.5, 2.5, -2.5, 448, 464, 65504, 65520, 300, -300, 1e-8, 0.1];
  for (let i = 0; i < 20000; i++) xs.push(randomDouble(next, -40, 40));
  for (let i = 0; i < 5000; i++) xs.push(((next() % 4000) - 2000) / 4);
  return Float64Array.from(xs);
}

group('encodeArray and decodeArray', () => {
  const xs = testValues();

  it.each(NARROW)('agree with encode and decode one value at a time in %s', (name) => {
    const patterns = encodeArray(name, xs);
    const values = decodeArray(name, patterns);
    for (let i = 0; i < xs.length; i++) {
      const bits = encode(name, xs[i]);
      if (BigInt(patterns[i]) !== bits || !Object.is(values[i], decode(name, bits))) throw new Error(`${name} at ${xs[i]}`);
    }
  });

  it('encode NaN as the canonical NaN and decode it back to NaN', () => {
    const p = encodeArray('fp16', new Float32Array([NaN]));
    expect(p[0]).toBe(0x7e00);
    expect(decodeArray('fp16', p)[0]).toBeNaN();
    expect(() => encodeArray('int8', [1, NaN])).toThrow('NaN has no int8 representation');
  });

  it('decode every fp16 and fp8 pattern as decode does', () => {
    for (const name of ['fp16', 'bf16', 'fp8e4m3', 'fp8e5m2', 'int16', 'int8', 'uint8', 'int4'] as const) {
      const all = Uint32Array.from({ length: 2 ** FORMATS[name].bits }, (_, i) => i);
      const values = decodeArray(name, all);
      for (let i = 0; i < all.length; i++) if (!Object.is(values[i], decode(name, BigInt(i)))) throw new Error(`${name} 0x${i.toString(16)}`);
    }
  });

  it('agree with the bigint functions on arbitrary float32 inputs', () => {
    fc.assert(fc.property(fc.float32Array({ minLength: 1, maxLength: 64, noNaN: true }), fc.constantFrom(...NARROW), (arr, name) => {
      const patterns = encodeArray(name, arr);
      arr.forEach((x, i) => expect(BigInt(patterns[i])).toBe(encode(name, x)));
    }), { seed: 8, numRuns: 500 });
  });

  it('write into a given output array', () => {
    const out = new Uint32Array(4);
    expect(encodeArray('int8', [-1, 1], out)).toBe(out);
    expect([...out]).toEqual([255, 1, 0, 0]);
    const values = new Float64Array(2);
    expect(decodeArray('int8', new Uint8Array([255, 128]), values)).toBe(values);
    expect([...values]).toEqual([-1, -128]);
  });

  it('refuse fp64, short outputs and patterns wider than the format', () => {
    expect(() => encodeArray('fp64', [1])).toThrow('encodeArray handles formats up to 32 bits; fp64 has 64');
    expect(() => decodeArray('fp64', new Uint32Array(1))).toThrow('up to 32 bits');
    expect(() => encodeArray('fp16', [1, 2], new Uint32Array(1))).toThrow('out has 1 slots for 2 values');
    expect(() => decodeArray('fp8e4m3', new Uint32Array([1, 256]))).toThrow('pattern 0x100 at index 1 is wider than fp8e4m3 (8 bits)');
    expect(() => encodeArray('fp12', [1])).toThrow('unknown format: fp12');
  });
});
