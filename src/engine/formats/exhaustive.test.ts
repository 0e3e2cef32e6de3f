// Every pattern of the 16- and 8-bit floats, checked against formulas written out here and
// against neighbouring formats read through DataView.
import fc from 'fast-check';
import { describe as group, expect, it } from 'vitest';
import { decode, encode, nextDown, nextUp, ulp } from './codec';
import { FORMATS, type FloatFormatName } from './table';
import { float32FromBits } from './testing';

type Small = Extract<FloatFormatName, 'fp16' | 'bf16' | 'fp8e4m3' | 'fp8e5m2'>;

/** IEEE binary16 by its formula, independent of the engine. */
function fp16ByFormula(p: number): number {
  const sign = p >> 15 ? -1 : 1;
  const e = (p >> 10) & 31;
  const m = p & 1023;
  if (e === 31) return m ? NaN : sign * Infinity;
  if (e === 0) return sign * m * Math.pow(2, -24);
  return sign * Math.pow(2, e - 15) * (1 + m / 1024);
}

/** OCP FP8 E4M3 by its formula: no infinities, NaN only at S.1111.111. */
function e4m3ByFormula(p: number): number {
  const sign = p >> 7 ? -1 : 1;
  const e = (p >> 3) & 15;
  const m = p & 7;
  if (e === 15 && m === 7) return NaN;
  if (e === 0) return sign * m * Math.pow(2, -9);
  return sign * Math.pow(2, e - 7) * (1 + m / 8);
}

/** The value of each pattern by a reference that does not use the engine. */
const REFERENCE: Record<Small, (p: number) => number> = {
  fp16: fp16ByFormula,
  bf16: (p) => float32FromBits(p << 16 >>> 0), // bf16 is the top half of an fp32
  fp8e4m3: e4m3ByFormula,
  fp8e5m2: (p) => fp16ByFormula(p << 8), // E5M2 is the top byte of an fp16
};

const NAN_COUNT: Record<Small, number> = { fp16: 2 * 1023, bf16: 2 * 127, fp8e4m3: 2, fp8e5m2: 2 * 3 };

function patternsOf(name: Small): bigint[] {
  return Array.from({ length: 2 ** FORMATS[name].bits }, (_, i) => BigInt(i));
}

/** Non-NaN patterns sorted by value (ties -0, +0 keep pattern order), and the distinct values. */
function ordered(name: Small) {
  const sorted = patternsOf(name).filter((p) => !Number.isNaN(decode(name, p))).sort((a, b) => decode(name, a) - decode(name, b));
  const values = [...new Set(sorted.map((p) => decode(name, p) + 0))]; // one zero, +0
  const rank = new Map(values.map((v, i) => [v, i]));
  return { sorted, values, rank };
}

/**
 * Round to nearest, ties to even, by search in the sorted list of values: a reference encoder that
 * knows nothing of exponents. Past the top the format either overflows to infinity at
 * max + gap/2 (ties go up, as max has an odd mantissa) or saturates ('fn').
 */
function nearestByList(name: Small, finite: number[], x: number): number {
  const f = FORMATS[name];
  const a = Math.abs(x);
  const sign = x < 0 || Object.is(x, -0) ? -1 : 1;
  const max = finite[finite.length - 1];
  if (a >= max) {
    const gap = max - finite[finite.length - 2];
    const overflows = f.specials === 'ieee' && a >= max + gap / 2;
    return sign * (overflows ? Infinity : max);
  }
  let lo = 0;
  let hi = finite.length - 1; // finite[lo] <= a < finite[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (finite[mid] <= a) lo = mid; else hi = mid;
  }
  const below = a - finite[lo];
  const above = finite[hi] - a;
  // Positive patterns count up with value, so index parity is pattern parity (both start at 0).
  const pick = below < above || (below === above && lo % 2 === 0) ? lo : hi;
  return sign * finite[pick];
}

const SMALL: Small[] = ['fp16', 'bf16', 'fp8e4m3', 'fp8e5m2'];

group.each(SMALL)('every %s pattern', (name) => {
  const { sorted, values, rank } = ordered(name);

  it('decodes to the value the reference formula gives', () => {
    for (const p of patternsOf(name)) {
      if (!Object.is(decode(name, p), REFERENCE[name](Number(p)))) throw new Error(`0x${p.toString(16)} decodes to ${decode(name, p)}, not ${REFERENCE[name](Number(p))}`);
    }
  });

  it('encodes back to itself unless it is NaN, and has the expected number of NaNs', () => {
    let nans = 0;
    for (const p of patternsOf(name)) {
      const v = decode(name, p);
      if (Number.isNaN(v)) nans++;
      else if (encode(name, v) !== p) throw new Error(`${name} 0x${p.toString(16)} = ${v} encodes to 0x${encode(name, v).toString(16)}`);
    }
    expect(nans).toBe(NAN_COUNT[name]);
    expect(sorted.length).toBe(2 ** FORMATS[name].bits - NAN_COUNT[name]);
  });

  it('is visited in value order by the nextUp chain from the bottom', () => {
    const chain = [sorted[0]];
    for (let p = nextUp(name, sorted[0]); p !== chain[chain.length - 1]; p = nextUp(name, p)) chain.push(p);
    // -0 and +0 are one value; the chain steps from -0 to the smallest subnormal.
    expect(chain.map((p) => decode(name, p) + 0)).toEqual(values);
    expect(decode(name, nextDown(name, chain[0]))).toBe(values[0]);
  });

  it('has nextUp and nextDown equal to the adjacent values', () => {
    for (const p of sorted) {
      const i = rank.get(decode(name, p) + 0)!;
      if (decode(name, nextUp(name, p)) !== values[Math.min(i + 1, values.length - 1)]) throw new Error(`nextUp(0x${p.toString(16)})`);
      if (decode(name, nextDown(name, p)) !== values[Math.max(i - 1, 0)]) throw new Error(`nextDown(0x${p.toString(16)})`);
    }
  });

  it('has ulp equal to the gap to the next value away from zero', () => {
    for (const p of sorted) {
      const v = decode(name, p);
      const next = decode(name, v < 0 || Object.is(v, -0) ? nextDown(name, p) : nextUp(name, p));
      if (!Number.isFinite(next) || Math.abs(v) === FORMATS[name].maxFinite) continue;
      expect(ulp(name, v)).toBe(Math.abs(next - v));
    }
    // At the top, the gap below max (the spacing of the top binade), not the distance to infinity.
    const max = FORMATS[name].maxFinite;
    expect(ulp(name, max)).toBe(max - decode(name, nextDown(name, encode(name, max))));
  });

  it('rounds any double to the nearest value in the sorted list, ties to even', () => {
    const finite = values.filter(Number.isFinite);
    const nonNegative = finite.filter((v) => v >= 0);
    const between = fc.tuple(fc.integer({ min: 0, max: finite.length - 2 }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([i, t]) => finite[i] + t * (finite[i + 1] - finite[i]));
    const midpoint = fc.integer({ min: 0, max: finite.length - 2 }).map((i) => (finite[i] + finite[i + 1]) / 2);
    const anyDouble = fc.double({ noNaN: true });
    const beyond = fc.double({ min: FORMATS[name].maxFinite, max: FORMATS[name].maxFinite * 1.2, noNaN: true }).chain((x) => fc.constantFrom(x, -x));
    fc.assert(fc.property(fc.oneof(between, midpoint, anyDouble, beyond), (x) => {
      expect(decode(name, encode(name, x))).toBe(nearestByList(name, nonNegative, x));
    }), { seed: 20261124, numRuns: 20000 });
  });
});
