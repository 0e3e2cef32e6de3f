import { binOf, checkedEdges } from '../histogram';

function checkPair(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`the two tensors differ in length (${a.length} and ${b.length})`);
  if (a.length === 0) throw new Error('the tensors are empty');
}

/** Mean squared error (1/n) Σ (a_i − b_i)², in the data's unit squared. */
export function mse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkPair(a, b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s / a.length;
}

/**
 * Signal-to-quantization-noise ratio in dB: 10 · log10(Σ x_i² / Σ (x_i − x̂_i)²).
 * Infinity when x̂ equals x exactly (including an all-zero signal reproduced exactly);
 * −Infinity when the signal is all zeros but x̂ is not (there is noise and no signal).
 * Each extra bit of a uniform quantizer adds about 6.02 dB.
 */
export function sqnr(signal: ArrayLike<number>, quantized: ArrayLike<number>): number {
  checkPair(signal, quantized);
  let power = 0;
  let noise = 0;
  for (let i = 0; i < signal.length; i++) {
    power += signal[i] ** 2;
    noise += (signal[i] - quantized[i]) ** 2;
  }
  if (noise === 0) return Infinity;
  return 10 * Math.log10(power / noise);
}

/** The rounding error x̂ − x of quantized values, summarised over bins of the original values x. */
export interface ErrorProfile {
  /** How many values fall in each bin. */
  count: Int32Array;
  /** Smallest and largest x̂ − x in each bin (NaN where the bin is empty). */
  min: Float64Array;
  max: Float64Array;
  /** √(mean of (x̂ − x)²) in each bin (NaN where the bin is empty). */
  rms: Float64Array;
  /** Over every value counted: the RMS error and the largest |x̂ − x|. */
  totalRms: number;
  maxAbs: number;
}

/**
 * The error x̂_i − x_i of each quantized value against its original, gathered into the bins of x
 * given by `edges` (as for `histogram`: ascending, the last bin closed at the top; values outside
 * the edges and NaN are left out). Drawn under a weight histogram it shows where the rounding
 * error lies: within half a step inside the grid's range, growing linearly where values are clipped.
 */
export function errorProfile(x: ArrayLike<number>, xHat: ArrayLike<number>, edges: ArrayLike<number>): ErrorProfile {
  checkPair(x, xHat);
  const e = checkedEdges(edges);
  const bins = e.length - 1;
  const count = new Int32Array(bins);
  const min = new Float64Array(bins).fill(Infinity);
  const max = new Float64Array(bins).fill(-Infinity);
  const sumSq = new Float64Array(bins);
  let totalSq = 0;
  let counted = 0;
  let maxAbs = 0;
  for (let k = 0; k < x.length; k++) {
    const i = binOf(e, x[k]);
    if (i < 0) continue;
    const err = xHat[k] - x[k];
    count[i]++;
    if (err < min[i]) min[i] = err;
    if (err > max[i]) max[i] = err;
    sumSq[i] += err * err;
    totalSq += err * err;
    counted++;
    if (Math.abs(err) > maxAbs) maxAbs = Math.abs(err);
  }
  const rms = new Float64Array(bins);
  for (let i = 0; i < bins; i++) {
    if (count[i] === 0) min[i] = max[i] = rms[i] = NaN;
    else rms[i] = Math.sqrt(sumSq[i] / count[i]);
  }
  return { count, min, max, rms, totalRms: counted ? Math.sqrt(totalSq / counted) : NaN, maxAbs };
}
