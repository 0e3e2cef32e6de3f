/** A pattern taken apart into its fields and the terms of the value formula, for display. */
import { checkPattern, decode, splitFloat } from './codec';
import { floatCodec, isInfinityFields, isNaNFields } from './float';
import { getFormat } from './table';

export type PatternClass = 'zero' | 'subnormal' | 'normal' | 'infinity' | 'nan' | 'integer';

/** One run of bits in a pattern: bits = (pattern >> offset) & (2^width - 1). */
export interface Field {
  name: 'sign' | 'exponent' | 'mantissa' | 'top' | 'low';
  /** Index of the field's least significant bit (0 = the pattern's lsb). */
  offset: number;
  width: number;
  bits: bigint;
}

export interface PatternDescription {
  format: string;
  bits: bigint;
  width: number;
  value: number;
  class: PatternClass;
  /**
   * From the most significant field to the least. Floats: sign, exponent, mantissa.
   * Signed integers, two's complement: top (the top bit, worth -2^(bits-1)) and low (the other
   * bits, worth +2^i): value = -top·2^(bits-1) + low. The low bits are not a magnitude: 0xFF is -1.
   * Unsigned integers: low only.
   */
  fields: Field[];
  /** The top bit for floats and signed integers; 0 for unsigned integers. */
  sign: 0 | 1;
  // Float terms, undefined for integers: value = (-1)^sign · 2^exponent · significand.
  /** The exponent field as an unsigned number. */
  biasedExponent?: number;
  /** biasedExponent - bias for normals, 1 - bias for zeros and subnormals; undefined for infinity and NaN. */
  exponent?: number;
  /** 1 + mantissaFraction for normals, mantissaFraction for zeros and subnormals; undefined for infinity and NaN. */
  significand?: number;
  /** The mantissa field m read as the fraction m / 2^mantissaBits, in [0, 1). */
  mantissaFraction?: number;
}

function field(name: Field['name'], bits: bigint, offset: number, width: number): Field {
  return { name, offset, width, bits: (bits >> BigInt(offset)) & ((1n << BigInt(width)) - 1n) };
}

/** Takes a pattern apart. Throws for a negative pattern or one wider than the format. */
export function describe(name: string, bits: bigint): PatternDescription {
  const f = getFormat(name);
  checkPattern(f, bits);
  const value = decode(name, bits);
  const base = { format: f.name, bits, width: f.bits, value };
  if (f.kind === 'int') {
    const fields = f.signed
      ? [field('top', bits, f.bits - 1, 1), field('low', bits, 0, f.bits - 1)]
      : [field('low', bits, 0, f.bits)];
    return { ...base, class: 'integer', fields, sign: f.signed && value < 0 ? 1 : 0 };
  }
  const m = f.mantissaBits;
  const { sign, biasedExponent, mantissa } = splitFloat(f, bits);
  const mantissaFraction = mantissa / 2 ** m;
  const fields = [field('sign', bits, f.bits - 1, 1), field('exponent', bits, m, f.exponentBits), field('mantissa', bits, 0, m)];
  const float = { ...base, fields, sign, biasedExponent, mantissaFraction };
  if (isNaNFields(floatCodec(f), biasedExponent, mantissa)) return { ...float, class: 'nan' };
  if (isInfinityFields(floatCodec(f), biasedExponent, mantissa)) return { ...float, class: 'infinity' };
  if (biasedExponent === 0) {
    return { ...float, class: mantissa === 0 ? 'zero' : 'subnormal', exponent: f.emin, significand: mantissaFraction };
  }
  return { ...float, class: 'normal', exponent: biasedExponent - f.bias, significand: 1 + mantissaFraction };
}
