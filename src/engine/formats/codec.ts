/**
 * Encode, decode, neighbours, gaps and rounding error for every format, with patterns as unsigned
 * bigints of the format's width (int8 -1 is 0xFFn, fp16 -0 is 0x8000n).
 */
import { decodeFloatFields, encodeFloatFields, floatCodec, newFloatFields, type FloatFields } from './float';
import { intOverflows, intPattern, intValue, roundToInt } from './int';
import { exponentOf, pow2 } from './pow2';
import { getFormat, type FloatFormat, type Format } from './table';

/** Where the fields sit in a pattern, as bigints, computed once per format. */
interface Layout { width: bigint; signShift: bigint; mantissaBits: bigint; exponentMask: bigint; mantissaMask: bigint }

const layouts = new Map<Format, Layout>();

function layoutOf(f: Format): Layout {
  let l = layouts.get(f);
  if (!l) {
    const m = f.kind === 'float' ? f.mantissaBits : 0;
    const e = f.kind === 'float' ? f.exponentBits : 0;
    l = { width: BigInt(f.bits), signShift: BigInt(f.bits - 1), mantissaBits: BigInt(m), exponentMask: (1n << BigInt(e)) - 1n, mantissaMask: (1n << BigInt(m)) - 1n };
    layouts.set(f, l);
  }
  return l;
}

const scratch = newFloatFields();

/** Throws unless bits is a pattern of f: a bigint in [0, 2^f.bits). */
export function checkPattern(f: Format, bits: bigint): void {
  if (typeof bits !== 'bigint') throw new Error(`a ${f.name} pattern must be a bigint, got ${typeof bits}`);
  if (bits < 0n) throw new Error(`${f.name} patterns are unsigned; got ${bits}`);
  if (bits >> layoutOf(f).width !== 0n) {
    throw new Error(`0x${bits.toString(16)} is wider than a ${f.name} pattern (${f.bits} bits)`);
  }
}

/** Splits a (checked) float pattern into its fields. */
export function splitFloat(f: FloatFormat, bits: bigint): { sign: 0 | 1; biasedExponent: number; mantissa: number } {
  const l = layoutOf(f);
  return {
    sign: bits >> l.signShift ? 1 : 0,
    biasedExponent: Number((bits >> l.mantissaBits) & l.exponentMask),
    mantissa: Number(bits & l.mantissaMask),
  };
}

function joinFloat(f: FloatFormat, fields: FloatFields): bigint {
  const l = layoutOf(f);
  return (BigInt(fields.sign) << l.signShift) | (BigInt(fields.biasedExponent) << l.mantissaBits) | BigInt(fields.mantissa);
}

/**
 * The pattern of x rounded to the format: round to nearest, ties to even.
 * Floats: overflow gives ±infinity, except 'fn' formats (fp8e4m3), which saturate to ±maxFinite;
 * NaN gives `canonicalNaN`; -0 gives the negative-zero pattern.
 * Integers: round half to even, saturate to [min, max]; NaN throws `NaN has no <name> representation`.
 */
export function encode(name: string, x: number): bigint {
  const f = getFormat(name);
  if (f.kind === 'int') return BigInt(intPattern(f, roundToInt(f, x)));
  return joinFloat(f, encodeFloatFields(floatCodec(f), x, scratch));
}

/** The exact value a pattern stores. Throws for a negative pattern or one wider than the format. */
export function decode(name: string, bits: bigint): number {
  const f = getFormat(name);
  checkPattern(f, bits);
  if (f.kind === 'int') return intValue(f, Number(bits));
  const { sign, biasedExponent, mantissa } = splitFloat(f, bits);
  return decodeFloatFields(floatCodec(f), sign, biasedExponent, mantissa);
}

/**
 * The pattern of the next larger representable value (IEEE 754 nextUp).
 * ±0 → smallest positive subnormal; -smallest subnormal → -0; -infinity → -maxFinite;
 * +maxFinite → +infinity where the format has it, else (fp8e4m3, integers at max) the same pattern;
 * +infinity and NaN stay as they are.
 */
export function nextUp(name: string, bits: bigint): bigint {
  const f = getFormat(name);
  const v = decode(name, bits);
  if (f.kind === 'int') return v === f.max ? bits : BigInt(intPattern(f, v + 1));
  if (v !== v || v === Infinity) return bits;
  if (v === 0) return 1n;
  if (v < 0) return bits - 1n; // negative: one step toward zero
  const next = bits + 1n;
  return Number.isNaN(decode(name, next)) ? bits : next;
}

/** The pattern of the next smaller representable value: the mirror image of nextUp (+0 → -smallest subnormal, -maxFinite → -infinity or stays). */
export function nextDown(name: string, bits: bigint): bigint {
  const f = getFormat(name);
  if (f.kind === 'int') {
    const v = decode(name, bits);
    return v === f.min ? bits : BigInt(intPattern(f, v - 1));
  }
  checkPattern(f, bits);
  const signBit = 1n << layoutOf(f).signShift;
  return nextUp(name, bits ^ signBit) ^ signBit;
}

/**
 * The spacing of representable values at x: the distance from |stored x| to the next value away
 * from zero, 2^(max(e, emin) - mantissaBits) where e = floor(log2 |stored|). At 0 it is minSubnormal;
 * at maxFinite it is the spacing of the top binade (as if the exponent range went on); for an
 * infinite stored value Infinity; for NaN NaN. Integers: 1 (NaN throws, as in encode).
 */
export function ulp(name: string, x: number): number {
  const f = getFormat(name);
  if (f.kind === 'int') {
    roundToInt(f, x);
    return 1;
  }
  const stored = Math.abs(decode(name, encode(name, x)));
  if (stored !== stored || stored === Infinity) return stored;
  if (stored === 0) return f.minSubnormal;
  return pow2(Math.max(exponentOf(stored), f.emin) - f.mantissaBits);
}

export interface RoundingError {
  /** The value the format stores for x. */
  stored: number;
  /** |stored - x| (0 when both are the same infinity; NaN for NaN). */
  absolute: number;
  /** absolute / |x|; 0 for x = 0; 1 when an infinite x was clamped to a finite value; NaN for NaN. */
  relative: number;
  /** x was out of range: it became ±infinity, or was clamped to the largest/smallest value (fp8e4m3, integers). */
  overflow: boolean;
  /** x was not zero, is in range, and is stored as zero (it was smaller than half the smallest subnormal, or than 0.5 for integers). */
  underflowToZero: boolean;
}

/** What storing x in the format costs: the stored value, the absolute and relative error, and range failures. */
export function roundingError(name: string, x: number): RoundingError {
  const f = getFormat(name);
  let stored: number;
  let overflow: boolean;
  if (f.kind === 'int') {
    stored = roundToInt(f, x);
    overflow = intOverflows(f, x);
  } else {
    const c = floatCodec(f);
    const fields = encodeFloatFields(c, x, scratch);
    stored = decodeFloatFields(c, fields.sign, fields.biasedExponent, fields.mantissa);
    overflow = fields.overflow;
  }
  if (x !== x) return { stored, absolute: NaN, relative: NaN, overflow: false, underflowToZero: false };
  const absolute = stored === x ? 0 : Math.abs(stored - x);
  const relative = absolute === 0 ? 0 : Number.isFinite(x) ? absolute / Math.abs(x) : 1;
  return { stored, absolute, relative, overflow, underflowToZero: !overflow && x !== 0 && stored === 0 };
}
