/**
 * The one float codec: rounds a double to any float row of the format table and back, working on
 * the three fields as plain numbers (no bigint), so both the bigint API and the typed-array bulk
 * functions share it. `floatCodec(f)` precomputes the row's constants once.
 */
import { exponentOf, pow2 } from './pow2';
import type { FloatFormat } from './table';

/** The fields of a float pattern as numbers, and whether rounding went past the largest finite value. */
export interface FloatFields {
  sign: 0 | 1;
  biasedExponent: number;
  mantissa: number;
  /** The rounded value was beyond maxFinite, so it became ±infinity ('ieee') or was clamped to ±maxFinite ('fn'). */
  overflow: boolean;
}

export function newFloatFields(): FloatFields {
  return { sign: 0, biasedExponent: 0, mantissa: 0, overflow: false };
}

/** Constants derived from one format row, computed once. */
export interface FloatCodec {
  format: FloatFormat;
  mantissaBits: number;
  bias: number;
  emin: number;
  ieee: boolean;
  /** 2^mantissaBits: the implicit leading 1 of normals, in mantissa units. */
  hidden: number;
  /** The all-ones exponent field. */
  topExponent: number;
  /** Fields of the largest finite value. */
  maxBiased: number;
  maxMantissa: number;
  /** The mantissa of the canonical NaN. */
  nanMantissa: number;
  /** Value of one mantissa step among the subnormals, 2^(emin - mantissaBits). */
  subnormalStep: number;
}

const codecs = new Map<FloatFormat, FloatCodec>();

export function floatCodec(f: FloatFormat): FloatCodec {
  let c = codecs.get(f);
  if (!c) {
    const hidden = 2 ** f.mantissaBits;
    const ieee = f.specials === 'ieee';
    c = {
      format: f, mantissaBits: f.mantissaBits, bias: f.bias, emin: f.emin, ieee, hidden,
      topExponent: 2 ** f.exponentBits - 1,
      maxBiased: f.emax + f.bias,
      maxMantissa: ieee ? hidden - 1 : hidden - 2,
      nanMantissa: ieee ? hidden / 2 : hidden - 1,
      subnormalStep: pow2(f.emin - f.mantissaBits),
    };
    codecs.set(f, c);
  }
  return c;
}

/** Rounds n to the nearest integer, ties to the even one (exact for |n| < 2^53). */
export function roundHalfEven(n: number): number {
  const floor = Math.floor(n);
  const rest = n - floor;
  return rest > 0.5 || (rest === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
}

/** ±infinity for 'ieee' formats, ±maxFinite for 'fn' formats (the sign is already set). */
function setLargest(c: FloatCodec, out: FloatFields): FloatFields {
  out.biasedExponent = c.ieee ? c.topExponent : c.maxBiased;
  out.mantissa = c.ieee ? 0 : c.maxMantissa;
  return out;
}

/**
 * Rounds the double x to the codec's format (round to nearest, ties to even) and writes the fields
 * of the result into `out` (reuse one object in hot loops). NaN gives the canonical NaN; -0 keeps
 * its sign. Overflow gives ±infinity for 'ieee' formats and ±maxFinite for 'fn' formats (also for
 * x = ±infinity, which counts as overflow there).
 */
export function encodeFloatFields(c: FloatCodec, x: number, out: FloatFields = newFloatFields()): FloatFields {
  out.overflow = false;
  if (x !== x) {
    out.sign = 0;
    out.biasedExponent = c.topExponent;
    out.mantissa = c.nanMantissa;
    return out;
  }
  out.sign = x < 0 || (x === 0 && 1 / x < 0) ? 1 : 0;
  const a = Math.abs(x);
  if (a === 0) {
    out.biasedExponent = 0;
    out.mantissa = 0;
    return out;
  }
  if (a === Infinity) {
    out.overflow = !c.ieee;
    return setLargest(c, out);
  }
  const e = exponentOf(a);
  // Representable values near a are 2^(e - m) apart, or a fixed subnormal step below 2^emin.
  // Dividing by a power of two is exact here, so the only rounding is roundHalfEven.
  const steps = roundHalfEven(a / pow2((e > c.emin ? e : c.emin) - c.mantissaBits));
  let biased: number;
  let mantissa: number;
  if (e < c.emin) {
    // Subnormal: steps in [0, 2^m]; 2^m means it rounded up to the smallest normal.
    biased = steps === c.hidden ? 1 : 0;
    mantissa = steps === c.hidden ? 0 : steps;
  } else {
    biased = e + c.bias;
    mantissa = steps - c.hidden;
    if (mantissa === c.hidden) {
      // 1.11…1 rounded up to 10.0: the next binade.
      biased++;
      mantissa = 0;
    }
  }
  if (biased > c.maxBiased || (biased === c.maxBiased && mantissa > c.maxMantissa)) {
    out.overflow = true;
    return setLargest(c, out);
  }
  out.biasedExponent = biased;
  out.mantissa = mantissa;
  return out;
}

/** Whether these fields are a NaN pattern. */
export function isNaNFields(c: FloatCodec, biasedExponent: number, mantissa: number): boolean {
  return biasedExponent === c.topExponent && (c.ieee ? mantissa !== 0 : mantissa === c.hidden - 1);
}

/** Whether these fields are ±infinity (never, for 'fn' formats). */
export function isInfinityFields(c: FloatCodec, biasedExponent: number, mantissa: number): boolean {
  return c.ieee && biasedExponent === c.topExponent && mantissa === 0;
}

/**
 * The exact value the fields store: (-1)^sign · 2^(E - bias) · (1 + mantissa/2^m) for normals,
 * (-1)^sign · 2^(1 - bias) · (mantissa/2^m) for subnormals and zeros. Every product is exact.
 */
export function decodeFloatFields(c: FloatCodec, sign: number, biasedExponent: number, mantissa: number): number {
  let magnitude: number;
  if (biasedExponent === 0) magnitude = mantissa * c.subnormalStep;
  else if (biasedExponent !== c.topExponent || !(c.ieee || mantissa === c.hidden - 1)) {
    magnitude = (c.hidden + mantissa) * pow2(biasedExponent - c.bias - c.mantissaBits);
  } else if (c.ieee && mantissa === 0) magnitude = Infinity;
  else return NaN;
  return sign ? -magnitude : magnitude;
}
