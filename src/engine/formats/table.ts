/**
 * The number formats, one row of facts each. Every codec in this folder is driven by these rows;
 * there is no per-format code.
 */
import { pow2 } from './pow2';

export type FloatFormatName = 'fp64' | 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8e4m3' | 'fp8e5m2';
export type IntFormatName = 'int32' | 'int16' | 'uint16' | 'int8' | 'uint8' | 'int4' | 'uint4';
export type FormatName = FloatFormatName | IntFormatName;

/**
 * How a float format uses its all-ones exponent field.
 * - `'ieee'`: reserved. Mantissa 0 is ±infinity, any other mantissa is NaN. Overflow rounds to ±infinity.
 * - `'fn'` (finite + NaN, as OCP FP8 E4M3): no infinities. Only S.1…1.1…1 is NaN; the other
 *   all-ones-exponent patterns are ordinary normal numbers. Overflow (and ±infinity) saturates to ±maxFinite.
 */
export type SpecialValues = 'ieee' | 'fn';

/** A binary float: value = (-1)^sign · 2^(E - bias) · 1.m for normals, (-1)^sign · 2^(1 - bias) · 0.m for subnormals. */
export interface FloatFormat {
  kind: 'float';
  name: FloatFormatName;
  /** A human name, e.g. "FP16 (IEEE half)". */
  label: string;
  /** Total width of a pattern: 1 + exponentBits + mantissaBits. */
  bits: number;
  signBits: 1;
  exponentBits: number;
  /** Stored fraction bits (the leading 1 of normals is implicit). */
  mantissaBits: number;
  /** 2^(exponentBits-1) - 1. */
  bias: number;
  specials: SpecialValues;
  /** Unbiased exponent of the smallest normal, 1 - bias (subnormals use it too). */
  emin: number;
  /** Unbiased exponent of the largest finite value. */
  emax: number;
  /** Largest finite value. */
  maxFinite: number;
  /** Smallest positive normal value, 2^emin. */
  minNormal: number;
  /** Smallest positive subnormal value, 2^(emin - mantissaBits). */
  minSubnormal: number;
  /** Machine epsilon: the gap from 1 to the next value, 2^-mantissaBits. */
  epsilon: number;
  /** The pattern `encode` gives NaN: the quiet NaN 0.1…1.10…0 for 'ieee', 0.1…1.1…1 for 'fn'. */
  canonicalNaN: bigint;
}

/** A two's complement (signed) or plain binary (unsigned) integer. */
export interface IntFormat {
  kind: 'int';
  name: IntFormatName;
  label: string;
  bits: number;
  signed: boolean;
  /** Smallest value: -2^(bits-1) if signed, else 0. */
  min: number;
  /** Largest value: 2^(bits-1) - 1 if signed, else 2^bits - 1. */
  max: number;
}

export type Format = FloatFormat | IntFormat;

function float(name: FloatFormatName, label: string, exponentBits: number, mantissaBits: number, specials: SpecialValues = 'ieee'): FloatFormat {
  const bias = 2 ** (exponentBits - 1) - 1;
  const topExponent = 2 ** exponentBits - 1;
  // 'ieee' reserves the top exponent; 'fn' only gives up its all-ones mantissa (the NaN).
  const emax = (specials === 'ieee' ? topExponent - 1 : topExponent) - bias;
  const maxMantissa = specials === 'ieee' ? 2 ** mantissaBits - 1 : 2 ** mantissaBits - 2;
  const emin = 1 - bias;
  const nanMantissa = specials === 'ieee' ? 1n << BigInt(mantissaBits - 1) : (1n << BigInt(mantissaBits)) - 1n;
  return {
    kind: 'float', name, label, bits: 1 + exponentBits + mantissaBits, signBits: 1, exponentBits, mantissaBits, bias, specials,
    emin, emax,
    maxFinite: (1 + maxMantissa / 2 ** mantissaBits) * pow2(emax),
    minNormal: pow2(emin),
    minSubnormal: pow2(emin - mantissaBits),
    epsilon: pow2(-mantissaBits),
    canonicalNaN: (BigInt(topExponent) << BigInt(mantissaBits)) | nanMantissa,
  };
}

function int(name: IntFormatName, label: string, bits: number, signed: boolean): IntFormat {
  return { kind: 'int', name, label, bits, signed, min: signed ? -(2 ** (bits - 1)) : 0, max: signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1 };
}

/** Every format by name. */
export const FORMATS = {
  fp64: float('fp64', 'FP64 (IEEE double)', 11, 52),
  fp32: float('fp32', 'FP32 (IEEE single)', 8, 23),
  tf32: float('tf32', 'TF32 (NVIDIA TensorFloat-32)', 8, 10),
  fp16: float('fp16', 'FP16 (IEEE half)', 5, 10),
  bf16: float('bf16', 'BF16 (bfloat16)', 8, 7),
  fp8e4m3: float('fp8e4m3', 'FP8 E4M3 (OCP)', 4, 3, 'fn'),
  fp8e5m2: float('fp8e5m2', 'FP8 E5M2 (OCP)', 5, 2),
  int32: int('int32', 'INT32', 32, true),
  int16: int('int16', 'INT16', 16, true),
  uint16: int('uint16', 'UINT16', 16, false),
  int8: int('int8', 'INT8', 8, true),
  uint8: int('uint8', 'UINT8', 8, false),
  int4: int('int4', 'INT4', 4, true),
  uint4: int('uint4', 'UINT4', 4, false),
} satisfies Record<FormatName, Format>;

/** The format names, widest float first, then the integers. */
export const FORMAT_NAMES: readonly FormatName[] = Object.keys(FORMATS) as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.prototype.hasOwnProperty.call(FORMATS, name);
}

/** The format called `name`; throws `unknown format: <name>` for any other string. */
export function getFormat(name: string): Format {
  if (!isFormatName(name)) throw new Error(`unknown format: ${name}`);
  return FORMATS[name];
}

/** Whether a format (or the format with this name) is a float. */
export function isFloatFormat(f: Format | string): f is FloatFormat {
  return (typeof f === 'string' ? getFormat(f) : f).kind === 'float';
}
