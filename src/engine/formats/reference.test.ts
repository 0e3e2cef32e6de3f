// fp32, tf32, bf16 and fp64 against DataView and the bit-level rounding used by hardware, on
// seeded random doubles and on the edge values.
import { describe as group, expect, it } from 'vitest';
import { decode, encode, nextDown, nextUp, ulp } from './codec';
import { shortestDecimal } from './decimal';
import { FORMATS } from './table';
import { float32Bits, float32FromBits, float64Bits, float64FromBits, randomDouble, seededUint32 } from './testing';

const N = 100_000;

/** Doubles of every exponent, doubles near the fp32 range, and exact midpoints between adjacent fp32s. */
function samples(seed: number): number[] {
  const next = seededUint32(seed);
  const out: number[] = [];
  for (let i = 0; i < N; i++) out.push(randomDouble(next));
  for (let i = 0; i < N; i++) out.push(randomDouble(next, -152, 129));
  for (let i = 0; i < N; i++) {
    const p = next() & 0x7f7fffff; // a finite fp32 below max, either sign
    out.push((float32FromBits(p) + float32FromBits(p + 1)) / 2);
  }
  return out;
}

const EDGES = [
  0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity,
  2.2250738585072014e-308, 1, -1, 0.1, 1 / 3,
  FORMATS.fp32.maxFinite, FORMATS.fp32.minNormal, FORMATS.fp32.minSubnormal,
  FORMATS.fp32.minSubnormal / 2, FORMATS.fp32.minSubnormal * 1.5, FORMATS.fp32.minSubnormal / 2 * 1.000001,
  FORMATS.fp32.maxFinite + 2 ** 103, FORMATS.fp32.maxFinite + 2 ** 103 - 2 ** 60, // midpoint to 2^128 and just below
  1 + 2 ** -24, 1 + 3 * 2 ** -24, 16777217, 16777219,
];

group('fp32 against DataView', () => {
  const xs = [...EDGES, ...samples(1)];

  it('encodes each double to the pattern DataView.setFloat32 stores', () => {
    for (const x of xs) {
      if (encode('fp32', x) !== BigInt(float32Bits(x))) throw new Error(`fp32 encode(${x})`);
    }
    expect(encode('fp32', NaN)).toBe(BigInt(float32Bits(NaN)));
  });

  it('decodes to Math.fround of the input', () => {
    for (const x of xs) {
      if (!Object.is(decode('fp32', encode('fp32', x)), Math.fround(x))) throw new Error(`fp32 decode(encode(${x}))`);
    }
  });

  it('decodes random patterns as DataView.getFloat32 does', () => {
    const next = seededUint32(2);
    for (let i = 0; i < N; i++) {
      const p = next();
      if (!Object.is(decode('fp32', BigInt(p)), float32FromBits(p))) throw new Error(`fp32 decode(0x${p.toString(16)})`);
    }
  });
});

group('fp64 against DataView', () => {
  it('encodes and decodes random doubles and patterns exactly as DataView does', () => {
    const next = seededUint32(3);
    for (let i = 0; i < N; i++) {
      const p = (BigInt(next()) << 32n) | BigInt(next());
      const x = float64FromBits(p);
      if (!Object.is(decode('fp64', p), x)) throw new Error(`fp64 decode(0x${p.toString(16)})`);
      if (x === x && encode('fp64', x) !== p) throw new Error(`fp64 encode(${x})`);
    }
    for (const x of EDGES) expect(encode('fp64', x)).toBe(float64Bits(x));
    expect(encode('fp64', NaN)).toBe(0x7ff8000000000000n);
  });

  it('round-trips doubles of every exponent, subnormals included, to the same bits and value', () => {
    const next = seededUint32(5);
    const xs = [...EDGES];
    for (let i = 0; i < N; i++) xs.push(randomDouble(next));
    for (let i = 0; i < 1000; i++) xs.push(randomDouble(next, -1074, -1023)); // subnormals
    for (const x of xs) {
      const bits = encode('fp64', x);
      if (bits !== float64Bits(x) || !Object.is(decode('fp64', bits), x)) throw new Error(`fp64 round trip of ${x}`);
      if (shortestDecimal('fp64', bits) !== (Object.is(x, -0) ? '-0' : String(x))) throw new Error(`fp64 shortest decimal of ${x}`);
    }
  });

  it('steps to the neighbouring double as the next DataView pattern does', () => {
    const next = seededUint32(6);
    for (let i = 0; i < N / 10; i++) {
      const x = Math.abs(randomDouble(next));
      if (x === Number.MAX_VALUE) continue;
      const bits = float64Bits(x);
      if (nextUp('fp64', bits) !== bits + 1n) throw new Error(`fp64 nextUp(${x})`);
      if (x > 0 && nextDown('fp64', bits) !== bits - 1n) throw new Error(`fp64 nextDown(${x})`);
      if (ulp('fp64', x) !== float64FromBits(bits + 1n) - x) throw new Error(`fp64 ulp(${x})`);
    }
  });
});

/** Round a float32 pattern to its top (32 - drop) bits, ties to even: the usual bit trick for bf16 and tf32. */
function truncateBits(u: number, drop: number): number {
  const half = 2 ** (drop - 1) - 1;
  return Math.floor((u + half + (Math.floor(u / 2 ** drop) & 1)) / 2 ** drop);
}

group('bf16 and tf32 against fp32 bit rounding', () => {
  const next = seededUint32(4);
  const floats: number[] = [];
  for (let i = 0; i < N; i++) {
    const u = next();
    if ((u & 0x7f800000) !== 0x7f800000 || (u & 0x7fffff) === 0) floats.push(u); // no NaNs
  }

  it('encodes fp32 values to bf16 as the top 16 bits rounded to nearest even', () => {
    for (const u of floats) {
      if (encode('bf16', float32FromBits(u)) !== BigInt(truncateBits(u, 16))) throw new Error(`bf16 encode 0x${u.toString(16)}`);
    }
  });

  it('encodes fp32 values to tf32 as the top 19 bits rounded to nearest even', () => {
    for (const u of floats) {
      if (encode('tf32', float32FromBits(u)) !== BigInt(truncateBits(u, 13))) throw new Error(`tf32 encode 0x${u.toString(16)}`);
    }
  });

  it('decodes every tf32 pattern like the fp32 with the low 13 bits zero', () => {
    for (let p = 0; p < 2 ** 19; p++) {
      if (!Object.is(decode('tf32', BigInt(p)), float32FromBits(p * 2 ** 13))) throw new Error(`tf32 decode 0x${p.toString(16)}`);
    }
  });
});
