import { tensorRange, type ValueRange } from './perChannel';
import { quantParams, type QuantOptions } from './params';
import { fakeQuant } from './uniform';
import { mse } from './error';

export type CalibrationMethod = 'minmax' | 'percentile' | 'mse';

export interface CalibrateOptions extends QuantOptions {
  /** Bit width the range will be used with (needed by 'mse'; default 8). */
  bits?: number;
  /** For 'percentile': the percentile kept, in (0, 100] (default 99.99). */
  percentile?: number;
}

type Calibrator = (samples: ArrayLike<number>, options: CalibrateOptions) => ValueRange;

/** Percentile p (0..100) of sorted values, linear interpolation between order statistics (NumPy's default). */
function percentileOfSorted(sorted: Float64Array, p: number): number {
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/** The range a symmetric quantizer covers with threshold t: [−t, t] if signed, [0, t] if not. */
function symmetricRange(t: number, { symmetric = false, signed = symmetric }: CalibrateOptions): ValueRange {
  return { min: signed ? -t : 0, max: t };
}

/** Candidate clipping ranges: the full range [min(x,0), max(x,0)] shrunk by a factor α ∈ (0, 1]. */
function shrink(full: ValueRange, alpha: number, options: CalibrateOptions): ValueRange {
  return options.symmetric
    ? symmetricRange(alpha * Math.max(Math.abs(full.min), Math.abs(full.max)), options)
    : { min: alpha * Math.min(full.min, 0), max: alpha * Math.max(full.max, 0) };
}

const GRID = 100;

/**
 * Calibrators by name.
 * - minmax: the smallest and largest sample.
 * - percentile: symmetric, the p-th percentile t of |x| → [−t, t] ([0, t] unsigned); affine, the
 *   (100 − p)-th and p-th percentiles of x (both tails clipped).
 * - mse: the clipping range minimising mse(x, fakeQuant(x)) at the given bits. The candidates
 *   shrink the min/max range (stretched to include 0) by a factor α: first α = k/100 for
 *   k = 1..100, then 101 values in steps of 0.0002 from the best coarse α − 0.01 to α + 0.01
 *   (capped at 1); the best of these 201 wins (ties: the wider range). Each candidate is one pass over the samples.
 */
const calibrators: Record<CalibrationMethod, Calibrator> = {
  minmax: (samples) => tensorRange(samples),
  percentile: (samples, options) => {
    const { percentile = 99.99, symmetric = false } = options;
    if (!(percentile > 0 && percentile <= 100)) {
      throw new Error(`percentile must be in (0, 100] (got ${percentile})`);
    }
    if (!symmetric && percentile < 50) {
      throw new Error(`an affine range keeps the middle of the data: percentile must be ≥ 50 (got ${percentile})`);
    }
    tensorRange(samples); // rejects empty input and NaN
    if (symmetric) {
      const abs = Float64Array.from(samples, Math.abs).sort();
      return symmetricRange(percentileOfSorted(abs, percentile), options);
    }
    const sorted = Float64Array.from(samples).sort();
    return { min: percentileOfSorted(sorted, 100 - percentile), max: percentileOfSorted(sorted, percentile) };
  },
  mse: (samples, options) => {
    const bits = options.bits ?? 8;
    const full = tensorRange(samples);
    const errorAt = (alpha: number): number => {
      const r = shrink(full, alpha, options);
      return mse(samples, fakeQuant(samples, quantParams(r.min, r.max, bits, options)));
    };
    let best = { alpha: 1, error: errorAt(1) };
    const consider = (alpha: number) => {
      const error = errorAt(alpha);
      if (error < best.error) best = { alpha, error };
    };
    for (let k = GRID - 1; k >= 1; k--) consider(k / GRID);
    const lo = Math.max(best.alpha - 1 / GRID, 1 / GRID / GRID);
    const hi = Math.min(best.alpha + 1 / GRID, 1);
    for (let k = GRID; k >= 0; k--) consider(lo + ((hi - lo) * k) / GRID);
    return shrink(full, best.alpha, options);
  },
};

/** Every calibration method, in a fixed order: min/max, percentile, MSE-optimal. */
export const CALIBRATION_METHODS = Object.keys(calibrators) as CalibrationMethod[];

/**
 * The range [min, max] to quantize activations (or weights) with, estimated from sample values by
 * `method`. Pass the result to quantParams with the same bits and options.
 */
export function calibrate(
  samples: ArrayLike<number>,
  method: CalibrationMethod,
  options: CalibrateOptions = {},
): ValueRange {
  const calibrator = (calibrators as Record<string, Calibrator | undefined>)[method];
  if (!calibrator) throw new Error(`unknown calibration method: ${method} (use ${Object.keys(calibrators).join(', ')})`);
  return calibrator(samples, options);
}
