/**
 * Fixed-point requantization (Jacob et al. 2018, §2.2, eq. 6; gemmlowp/TFLite output stage).
 * A real multiplier M > 0 is stored as an int32 m0 and a shift n with
 *
 *     M ≈ (m0 / 2^31) · 2^(−n),   m0 ∈ [2^30, 2^31)   (so m0 / 2^31 = M0 ∈ [0.5, 1), Q31)
 *
 * and acc · M is computed with integers only: a rounding doubling high multiply by m0 followed by
 * a rounding right shift by n (a left shift when n < 0, i.e. M ≥ 1).
 *
 * Note the sign: here `shift` is the RIGHT shift n of the paper; TFLite's `shift` is its negation.
 * Every intermediate below is an integer below 2^53 in magnitude, so the double arithmetic is exact.
 */

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const TWO_31 = 2147483648;

export interface QuantizedMultiplier {
  /** Q31 mantissa, an int32 in [2^30, 2^31) (0 when M is too small and flushed to zero). */
  m0: number;
  /** Right shift n ∈ [−31, 31]; M = m0 · 2^(−31−n). */
  shift: number;
}

/**
 * Split M into m0 and shift as above. M below 2^−32 cannot keep m0 ≥ 2^30 with shift ≤ 31 and is
 * flushed to {m0: 0, shift: 0} (every product becomes 0); M ≥ 2^31 throws.
 */
export function quantizeMultiplier(M: number): QuantizedMultiplier {
  if (!(M > 0 && Number.isFinite(M))) throw new Error(`the multiplier must be positive and finite (got ${M})`);
  if (M >= TWO_31) throw new Error(`the multiplier ${M} is too large for a 32-bit fixed-point multiply`);
  // M = frac · 2^exp with frac ∈ [0.5, 1)
  let exp = Math.floor(Math.log2(M)) + 1;
  let frac = M / 2 ** exp;
  if (frac >= 1) {
    frac /= 2;
    exp += 1;
  } else if (frac < 0.5) {
    frac *= 2;
    exp -= 1;
  }
  let m0 = Math.round(frac * TWO_31);
  if (m0 === TWO_31) {
    m0 /= 2;
    exp += 1;
  }
  const shift = 0 - exp; // not -exp, which gives -0
  if (shift > 31) return { m0: 0, shift: 0 };
  if (shift < -31) throw new Error(`the multiplier ${M} is too large for a 32-bit fixed-point multiply`);
  return { m0, shift };
}

/**
 * gemmlowp SaturatingRoundingDoublingHighMul: round(a · b / 2^31) for int32 a, b (nudge by 2^30
 * or 1 − 2^30, then truncate; exact ties go up, −1.5 → −1), saturating the one overflow case
 * a = b = −2^31 to 2^31 − 1. Exact: a · b (up to 2^62) is split so no partial result exceeds 2^53.
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const aLo = a & 0xffff; // a = aHi · 2^16 + aLo, aLo ∈ [0, 2^16)
  const aHi = (a - aLo) / 65536;
  const t1 = aHi * b; // |t1| ≤ 2^46
  const t2 = aLo * b; // |t2| < 2^47
  const nudge = (a < 0) !== (b < 0) && a !== 0 && b !== 0 ? 1 - 2 ** 30 : 2 ** 30;
  // a·b + nudge = t1 · 2^16 + t2 + nudge = t1Hi · 2^31 + r
  const t1Lo = t1 - Math.floor(t1 / 32768) * 32768; // t1 mod 2^15, ∈ [0, 2^15)
  const t1Hi = (t1 - t1Lo) / 32768;
  const r = t1Lo * 65536 + t2 + nudge; // |r| < 2^48
  const rLo = r - Math.floor(r / TWO_31) * TWO_31; // ∈ [0, 2^31)
  const floorQuotient = t1Hi + (r - rLo) / TWO_31;
  // C's int64 division truncates toward zero
  return floorQuotient < 0 && rLo !== 0 ? floorQuotient + 1 : floorQuotient;
}

/** gemmlowp RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties away from zero; exponent ∈ [0, 31]. */
export function roundingDivideByPowerOfTwo(x: number, exponent: number): number {
  const mask = 2 ** exponent - 1;
  const remainder = x & mask;
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/**
 * acc · M in integer arithmetic, for an int32 accumulator and M = quantizeMultiplier(M):
 * for shift ≥ 0, roundingDivideByPowerOfTwo(SRDHM(acc, m0), shift); for shift < 0 (M ≥ 1),
 * acc is first multiplied by 2^(−shift), saturating to int32. Returns an int32.
 *
 * This is gemmlowp's (and TFLite's reference) output stage. It rounds twice, so it can land one
 * step away from round(acc · M): measured on random accumulators, in about 2^−(shift+1) of cases
 * (1.9% at shift 5, 0.5% at shift 7, 0.03% at shift 11). Never more than one step.
 */
export function multiplyByQuantizedMultiplier(acc: number, m0: number, shift: number): number {
  if (shift >= 0) return roundingDivideByPowerOfTwo(saturatingRoundingDoublingHighMul(acc, m0), shift);
  const scaled = Math.min(INT32_MAX, Math.max(INT32_MIN, acc * 2 ** -shift));
  return saturatingRoundingDoublingHighMul(scaled, m0);
}
