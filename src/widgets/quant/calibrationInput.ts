// Names and input checks for the activation-calibration controls (display and validation only).
import type { CalibrationMethod } from '../../engine';

export const CALIBRATION_NAMES: Record<CalibrationMethod, string> = {
  minmax: 'min to max',
  percentile: 'percentile (clip outliers)',
  mse: 'MSE-optimal clipping',
};

/** Why these calibration settings cannot run, in words for the reader; undefined when they can. */
export function calibrationProblem(images: number, method: CalibrationMethod, percentile: number): string | undefined {
  if (!Number.isInteger(images) || images < 1) return `Calibration needs at least one image to measure the activation ranges (got ${images}).`;
  if (images > 60000) return `The page holds 60,000 training images; ${images} is more than that.`;
  if (method === 'percentile' && !(percentile > 0 && percentile <= 100)) return `A percentile must be above 0 and at most 100 (got ${percentile}).`;
  return undefined;
}
