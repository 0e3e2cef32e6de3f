import { quantParams, type QuantOptions, type QuantParams } from './params';
import { quantParamsPerChannel, quantizePerChannel, tensorRange, type ValueRange } from './perChannel';
import { quantizeMultiplier } from './fixedPoint';
import { roundHalfEven } from './uniform';

/**
 * Turning a float MLP of Dense layers into an integer-only model (Jacob et al. 2018, §2).
 *
 * Choices (documented because the paper allows others):
 * - Activations: uint8, affine, one (scale, zero point) per layer output from the calibrated
 *   range, as in the paper. ReLU layers have ranges starting at 0, so their zero point is 0.
 * - Weights: int8 symmetric with zero point 0 and narrow range [−127, 127] (the TFLite int8 scheme;
 *   the paper's §3.1 nudges int8 weights into the same range). A zero weight zero point removes
 *   the paper's cross terms (eq. 7–8): acc = Σ w_q · (x_q − Z_x) + b_q.
 * - Bias: int32 with scale S_w · S_in and zero point 0 (eq. 11).
 * - Output stage: q_out = clamp(Z_out + acc · M, lo, 255) with M = S_w · S_in / S_out done in fixed
 *   point (see fixedPoint.ts); lo = Z_out for a fused ReLU (real 0), else 0.
 * Per-channel weights (one S_w per output unit, Krishnamoorthi 2018 §2.3) are an option; the
 * multiplier is then per unit too.
 */

/** One float Dense layer as tfjs stores it: kernel [inputs, units] row-major, bias [units]. */
export interface FloatDenseLayer {
  kernel: Float32Array;
  bias: Float32Array;
  inputs: number;
  units: number;
  relu: boolean;
}

export interface MlpCalibration {
  /** Range of the real input; {0, 1} (pixels / 255) makes the input integers the pixel bytes. */
  inputRange: ValueRange;
  /** Range of each layer's output (after its ReLU), one per layer, the last one included. */
  activationRanges: ValueRange[];
}

export interface IntegerMlpOptions {
  /** Weight bit width, 2..8 (default 8); weights are stored in an Int8Array either way. */
  weightBits?: number;
  /** One weight scale per output unit instead of one per layer (default false). */
  perChannel?: boolean;
}

export interface IntegerDenseLayer {
  inputs: number;
  units: number;
  relu: boolean;
  /** Integer weights, [inputs, units] row-major like the float kernel. */
  weights: Int8Array;
  /** Real scale of the weights of each output unit (all equal unless per-channel). */
  weightScales: Float64Array;
  /** Bias in units of weightScales[j] · input.scale. */
  bias: Int32Array;
  /** Quantization of this layer's input (the previous layer's output). */
  input: QuantParams;
  /** Quantization of this layer's output. */
  output: QuantParams;
  /** Fixed-point requantization multiplier of each output unit (see quantizeMultiplier). */
  m0: Int32Array;
  shift: Int32Array;
  /** Output clamp: [Z_out, 255] with ReLU, [0, 255] without. */
  clampMin: number;
  clampMax: number;
}

export interface IntegerMlp {
  layers: IntegerDenseLayer[];
  /** Notes about degenerate ranges met while quantizing (empty when none). */
  warnings: string[];
}

const INT32_MAX = 2147483647;

function checkLayers(layers: readonly FloatDenseLayer[], calibration: MlpCalibration): void {
  if (layers.length === 0) throw new Error('the MLP has no layers');
  if (calibration.activationRanges.length !== layers.length) {
    throw new Error(
      `need one activation range per layer (${layers.length}), got ${calibration.activationRanges.length}`,
    );
  }
  layers.forEach((l, k) => {
    if (l.kernel.length !== l.inputs * l.units) {
      throw new Error(`layer ${k}: kernel has ${l.kernel.length} values, expected inputs × units = ${l.inputs * l.units}`);
    }
    if (l.bias.length !== l.units) throw new Error(`layer ${k}: bias has ${l.bias.length} values, expected ${l.units}`);
    if (k > 0 && l.inputs !== layers[k - 1].units) {
      throw new Error(`layer ${k} takes ${l.inputs} inputs but layer ${k - 1} gives ${layers[k - 1].units}`);
    }
    for (const v of l.bias) if (!Number.isFinite(v)) throw new Error(`layer ${k}: bias holds ${v}`);
  });
}

function perTensor(x: Float32Array, bits: number, options: QuantOptions): QuantParams {
  const { min, max } = tensorRange(x);
  return quantParams(min, max, bits, options);
}

function quantizeLayer(
  layer: FloatDenseLayer,
  input: QuantParams,
  output: QuantParams,
  { weightBits = 8, perChannel = false }: IntegerMlpOptions,
  warn: (message: string) => void,
): IntegerDenseLayer {
  if (!Number.isInteger(weightBits) || weightBits < 2 || weightBits > 8) {
    throw new Error(`weightBits must be a whole number from 2 to 8 (got ${weightBits})`);
  }
  const { kernel, units, inputs } = layer;
  const shape = [inputs, units];
  const options = { symmetric: true, signed: true, narrowRange: true };
  const wParams = perChannel
    ? quantParamsPerChannel(kernel, shape, 1, weightBits, options)
    : new Array<QuantParams>(units).fill(perTensor(kernel, weightBits, options));
  for (const p of new Set(wParams.map((p) => p.warning))) if (p) warn(`weights: ${p}`);
  const weights = Int8Array.from(quantizePerChannel(kernel, shape, 1, wParams));
  const weightScales = Float64Array.from(wParams, (p) => p.scale);
  const bias = new Int32Array(units);
  const m0 = new Int32Array(units);
  const shift = new Int32Array(units);
  for (let j = 0; j < units; j++) {
    const accScale = weightScales[j] * input.scale;
    const b = roundHalfEven(layer.bias[j] / accScale);
    if (Math.abs(b) > INT32_MAX) throw new Error(`bias ${layer.bias[j]} of unit ${j} does not fit in int32 at scale ${accScale}`);
    bias[j] = b;
    ({ m0: m0[j], shift: shift[j] } = quantizeMultiplier(accScale / output.scale));
  }
  return {
    inputs,
    units,
    relu: layer.relu,
    weights,
    weightScales,
    bias,
    input,
    output,
    m0,
    shift,
    clampMin: layer.relu ? Math.max(output.qmin, output.zeroPoint) : output.qmin,
    clampMax: output.qmax,
  };
}

/** Quantize a float MLP for integer-only inference with the calibrated activation ranges. */
export function quantizeMlpForIntegerInference(
  layers: readonly FloatDenseLayer[],
  calibration: MlpCalibration,
  options: IntegerMlpOptions = {},
): IntegerMlp {
  checkLayers(layers, calibration);
  const warnings: string[] = [];
  const uint8 = (r: ValueRange, what: string): QuantParams => {
    const p = quantParams(r.min, r.max, 8, { symmetric: false, signed: false });
    if (p.warning) warnings.push(`${what}: ${p.warning}`);
    return p;
  };
  let input = uint8(calibration.inputRange, 'input');
  const out: IntegerDenseLayer[] = layers.map((layer, k) => {
    const output = uint8(calibration.activationRanges[k], `layer ${k} output`);
    const q = quantizeLayer(layer, input, output, options, (m) => warnings.push(`layer ${k} ${m}`));
    input = output;
    return q;
  });
  return { layers: out, warnings };
}
