import { exactDecimal, type FormatName } from '../../engine';

/** How each format is named in the page: the name a reader meets in papers and frameworks. */
export const FORMAT_LABEL: Record<FormatName, string> = {
  fp64: 'fp64', fp32: 'fp32', tf32: 'tf32', fp16: 'fp16', bf16: 'bf16',
  fp8e4m3: 'fp8 E4M3', fp8e5m2: 'fp8 E5M2',
  int32: 'int32', int16: 'int16', int8: 'int8', uint8: 'uint8', int4: 'int4', uint4: 'uint4',
};

/** A bit pattern as hex digits padded to the format's width, without prefix (the URL form). */
export function patternHex(bits: bigint, width: number): string {
  return bits.toString(16).padStart(Math.ceil(width / 4), '0');
}

/** A bit pattern as the reader sees it: 0x and upper-case hex digits. */
export function patternLabel(bits: bigint, width: number): string {
  return `0x${patternHex(bits, width).toUpperCase()}`;
}

/** A bit pattern as binary digits, most significant first. */
export function patternBinary(bits: bigint, width: number): string {
  return bits.toString(2).padStart(width, '0');
}

/** Bit `index` (0 = least significant) of a pattern. */
export function bitAt(bits: bigint, index: number): 0 | 1 {
  return ((bits >> BigInt(index)) & 1n) === 1n ? 1 : 0;
}

/** The pattern with bit `index` set to `value`. */
export function withBit(bits: bigint, index: number, value: 0 | 1): bigint {
  const mask = 1n << BigInt(index);
  return value ? bits | mask : bits & ~mask;
}

/**
 * A quantity for display: whole numbers below ten million exactly, anything else to four
 * significant digits (in exponent form when very large or small), with a real minus sign.
 * Zero, infinities and NaN are written out.
 */
export function formatQuantity(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+∞';
  if (x === -Infinity) return '−∞';
  if (x === 0) return Object.is(x, -0) ? '−0' : '0';
  const a = Math.abs(x);
  const text = Number.isInteger(x) && a < 1e7 ? String(x)
    : a >= 1e-4 && a < 1e7 ? String(Number(x.toPrecision(4)))
    : x.toExponential(3).replace(/\.?0+e/, 'e');
  return text.replace(/^-/, '−').replace('e+', 'e').replace('e-', 'e−');
}

/** A relative error as a percentage. */
export function formatRelative(x: number): string {
  return Number.isFinite(x) ? `${formatQuantity(x * 100)} %` : formatQuantity(x);
}

/**
 * A number in TeX with the relation to write before it: its exact decimal after "=" when at most
 * 30 characters long, else 15 significant digits after "≈".
 */
export function texValue(x: number): { rel: '=' | '\\approx'; tex: string } {
  if (Number.isNaN(x)) return { rel: '=', tex: '\\text{NaN}' };
  if (!Number.isFinite(x)) return { rel: '=', tex: x > 0 ? '+\\infty' : '-\\infty' };
  const exact = exactDecimal(x);
  if (exact.length <= 30) return { rel: '=', tex: exact };
  const [mant, exp] = x.toExponential(14).split('e');
  return { rel: '\\approx', tex: `${mant.replace(/\.?0+$/, '')}\\times 10^{${Number(exp)}}` };
}

/** A stored value in the page: its exact decimal when short, else 17 significant digits after ≈. */
export function storedText(x: number): string {
  if (Number.isNaN(x) || !Number.isFinite(x) || x === 0) return formatQuantity(x);
  const exact = exactDecimal(x);
  const text = exact.length <= 24 ? exact : `≈\u00a0${x.toPrecision(17).replace(/\.?0+(e|$)/, '$1').replace('e+', 'e')}`;
  return text.replace(/(^|≈\u00a0)-/, '$1−').replace('e-', 'e−');
}

/** How a pattern's class is named in the page. */
export const CLASS_LABEL: Record<string, string> = {
  zero: 'zero', subnormal: 'subnormal', normal: 'normal', infinity: 'infinity', nan: 'NaN', integer: 'integer',
};
