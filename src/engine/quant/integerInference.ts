import type { IntegerDenseLayer, IntegerMlp } from './integerModel';
import { multiplyByQuantizedMultiplier } from './fixedPoint';
import { roundHalfEven } from './uniform';

export interface IntegerMlpResult {
  /** The last layer's quantized outputs q (0..255), [count, classes] row-major. */
  logits: Int32Array;
  /** The last layer's int32 accumulators before requantization, [count, classes]. */
  accumulators: Int32Array;
  /** argmax of each row of logits (ties: the lowest class). */
  predictions: Int32Array;
}

export interface FakeQuantMlpResult {
  /** The last layer's fake-quantized outputs, scale · (q − Z), [count, classes]. */
  logits: Float32Array;
  /** The last layer's real outputs before ReLU and output quantization, [count, classes]. */
  preActivations: Float32Array;
  /** argmax of each row of logits (ties: the lowest class), comparable with runIntegerMlp. */
  predictions: Int32Array;
}

function checkInput(model: IntegerMlp, input: ArrayLike<number>, count: number): number {
  const width = model.layers[0].inputs;
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a whole number ≥ 0 (got ${count})`);
  if (input.length !== count * width) {
    throw new Error(`expected ${count} inputs of ${width} values (${count * width}), got ${input.length} values`);
  }
  return width;
}

/** The index of the largest value in each row of a [count, classes] array (ties: the lowest). */
export function argmaxRows(values: ArrayLike<number>, count: number, classes: number): Int32Array {
  const predictions = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    let best = 0;
    for (let j = 1; j < classes; j++) if (values[n * classes + j] > values[n * classes + best]) best = j;
    predictions[n] = best;
  }
  return predictions;
}

/**
 * One layer of integer-only inference for one input: x holds the layer's input integers minus
 * their zero point; fills acc with acc_j = b_j + Σ_i w_ij · x_i in int32 (Math.imul, wrapping like
 * int32 hardware) and next with q_j − Z_out, where
 * q_j = clamp(Z_out + multiplyByQuantizedMultiplier(acc_j, m0_j, shift_j), clampMin, clampMax).
 */
function integerLayer(layer: IntegerDenseLayer, x: Int32Array, acc: Int32Array, next: Int32Array): void {
  const { inputs, units, weights, bias, m0, shift, clampMin, clampMax } = layer;
  const zOut = layer.output.zeroPoint;
  for (let j = 0; j < units; j++) acc[j] = bias[j];
  for (let i = 0; i < inputs; i++) {
    const xi = x[i];
    if (xi === 0) continue; // after ReLU (and on MNIST's black background) most inputs are 0
    const row = i * units;
    for (let j = 0; j < units; j++) acc[j] = (acc[j] + Math.imul(weights[row + j], xi)) | 0;
  }
  for (let j = 0; j < units; j++) {
    const q = zOut + multiplyByQuantizedMultiplier(acc[j], m0[j], shift[j]);
    next[j] = (q < clampMin ? clampMin : q > clampMax ? clampMax : q) - zOut;
  }
}

/**
 * Integer-only inference: for each of `count` inputs (each `inputs` bytes, the input layer's
 * quantized values; with inputRange {0, 1} these are the pixel bytes 0..255), every layer computes
 * int32 accumulators and requantizes them to its uint8 output grid (see integerLayer).
 * No floating-point value is used.
 */
export function runIntegerMlp(model: IntegerMlp, inputUint8: Uint8Array, count: number): IntegerMlpResult {
  const width = checkInput(model, inputUint8, count);
  const last = model.layers[model.layers.length - 1];
  const classes = last.units;
  const logits = new Int32Array(count * classes);
  const accumulators = new Int32Array(count * classes);
  const widest = Math.max(width, ...model.layers.map((l) => l.units));
  let x = new Int32Array(widest);
  let next = new Int32Array(widest);
  const acc = new Int32Array(widest);
  const z0 = model.layers[0].input.zeroPoint;
  const zLast = last.output.zeroPoint;
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < width; i++) x[i] = inputUint8[n * width + i] - z0;
    for (const layer of model.layers) {
      integerLayer(layer, x, acc, next);
      [x, next] = [next, x];
    }
    for (let j = 0; j < classes; j++) {
      logits[n * classes + j] = x[j] + zLast;
      accumulators[n * classes + j] = acc[j];
    }
  }
  return { logits, accumulators, predictions: argmaxRows(logits, count, classes) };
}

/** What one layer of the integer network did to one input. */
export interface IntegerLayerTrace {
  /** The layer's input integers q_in (uint8 values, 0..255). */
  input: Int32Array;
  /** The int32 accumulators b_j + Σ_i w_ij · (q_in,i − Z_in). */
  accumulators: Int32Array;
  /** The requantized uint8 outputs q_out. */
  output: Int32Array;
}

/** Every layer's integers for one input of `inputs` bytes: runIntegerMlp, kept step by step. */
export function traceIntegerMlp(model: IntegerMlp, inputUint8: Uint8Array): IntegerLayerTrace[] {
  checkInput(model, inputUint8, 1);
  let x = Int32Array.from(inputUint8, (p) => p - model.layers[0].input.zeroPoint);
  return model.layers.map((layer) => {
    const acc = new Int32Array(layer.units);
    const next = new Int32Array(layer.units);
    const input = x.map((v) => v + layer.input.zeroPoint);
    integerLayer(layer, x, acc, next);
    x = next;
    return { input, accumulators: acc, output: next.map((v) => v + layer.output.zeroPoint) };
  });
}

/**
 * The same model simulated in float64 ("fake quantization"): inputs, weights and biases are the
 * real values the integers stand for, y_j = b_j + Σ_i w_ij x_i, then ReLU, then each output is
 * rounded (ties to even) to the output grid. It differs from runIntegerMlp only in the
 * requantization (the fixed-point M0 keeps ~30 bits; ties round away from zero there).
 */
export function runFakeQuantMlp(model: IntegerMlp, inputUint8: Uint8Array, count: number): FakeQuantMlpResult {
  const width = checkInput(model, inputUint8, count);
  const last = model.layers[model.layers.length - 1];
  const classes = last.units;
  const logits = new Float32Array(count * classes);
  const preActivations = new Float32Array(count * classes);
  const real = model.layers.map((l) => ({
    weights: Float64Array.from(l.weights, (w, k) => w * l.weightScales[k % l.units]),
    bias: Float64Array.from(l.bias, (b, j) => b * l.weightScales[j] * l.input.scale),
  }));
  for (let n = 0; n < count; n++) {
    const { scale, zeroPoint } = model.layers[0].input;
    let x = Float64Array.from(inputUint8.subarray(n * width, (n + 1) * width), (p) => scale * (p - zeroPoint));
    model.layers.forEach((layer, k) => {
      const { inputs, units, relu, output } = layer;
      const { weights, bias } = real[k];
      const y = Float64Array.from(bias);
      for (let i = 0; i < inputs; i++) {
        const xi = x[i];
        if (xi === 0) continue;
        const row = i * units;
        for (let j = 0; j < units; j++) y[j] += weights[row + j] * xi;
      }
      for (let j = 0; j < units; j++) {
        if (layer === last) preActivations[n * classes + j] = y[j];
        const v = relu ? Math.max(y[j], 0) : y[j];
        const q = Math.min(output.qmax, Math.max(output.qmin, roundHalfEven(v / output.scale) + output.zeroPoint));
        y[j] = output.scale * (q - output.zeroPoint);
      }
      x = y;
    });
    logits.set(x, n * classes);
  }
  return { logits, preActivations, predictions: argmaxRows(logits, count, classes) };
}
