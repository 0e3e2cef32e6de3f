// What happens to gradients and updates in a narrow float format: how many gradients flush to
// zero, land among the subnormals or overflow once multiplied by a loss scale (Micikevicius et al.
// 2018, §3.2), and when a weight update is lost in the weight's rounding (§3.1).
import { castTensor, type CastFormat } from '../quant';
import { FORMATS } from '../formats';

/** Where the scaled gradients land in the format. Exact zeros are counted apart from flushed values. */
export interface GradientRanges {
  /** Values that are exactly zero before the cast. */
  zero: number;
  /** Non-zero values that round to zero. */
  flushed: number;
  subnormal: number;
  normal: number;
  /** Values whose scaled magnitude is beyond the largest finite value (infinite, or saturated in E4M3). */
  overflow: number;
}

/**
 * Counts how `values` · `scale` come out of a cast to `format`: zero before, flushed to zero,
 * subnormal, normal or overflowing: infinite after the cast, or, in E4M3 (no infinity), beyond its
 * largest value where it saturates. NaN inputs count as overflow, as they would stop the step.
 */
export function gradientRanges(values: ArrayLike<number>, format: CastFormat, scale = 1): GradientRanges {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`the loss scale must be a positive number (got ${scale})`);
  const f = FORMATS[format];
  const scaled = Float64Array.from(values, (v) => v * scale);
  const cast = castTensor(scaled, format);
  const r: GradientRanges = { zero: 0, flushed: 0, subnormal: 0, normal: 0, overflow: 0 };
  for (let i = 0; i < scaled.length; i++) {
    const v = scaled[i];
    const c = Math.abs(cast[i]);
    if (v === 0) r.zero++;
    else if (!Number.isFinite(c) || (f.specials === 'fn' && !(Math.abs(v) <= f.maxFinite))) r.overflow++;
    else if (c === 0) r.flushed++;
    else if (c < f.minNormal) r.subnormal++;
    else r.normal++;
  }
  return r;
}

/**
 * Counts of non-zero |values| by binary exponent ⌊log₂|v|⌋ from `lo` to `hi` (inclusive): index
 * e − lo holds the values in [2^e, 2^(e+1)). Values outside are added to the first or last bin;
 * zeros and non-finite values are not counted.
 */
export function exponentHistogram(values: ArrayLike<number>, lo: number, hi: number): Int32Array {
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo > hi) throw new Error(`exponent range must be whole numbers lo ≤ hi (got ${lo}…${hi})`);
  const counts = new Int32Array(hi - lo + 1);
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a === 0 || !Number.isFinite(a)) continue;
    const e = Math.min(hi, Math.max(lo, Math.floor(Math.log2(a))));
    counts[e - lo]++;
  }
  return counts;
}

/**
 * Whether adding `update` to `weight` in `format` leaves the weight unchanged (both rounded to the
 * format first): the lost update of §3.1, which for fp16 happens once |weight| ≥ 2048 |update|.
 */
export function isUpdateLost(weight: number, update: number, format: CastFormat): boolean {
  const [w, u] = castTensor([weight, update], format);
  if (u === 0) return true;
  return castTensor([w + u], format)[0] === w;
}
