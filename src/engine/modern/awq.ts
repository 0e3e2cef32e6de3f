/**
 * AWQ, activation-aware weight quantization (Lin, Tang, Tang, Yang, Chen, Wang, Xiao, Dang, Gan &
 * Han, MLSys 2024). A few input channels carry much larger activations than the rest, and the
 * weights that read them matter most to the output. Scaling weight column j up by s_j before
 * group-wise rounding and the input down by the same s_j leaves the product unchanged,
 * W X = (W diag(s)) (diag(s)⁻¹ X), but shrinks the relative rounding error of the salient weights
 * (the group's scale hardly moves). The scales follow the mean input magnitude,
 *
 *     s_j = mean|x_j|^α,   α from a grid on [0, 1] chosen to minimise ‖W X − Q(W diag(s)) diag(s)⁻¹ X‖²
 *
 * on calibration inputs. α = 0 is plain round-to-nearest. diag(s)⁻¹ folds into whatever produces
 * the input (the previous layer's weights and bias, as ReLU commutes with a positive scale), so
 * the stored model is the group-wise codes of W diag(s) and nothing else.
 */
import { type GroupQuantOptions, type GroupQuantized, roundToNearestGroups } from './groupQuant';
import { layerOutputError } from './matrix';
import { scaleColumns } from './smoothQuant';
import { checkShape, engineProduct, type MatrixProduct } from '../linalg';

/** α = 0, 0.05, …, 1: the grid the search tries by default. */
export const AWQ_ALPHAS: readonly number[] = Array.from({ length: 21 }, (_, i) => i / 20);

export interface AwqOptions extends GroupQuantOptions {
  /** The α values tried (default AWQ_ALPHAS), each in [0, 1]. */
  alphas?: readonly number[];
  /** The product behind each trial's output error (default the engine's float64 loops). */
  product?: MatrixProduct;
}

export interface AwqResult {
  /** The group-wise quantization of W diag(s): what is stored. */
  quantized: GroupQuantized;
  /** Q(W diag(s)) diag(s)⁻¹, row-major rows × cols: the weights the layer effectively applies to X. */
  weights: Float32Array;
  /** The chosen α and its per-input-channel scales s. */
  alpha: number;
  scales: Float64Array;
  /** ‖W X − Ŵ X‖² on the calibration inputs for every α tried, in the order given. */
  search: { alpha: number; error: number }[];
}

/** mean |x_j| of each input channel j over the rows of a samples × cols matrix. */
export function meanAbsColumns(inputs: ArrayLike<number>, samples: number, cols: number): Float64Array {
  checkShape('meanAbsColumns', inputs.length, samples, cols);
  const mean = new Float64Array(cols);
  for (let s = 0; s < samples; s++) for (let c = 0; c < cols; c++) mean[c] += Math.abs(inputs[s * cols + c]);
  for (let c = 0; c < cols; c++) mean[c] /= samples;
  return mean;
}

/**
 * s_j = mean_j^α, divided by √(max s · min s) so the scales sit around 1 (the grid is the same
 * for any common factor; this only keeps the numbers tame). A channel that is never active in
 * the calibration data gets the smallest mean of the active ones: it has no say in the search,
 * and a scale near 0 would blow its rounding error up on inputs that do reach it.
 */
export function awqScales(meanAbs: ArrayLike<number>, alpha: number): Float64Array {
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`alpha must be between 0 and 1 (got ${alpha})`);
  let floor = Infinity;
  for (let j = 0; j < meanAbs.length; j++) if (meanAbs[j] > 0 && meanAbs[j] < floor) floor = meanAbs[j];
  const s = Float64Array.from(meanAbs, (m) => (floor === Infinity ? 1 : Math.max(m, floor) ** alpha));
  let min = Infinity;
  let max = 0;
  for (const v of s) { min = Math.min(min, v); max = Math.max(max, v); }
  const norm = Math.sqrt(min * max);
  for (let j = 0; j < s.length; j++) s[j] /= norm;
  return s;
}

/**
 * AWQ on one layer: `weights` row-major rows × cols (out × in), `inputs` the samples × cols
 * calibration inputs. Tries every α, keeps the one with the smallest output error (the first
 * such α on a tie, so α = 0 wins when scaling does not help).
 */
export function awqQuantize(
  weights: ArrayLike<number>,
  rows: number,
  cols: number,
  inputs: ArrayLike<number>,
  samples: number,
  options: AwqOptions,
): AwqResult {
  checkShape('awqQuantize (weights)', weights.length, rows, cols);
  checkShape('awqQuantize (inputs)', inputs.length, samples, cols);
  const { alphas = AWQ_ALPHAS, product = engineProduct, ...grid } = options;
  if (alphas.length === 0) throw new Error('awqQuantize needs at least one α to try');
  const mean = meanAbsColumns(inputs, samples, cols);
  const search: AwqResult['search'] = [];
  let best: Omit<AwqResult, 'search'> | undefined;
  let bestError = Infinity;
  for (const alpha of alphas) {
    const scales = awqScales(mean, alpha);
    const quantized = roundToNearestGroups(scaleColumns(weights, rows, cols, scales, 'multiply'), rows, cols, grid);
    const effective = scaleColumns(quantized.dequantized, rows, cols, scales, 'divide');
    const error = layerOutputError(weights, effective, rows, cols, inputs, samples, product);
    search.push({ alpha, error });
    if (error < bestError) {
      bestError = error;
      best = { quantized, weights: effective, alpha, scales };
    }
  }
  if (best === undefined) throw new Error('awqQuantize: every trial gave a non-finite output error');
  return { ...best, search };
}
