/** Decimal text for stored values: the exact expansion, and the shortest string that round-trips. */
import { decode, encode, roundingError } from './codec';
import { exponentOf, pow2 } from './pow2';
import { getFormat } from './table';

/** a > 0 finite, as n · 2^k with n an integer below 2^53 (exact). */
function dyadic(a: number): { n: bigint; k: number } {
  const k = Math.max(exponentOf(a), -1022) - 52;
  return { n: BigInt(a / pow2(k)), k };
}

/**
 * The exact decimal value of a double, every digit: 0.1 → "0.1000000000000000055511151231257827021181583404541015625".
 * No exponent notation. Also "-0", "Infinity", "-Infinity" and "NaN".
 * Uses n · 2^-j = n · 5^j / 10^j, so it is exact for subnormals and huge values alike.
 */
export function exactDecimal(x: number): string {
  if (x !== x) return 'NaN';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const sign = x < 0 ? '-' : '';
  if (!Number.isFinite(x)) return `${sign}Infinity`;
  const { n, k } = dyadic(Math.abs(x));
  if (k >= 0) return sign + (n << BigInt(k)).toString();
  const places = -k;
  const digits = (n * 5n ** BigInt(places)).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
  return sign + whole + (fraction ? `.${fraction}` : '');
}

/** floor and ceil of a / 10^s for a = n · 2^k, exactly. */
function scaledBounds(n: bigint, k: number, s: number): [bigint, bigint] {
  let num = n;
  let den = 1n;
  if (k >= 0) num <<= BigInt(k); else den <<= BigInt(-k);
  if (s >= 0) den *= 10n ** BigInt(s); else num *= 10n ** BigInt(-s);
  const floor = num / den;
  return [floor, num % den === 0n ? floor : floor + 1n];
}

/**
 * The shortest decimal string (fewest significant digits) that encodes back to the same pattern in
 * this format by ordinary rounding (not by saturating: fp8e4m3 448 is "450", not "500"), closest to
 * the stored value when two qualify: fp16 0x2E66 → "0.1", 0x7BFF (65504) → "65500". Printed as JS
 * prints numbers ("6e-8" style below 1e-6). For fp64 it equals String(x). -0 gives "-0";
 * integers give their value; "NaN", "Infinity", "-Infinity" for the specials.
 */
export function shortestDecimal(name: string, bits: bigint): string {
  const f = getFormat(name);
  const v = decode(name, bits);
  if (Object.is(v, -0)) return '-0';
  if (f.kind === 'int' || !Number.isFinite(v) || v === 0) return String(v);
  const roundsBack = (c: number) => encode(name, c) === bits && !roundingError(name, c).overflow;
  const sign = v < 0 ? '-' : '';
  const { n, k } = dyadic(Math.abs(v));
  // Try candidates D · 10^s with D = floor or ceil of |v| / 10^s, one more digit at each step.
  // Starting one decade above the estimate covers an off-by-one in Math.log10; at s = k the
  // candidate is v itself, so the loop always ends.
  for (let s = Math.floor(Math.log10(Math.abs(v))) + 1; ; s--) {
    const [lo, hi] = scaledBounds(n, k, s);
    const below = Number(`${sign}${lo}e${s}`);
    const above = Number(`${sign}${hi}e${s}`);
    const useBelow = roundsBack(below);
    const useAbove = roundsBack(above);
    if (useBelow && useAbove) {
      // Both qualify: the closer one, or on a tie the even digit string.
      const d = Math.abs(below - v) - Math.abs(above - v);
      return String(d < 0 || (d === 0 && lo % 2n === 0n) ? below : above);
    }
    if (useBelow || useAbove) return String(useBelow ? below : above);
  }
}
