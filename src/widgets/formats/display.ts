import { exactDecimal, type FormatName } from '../../engine';

/** How each format is named in the page: the name a reader meets in papers and frameworks. */
export const FORMAT_LABEL: Record<FormatName, string> = {
  fp64: 'fp64', fp32: 'fp32', tf32: 'tf32', fp16: 'fp16', bf16: 'bf16',
  fp8e4m3: 'fp8 E4M3', fp8e5m2: 'fp8 E5M2',
  int32: 'int32', int16: 'int16', uint16: 'uint16', int8: 'int8', uint8: 'uint8', int4: 'int4', uint4: 'uint4',
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
    : trimMantissa(x.toExponential(3));
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
  return { rel: '\\approx', tex: `${trimMantissa(mant)}\\times 10^{${Number(exp)}}` };
}

/** Exponent-form text without the trailing zeros of its mantissa: "1.2300e+30" → "1.23e+30". */
function trimMantissa(text: string): string {
  const [mant, exp] = text.split('e');
  const trimmed = mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant;
  return exp === undefined ? trimmed : `${trimmed}e${exp}`;
}

/** Significant digits in an exact decimal ("0.00120" → 2, "1000" → 1). */
function significantDigits(exact: string): number {
  return exact.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
}

/**
 * A stored value in the page: its exact decimal when short, in exponent form when its digits are
 * few (at most 21) but its zeros many (2^-70, 1e22), else 17 significant digits after ≈ (17 digits name a
 * double uniquely, so the text reads back as the same value).
 */
export function storedText(x: number): string {
  if (Number.isNaN(x) || !Number.isFinite(x) || x === 0) return formatQuantity(x);
  const exact = exactDecimal(x);
  const digits = significantDigits(exact);
  const text = exact.length <= 24 ? exact
    : digits <= 21 ? trimMantissa(x.toExponential(digits - 1)).replace('e+', 'e')
    : `≈\u00a0${trimMantissa(x.toPrecision(17)).replace('e+', 'e')}`;
  return text.replace(/(^|≈\u00a0)-/, '$1−').replace('e-', 'e−');
}

/**
 * How a field of a pattern is named above its bits. Signed integers are two's complement: the top
 * bit is worth −2^(n−1) and the low bits add +2^i, so the low bits are no magnitude (0xFF is −1).
 */
export function fieldLabel(field: { name: string; offset: number }): string {
  if (field.name === 'top') return `−2^${field.offset} (two’s complement)`;
  if (field.name === 'low') return 'value bits';
  return field.name;
}

/** How a pattern's class is named in the page. */
export const CLASS_LABEL: Record<string, string> = {
  zero: 'zero', subnormal: 'subnormal', normal: 'normal', infinity: 'infinity', nan: 'NaN', integer: 'integer',
};
