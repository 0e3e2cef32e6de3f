import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { castTensor, type CastFormat } from './cast';
import { decodeArray, encodeArray, FORMATS } from '../formats';
import { seededUint32 } from '../random';

/** bfloat16 by bit manipulation of the float32 pattern: round to nearest even on the low 16 bits. */
function bf16Reference(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer);
  u[0] = ((u[0] + 0x7fff + ((u[0] >>> 16) & 1)) >>> 16) << 16;
  return f[0];
}

/** fp16 from first principles: 11 significant bits, subnormals below 2^-14, overflow past 65520. */
function fp16Reference(x: number): number {
  const a = Math.abs(x);
  if (a >= 65520) return Math.sign(x) * Infinity;
  const exp = Math.max(Math.floor(Math.log2(a)), -14);
  const step = 2 ** (exp - 10);
  const q = a / step;
  const f = Math.floor(q);
  const r = q - f > 0.5 || (q - f === 0.5 && f % 2 === 1) ? f + 1 : f;
  return Math.sign(x) * r * step;
}

describe('castTensor', () => {
  it('rounds to bfloat16 like truncating a float32 with round-to-nearest-even', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e38), max: Math.fround(1e38) }), (x) => {
        expect(castTensor([x], 'bf16')[0]).toBe(bf16Reference(x));
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds to fp16 with subnormals, ties to even, and overflow to infinity', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, min: -70000, max: 70000 }).filter((x) => x !== 0), (x) => {
        expect(castTensor([x], 'fp16')[0]).toBe(fp16Reference(x));
      }),
      { numRuns: 5000 },
    );
    expect(Array.from(castTensor([1 + 2 ** -11, 1 + 3 * 2 ** -11, 65504, 65520, 2 ** -25, 2 ** -24], 'fp16'))).toEqual([
      1,
      1 + 2 ** -9,
      65504,
      Infinity,
      0,
      2 ** -24,
    ]);
  });

  it('saturates fp8e4m3 at ±448 and overflows fp8e5m2 to infinity (Micikevicius et al. 2022)', () => {
    expect(Array.from(castTensor([500, -1e6, 448, 2 ** -9, 2 ** -10], 'fp8e4m3'))).toEqual([448, -448, 448, 2 ** -9, 0]);
    expect(Array.from(castTensor([57344, 61440, 2 ** -16, 1.25], 'fp8e5m2'))).toEqual([57344, Infinity, 2 ** -16, 1.25]);
    // e4m3 has 3 mantissa bits: 1.0625 is a tie between 1 and 1.125 → 1 (even)
    expect(castTensor([1.0625, 1.1875], 'fp8e4m3')).toEqual(Float32Array.of(1, 1.25));
  });

  it('keeps NaN and names an unknown format', () => {
    expect(castTensor([Number.NaN], 'fp16')[0]).toBeNaN();
    // @ts-expect-error testing a bad name from untyped callers
    expect(() => castTensor([1], 'fp4')).toThrow('unknown cast format: fp4');
  });
});

const CAST_FORMATS: CastFormat[] = ['fp16', 'bf16', 'fp8e4m3', 'fp8e5m2'];
const bitsOf = (x: Float32Array) => new Uint32Array(x.buffer, x.byteOffset, x.length);
const fromBits = (bits: ArrayLike<number>) => new Float32Array(Uint32Array.from(bits).buffer);
const randomBits = (n: number, pattern: () => number) => new Float32Array(Uint32Array.from({ length: n }, pattern).buffer);
const hex = (b: number) => `0x${b.toString(16).padStart(8, '0')}`;

/** The generic codec's round trip, which castTensor used for every input before its float32 fast path. */
const generic = (x: Float32Array, f: CastFormat) => Float32Array.from(decodeArray(f, encodeArray(f, x)));

/** Both signs of each value. */
const withNegatives = (x: Float32Array) => Float32Array.from([...x, ...x.map((v) => -v)]);

/** The first few inputs whose fast cast differs from the generic one bit for bit (any NaN matches any NaN). */
function mismatches(x: Float32Array, f: CastFormat): string[] {
  const fast = castTensor(x, f);
  const ref = generic(x, f);
  const [xb, fb, rb] = [bitsOf(x), bitsOf(fast), bitsOf(ref)];
  const wrong: string[] = [];
  for (let i = 0; i < x.length && wrong.length < 5; i++) {
    if (fb[i] !== rb[i] && !(Number.isNaN(fast[i]) && Number.isNaN(ref[i]))) wrong.push(`${hex(xb[i])} → ${hex(fb[i])}, generic ${hex(rb[i])}`);
  }
  return wrong;
}

/** Every value of the format's patterns, as float32 (each is exact in float32). */
function everyValue(f: CastFormat): Float32Array {
  return Float32Array.from(decodeArray(f, Uint32Array.from({ length: 2 ** FORMATS[f].bits }, (_, p) => p)));
}

/**
 * The midpoints between adjacent non-negative values of the format, including the one between its
 * largest finite value and the next value a wider exponent would give (the overflow threshold),
 * each with its float32 neighbours one ulp either side, in both signs.
 */
function midpointsAndNeighbours(f: CastFormat): Float32Array {
  const { maxFinite, emax, mantissaBits } = FORMATS[f];
  const values = [...new Set(everyValue(f).filter((v) => v >= 0 && v <= maxFinite))].sort((a, b) => a - b);
  values.push(maxFinite + 2 ** (emax - mantissaBits));
  const mids = new Float32Array(values.length - 1);
  for (let k = 0; k + 1 < values.length; k++) mids[k] = (values[k] + values[k + 1]) / 2;
  mids.forEach((m, k) => expect(m).toBe((values[k] + values[k + 1]) / 2)); // exact: one bit more than the format
  const b = bitsOf(mids);
  return withNegatives(fromBits([...b, ...b.map((u) => u - 1), ...b.map((u) => u + 1)]));
}

/** Every float32 exponent field with mantissas at the edges and at each format's rounding boundaries. */
function everyExponent(): Float32Array {
  const next = seededUint32(7);
  const mantissas = new Set([0, 1, 2, 0x3fffff, 0x400000, 0x400001, 0x7ffffe, 0x7fffff]);
  for (const shift of [13, 16, 20, 21]) {
    const half = 1 << (shift - 1);
    for (const m of [half - 1, half, half + 1, (1 << shift) | half, ((1 << shift) | half) - 1, ((1 << shift) | half) + 1, (1 << shift) - 1, 1 << shift]) mantissas.add(m);
  }
  for (let k = 0; k < 8; k++) mantissas.add(next() & 0x7fffff);
  const bits: number[] = [];
  for (let e = 0; e < 256; e++) for (const m of mantissas) bits.push(((e << 23) | m) >>> 0);
  return withNegatives(fromBits(bits));
}

const SPECIALS = fromBits([
  0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0xffffffff, 0x7fbfffff,
  0x7f7fffff, 0xff7fffff, 0x00000001, 0x80000001, 0x007fffff, 0x00800000,
]);

describe('castTensor on float32 (bit arithmetic) agrees with the generic codec', () => {
  it.each(CAST_FORMATS)('%s: every pattern of the format comes back unchanged', (f) => {
    const values = everyValue(f);
    expect(mismatches(values, f)).toEqual([]);
    const cast = castTensor(values, f);
    values.forEach((v, i) => { if (!Number.isNaN(v)) expect(cast[i]).toBe(v); });
  });

  it.each(CAST_FORMATS)('%s: every midpoint and its float32 neighbours', (f) => {
    expect(mismatches(midpointsAndNeighbours(f), f)).toEqual([]);
  });

  it.each(CAST_FORMATS)('%s: every float32 exponent with mantissas at rounding boundaries, and specials', (f) => {
    expect(mismatches(everyExponent(), f)).toEqual([]);
    expect(mismatches(SPECIALS, f)).toEqual([]);
  });

  it.each(CAST_FORMATS)('%s: a million random float32 patterns, and a million within the format\'s range', (f) => {
    const next = seededUint32(CAST_FORMATS.indexOf(f) + 1);
    const { emin, emax, mantissaBits } = FORMATS[f];
    const anywhere = randomBits(2 ** 20, next);
    expect(mismatches(anywhere, f)).toEqual([]);
    // Exponents from below the smallest subnormal to past the largest finite value.
    const lo = Math.max(emin - mantissaBits - 2, -149);
    const near = randomBits(2 ** 20, () => {
      const e = lo + (next() % (Math.min(emax + 2, 127) - lo + 1));
      return ((next() & 0x807fffff) | (Math.max(e + 127, 0) << 23)) >>> 0;
    });
    expect(mismatches(near, f)).toEqual([]);
  });

  it('writes into `out`, which may be the input itself, and refuses a short one', () => {
    const x = Float32Array.of(1 + 2 ** -11, -(2 ** -25), 70000, 2 ** -20);
    const expected = castTensor(x, 'fp16');
    expect(castTensor(x, 'fp16', x)).toBe(x);
    expect(bitsOf(x)).toEqual(bitsOf(expected));
    expect(Object.is(x[1], -0)).toBe(true);
    expect(() => castTensor(x, 'fp16', new Float32Array(3))).toThrow('out has 3 slots for 4 values');
  });
});
