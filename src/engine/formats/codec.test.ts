import { describe as group, expect, it } from 'vitest';
import { decode, encode, nextDown, nextUp, roundingError, ulp } from './codec';
import { FORMATS } from './table';

const value = (name: string, x: number) => decode(name, encode(name, x));

group('encode and decode by hand', () => {
  it('stores 0.1 in fp16 as 0x2E66 = 0.0999755859375', () => {
    expect(encode('fp16', 0.1)).toBe(0x2e66n);
    expect(decode('fp16', 0x2e66n)).toBe(0.0999755859375);
  });

  it('rounds fp16 ties to even between 2048 and 2052', () => {
    // Above 2048 the fp16 spacing is 2: 2049 lies between 2048 (even mantissa) and 2050 (odd).
    expect(value('fp16', 2049)).toBe(2048);
    expect(value('fp16', 2051)).toBe(2052);
    expect(value('fp16', 2050)).toBe(2050);
  });

  it('overflows fp16 to infinity from 65520, the midpoint past 65504', () => {
    expect(value('fp16', 65519)).toBe(65504);
    expect(value('fp16', 65520)).toBe(Infinity);
    expect(encode('fp16', -1e6)).toBe(0xfc00n);
    expect(encode('fp16', Infinity)).toBe(0x7c00n);
  });

  it('saturates fp8e4m3 at 448 instead of overflowing', () => {
    expect(value('fp8e4m3', 464)).toBe(448); // tie between 448 and 480, 448 is even
    expect(value('fp8e4m3', 465)).toBe(448);
    expect(value('fp8e4m3', 500)).toBe(448);
    expect(value('fp8e4m3', -1e9)).toBe(-448);
    expect(encode('fp8e4m3', Infinity)).toBe(0x7en);
    expect(encode('fp8e4m3', -Infinity)).toBe(0xfen);
  });

  it('reads S.1111.000 to S.1111.110 as normal fp8e4m3 numbers and only S.1111.111 as NaN', () => {
    expect([0x78n, 0x79n, 0x7an, 0x7dn, 0x7en].map((p) => decode('fp8e4m3', p))).toEqual([256, 288, 320, 416, 448]);
    expect(decode('fp8e4m3', 0xf8n)).toBe(-256);
    expect(decode('fp8e4m3', 0x7fn)).toBeNaN();
    expect(decode('fp8e4m3', 0xffn)).toBeNaN();
    expect(decode('fp8e4m3', 0x38n)).toBe(1);
    expect(decode('fp8e4m3', 0x01n)).toBe(2 ** -9);
  });

  it('overflows fp8e5m2 to infinity like IEEE', () => {
    expect(value('fp8e5m2', 57344)).toBe(57344);
    expect(value('fp8e5m2', 61439)).toBe(57344);
    expect(value('fp8e5m2', 61440)).toBe(Infinity); // midpoint to the next binade step, tie goes to even (up)
    expect(encode('fp8e5m2', -70000)).toBe(0xfcn);
    expect(decode('fp8e5m2', 0x7dn)).toBeNaN();
  });

  it('encodes NaN as the canonical NaN of each float format', () => {
    for (const name of ['fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8e4m3', 'fp8e5m2'] as const) {
      expect(encode(name, NaN)).toBe(FORMATS[name].canonicalNaN);
      expect(decode(name, FORMATS[name].canonicalNaN)).toBeNaN();
    }
  });

  it('keeps the sign of -0', () => {
    expect(encode('fp16', -0)).toBe(0x8000n);
    expect(Object.is(decode('fp16', 0x8000n), -0)).toBe(true);
    expect(encode('fp8e4m3', -0)).toBe(0x80n);
    expect(encode('fp64', -0)).toBe(0x8000000000000000n);
    expect(encode('fp16', -1e-10)).toBe(0x8000n); // underflows to -0
  });

  it('rounds into and out of the fp16 subnormals', () => {
    expect(encode('fp16', 2 ** -24)).toBe(0x0001n);
    expect(encode('fp16', 2 ** -25)).toBe(0x0000n); // tie between 0 and 2^-24: 0 is even
    expect(encode('fp16', 2 ** -25 * 1.0001)).toBe(0x0001n);
    expect(encode('fp16', 3 * 2 ** -25)).toBe(0x0002n); // tie between 1 and 2 steps: 2 is even
    expect(encode('fp16', 2 ** -14 - 2 ** -26)).toBe(0x0400n); // rounds up to the smallest normal
  });

  it('rounds integers half to even and saturates', () => {
    expect(decode('int8', encode('int8', 2.5))).toBe(2);
    expect(decode('int8', encode('int8', 3.5))).toBe(4);
    expect(decode('int8', encode('int8', -2.5))).toBe(-2);
    expect(decode('int8', encode('int8', -128.6))).toBe(-128);
    expect(decode('int8', encode('int8', 300))).toBe(127);
    expect(decode('uint8', encode('uint8', -3))).toBe(0);
    expect(decode('uint8', encode('uint8', 255.5))).toBe(255);
    expect(decode('int4', encode('int4', -9))).toBe(-8);
    expect(decode('uint4', encode('uint4', 7.5))).toBe(8);
    expect(decode('int32', encode('int32', Infinity))).toBe(2147483647);
    expect(Object.is(decode('int8', encode('int8', -0.2)), 0)).toBe(true);
  });

  it('stores integers as unsigned two\'s complement patterns', () => {
    expect(encode('int8', -1)).toBe(0xffn);
    expect(encode('int8', -128)).toBe(0x80n);
    expect(encode('int4', -1)).toBe(0xfn);
    expect(encode('int32', -2)).toBe(0xfffffffen);
    expect(encode('uint8', 200)).toBe(200n);
    expect(decode('int16', 0x8000n)).toBe(-32768);
  });

  it('agrees with Int8Array and Int16Array on every int8 and int16 pattern', () => {
    const i8 = new Int8Array(new Uint8Array(256).map((_, i) => i).buffer);
    for (let p = 0; p < 256; p++) expect(decode('int8', BigInt(p))).toBe(i8[p]);
    const i16 = new Int16Array(new Uint16Array(65536).map((_, i) => i).buffer);
    for (let p = 0; p < 65536; p++) if (decode('int16', BigInt(p)) !== i16[p]) throw new Error(`int16 0x${p.toString(16)}`);
  });

  it('refuses NaN for integer formats with a clear message', () => {
    expect(() => encode('int8', NaN)).toThrow('NaN has no int8 representation');
    expect(() => encode('uint4', NaN)).toThrow('NaN has no uint4 representation');
  });

  it('refuses patterns that are negative or wider than the format', () => {
    expect(() => decode('fp16', 0x10000n)).toThrow('0x10000 is wider than a fp16 pattern (16 bits)');
    expect(() => decode('int4', 16n)).toThrow('wider than a int4 pattern');
    expect(() => decode('fp8e4m3', -1n)).toThrow('fp8e4m3 patterns are unsigned');
    expect(() => nextUp('fp16', 0x10000n)).toThrow('wider');
    expect(() => decode('fp13', 0n)).toThrow('unknown format: fp13');
    expect(() => encode('fp13', 0)).toThrow('unknown format: fp13');
  });
});

group('neighbours', () => {
  it('steps through zero, to infinity and back in fp16', () => {
    expect(nextUp('fp16', 0x0000n)).toBe(0x0001n);
    expect(nextUp('fp16', 0x8000n)).toBe(0x0001n);
    expect(nextUp('fp16', 0x8001n)).toBe(0x8000n);
    expect(nextDown('fp16', 0x0000n)).toBe(0x8001n);
    expect(nextDown('fp16', 0x0001n)).toBe(0x0000n);
    expect(nextUp('fp16', 0x7bffn)).toBe(0x7c00n);
    expect(nextUp('fp16', 0x7c00n)).toBe(0x7c00n);
    expect(nextUp('fp16', 0xfc00n)).toBe(0xfbffn);
    expect(nextDown('fp16', 0xfbffn)).toBe(0xfc00n);
    expect(nextUp('fp16', 0x7e00n)).toBe(0x7e00n);
  });

  it('stays at ±448 in fp8e4m3, which has no infinity', () => {
    expect(nextUp('fp8e4m3', 0x7en)).toBe(0x7en);
    expect(nextDown('fp8e4m3', 0xfen)).toBe(0xfen);
    expect(nextUp('fp8e4m3', 0xfen)).toBe(0xfdn);
  });

  it('steps integers by one and stops at the ends', () => {
    expect(nextUp('int8', 0xffn)).toBe(0n);
    expect(nextDown('int8', 0n)).toBe(0xffn);
    expect(nextUp('int8', 0x7fn)).toBe(0x7fn);
    expect(nextDown('int8', 0x80n)).toBe(0x80n);
    expect(nextDown('uint8', 0n)).toBe(0n);
  });

  it('gives the ulp of 1 as epsilon in every float format, and 1 for integers', () => {
    for (const name of ['fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8e4m3', 'fp8e5m2'] as const) {
      expect(ulp(name, 1)).toBe(FORMATS[name].epsilon);
      expect(ulp(name, 0)).toBe(FORMATS[name].minSubnormal);
    }
    expect(ulp('fp16', 65504)).toBe(32);
    expect(ulp('fp16', 1e9)).toBe(Infinity);
    expect(ulp('fp16', -3)).toBe(2 ** -9);
    expect(ulp('fp8e4m3', 1000)).toBe(32);
    expect(ulp('fp16', NaN)).toBeNaN();
    expect(ulp('int8', 3.7)).toBe(1);
  });
});

group('rounding error', () => {
  it('reports the stored value and both errors of 0.1 in fp16', () => {
    const r = roundingError('fp16', 0.1);
    expect(r.stored).toBe(0.0999755859375);
    expect(r.absolute).toBe(Math.abs(0.0999755859375 - 0.1));
    expect(r.relative).toBeCloseTo(2.44140625e-4, 12);
    expect([r.overflow, r.underflowToZero]).toEqual([false, false]);
  });

  it('reports overflow to infinity and saturation', () => {
    expect(roundingError('fp16', 70000)).toMatchObject({ stored: Infinity, absolute: Infinity, relative: Infinity, overflow: true });
    expect(roundingError('fp16', 65510)).toMatchObject({ stored: 65504, overflow: false });
    expect(roundingError('fp8e4m3', 500)).toMatchObject({ stored: 448, absolute: 52, overflow: true });
    expect(roundingError('fp8e4m3', 464)).toMatchObject({ stored: 448, overflow: false });
    expect(roundingError('fp8e4m3', Infinity)).toMatchObject({ stored: 448, absolute: Infinity, relative: 1, overflow: true });
    expect(roundingError('fp16', Infinity)).toMatchObject({ stored: Infinity, absolute: 0, relative: 0, overflow: false });
  });

  it('reports that a negative number saturates to 0 in uint8', () => {
    expect(roundingError('uint8', -3)).toEqual({ stored: 0, absolute: 3, relative: 1, overflow: true, underflowToZero: false });
    expect(roundingError('int8', 300)).toMatchObject({ stored: 127, absolute: 173, overflow: true });
    expect(roundingError('int8', 127.4)).toMatchObject({ stored: 127, overflow: false });
  });

  it('reports underflow to zero', () => {
    expect(roundingError('fp16', 1e-9)).toMatchObject({ stored: 0, absolute: 1e-9, relative: 1, overflow: false, underflowToZero: true });
    expect(roundingError('int8', 0.4)).toMatchObject({ stored: 0, underflowToZero: true });
    expect(roundingError('fp16', 0)).toEqual({ stored: 0, absolute: 0, relative: 0, overflow: false, underflowToZero: false });
  });

  it('passes NaN through for floats and refuses it for integers', () => {
    const r = roundingError('fp16', NaN);
    expect([r.stored, r.absolute, r.relative]).toEqual([NaN, NaN, NaN]);
    expect(() => roundingError('int8', NaN)).toThrow('NaN has no int8 representation');
  });
});
