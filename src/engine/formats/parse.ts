/** Reading what a student types: numbers and bit patterns, with messages that say what is wrong. */
import { checkPattern } from './codec';
import { getFormat } from './table';

export type ParseResult<T> = ({ ok: true } & T) | { ok: false; message: string };

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const INFINITY = /^([+-]?)(inf|infinity|∞)$/i;
const NOT_A_NUMBER = /^[+-]?nan$/i;

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}

/** Longest echo of typed text in a message or caption; longer text is cut with an ellipsis. */
const ECHO_CHARS = 24;

/** Typed text as a message repeats it: trimmed, and cut after 24 characters ("123456…"). */
export function echoTyped(text: string): string {
  const t = text.trim();
  return t.length > ECHO_CHARS ? `${t.slice(0, ECHO_CHARS)}…` : t;
}

/** Where a decimal falls outside fp64 itself: beyond its largest value, or closer to 0 than its smallest subnormal. */
export type DoubleRange = 'overflow' | 'underflow';

/**
 * A number from text: decimals ("0.1", "-2.5", ".5"), exponents ("6.02e23"), "-0", "inf", "-inf",
 * "Infinity", "∞", "NaN" (case-insensitive; surrounding spaces and a typographic minus − are fine).
 * Values too large for a double parse to ±Infinity ("1e999") and values too small to ±0
 * ("1e-400"), with `beyondDouble` saying so, so the caller can tell the reader rather than show a
 * rounding error of 0. Messages repeat at most 24 characters of the text.
 */
export function parseNumber(text: string): ParseResult<{ value: number; beyondDouble?: DoubleRange }> {
  const full = text.trim().replace(/^\u2212/, '-');
  const t = echoTyped(full);
  if (!t) return fail('Type a number, for example 0.1, -2.5 or 6.02e23.');
  const inf = INFINITY.exec(full);
  if (inf) return { ok: true, value: inf[1] === '-' ? -Infinity : Infinity };
  if (NOT_A_NUMBER.test(full)) return { ok: true, value: NaN };
  if (DECIMAL.test(full)) {
    const value = Number(full);
    if (!Number.isFinite(value)) return { ok: true, value, beyondDouble: 'overflow' };
    if (value === 0 && /[1-9]/.test(full.replace(/e.*$/i, ''))) return { ok: true, value, beyondDouble: 'underflow' };
    return { ok: true, value };
  }
  if (DECIMAL.test(full.replace(',', '.'))) return fail(`Use a dot for the decimal point: ${echoTyped(full.replace(',', '.'))}, not ${t}.`);
  if ((full.match(/\./g) ?? []).length > 1) return fail(`“${t}” has more than one decimal point.`);
  if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?$/i.test(full)) return fail(`“${t}” needs digits after the e, as in 1e-3.`);
  if (/^0[xb]/i.test(full)) return fail(`“${t}” looks like a bit pattern; here type a number such as 0.1.`);
  return fail(`“${t}” is not a number. Type digits such as 0.1, -2.5 or 6.02e23, or inf, -inf, NaN.`);
}

/**
 * A bit pattern of the format from text: hex "0x2e66" or "2E66h", binary "0b0010111001100110",
 * or bare 0s and 1s of exactly the format's width. Spaces and underscores between digits are
 * ignored. Leading zeros are fine; more significant bits than the format has are not.
 * Throws `unknown format: <name>` for an unknown format.
 */
export function parsePattern(name: string, text: string): ParseResult<{ bits: bigint }> {
  const f = getFormat(name);
  const shown = text.trim();
  const t = shown.replace(/[\s_]/g, '');
  if (!t) return fail(`Type a ${f.name} pattern in hex (0x…) or binary (0b…).`);
  if (/^[-+]/.test(t)) return fail('A bit pattern has no + or - in front; the sign is its top bit.');
  let digits: string;
  let radix: 2 | 16;
  if (/^0x/i.test(t)) [digits, radix] = [t.slice(2), 16];
  else if (/^0b/i.test(t)) [digits, radix] = [t.slice(2), 2];
  else if (/h$/i.test(t)) [digits, radix] = [t.slice(0, -1), 16];
  else if (/^[01]+$/.test(t) && t.length === f.bits) [digits, radix] = [t, 2];
  else return fail(`Start a hex pattern with 0x (as in 0x3c00) or a binary one with 0b (as in 0b0011).`);
  const kind = radix === 16 ? 'hex' : 'binary';
  if (!digits) return fail(`“${echoTyped(shown)}” has no ${kind} digits after the prefix.`);
  const bad = (radix === 16 ? /[^0-9a-f]/i : /[^01]/).exec(digits);
  if (bad) return fail(`“${bad[0]}” is not a ${kind} digit; use ${radix === 16 ? '0–9 and a–f' : '0 and 1'}.`);
  const bits = BigInt((radix === 16 ? '0x' : '0b') + digits);
  const needed = bits === 0n ? 0 : bits.toString(2).length;
  if (needed > f.bits) return fail(`${f.name} patterns have ${f.bits} bits; ${echoTyped(shown)} needs ${needed}`);
  return { ok: true, bits };
}

/** A pattern as zero-padded text in the form parsePattern reads: "0x2e66" or "0b0010111001100110". */
export function formatPattern(name: string, bits: bigint, radix: 2 | 16 = 16): string {
  const f = getFormat(name);
  checkPattern(f, bits);
  const width = radix === 16 ? Math.ceil(f.bits / 4) : f.bits;
  return (radix === 16 ? '0x' : '0b') + bits.toString(radix).padStart(width, '0');
}
