// Activation quantization of a live Sequential model: each weighted layer's output range is
// calibrated on training images (engine `calibrate`), then the model is evaluated layer by layer
// with every such output fake-quantized by tf ops that reproduce the engine's `fakeQuant`.
import * as tf from '@tensorflow/tfjs';
import { calibrate, CALIBRATION_METHODS, checkBits, quantParams,  type QuantParams } from '../../engine';
import { abortError, yieldToEventLoop } from '../contract/abort';
import { inputShapeOf, scorePredictions, type Evaluation, type EvaluateProgress, type LabelledImages } from './evaluate';
import { concatFloats } from './artifacts';
import { batchToTensor } from './mnist';
import { sparseFirstLayer } from './sparseInput';
import type { ActivationQuantSpec, ActivationRange } from '../contract/quant';
export type { ActivationQuantSpec, ActivationRange } from '../contract/quant';

/** MSE calibration tries 201 ranges, each a pass over the samples: a strided subset keeps it fast. */
const MSE_SAMPLE_LIMIT = 1 << 15;

/** Throws a message naming the first unusable field. */
export function checkActivationSpec(spec: ActivationQuantSpec, trainingImages = Infinity): void {
  checkBits(spec.bits);
  if (!(CALIBRATION_METHODS as readonly string[]).includes(spec.method)) throw new Error(`unknown calibration method: ${spec.method}`);
  if (spec.method === 'percentile' && !(spec.percentile > 0 && spec.percentile <= 100)) {
    throw new Error(`the percentile must be in (0, 100] (got ${spec.percentile})`);
  }
  if (!Number.isInteger(spec.calibrationImages) || spec.calibrationImages < 1) {
    throw new Error(`the number of calibration images must be a whole number of at least 1 (got ${spec.calibrationImages})`);
  }
  if (spec.calibrationImages > trainingImages) {
    throw new Error(`there are only ${trainingImages} training images to calibrate on (asked for ${spec.calibrationImages})`);
  }
}

/**
 * The engine's fakeQuant as tf ops: s · round(clamp(x / s, qmin − z, qmax − z)), rounding ties to
 * even (tf.round is banker's rounding), which equals s · (clamp(round(x / s) + z) − z). Computed in
 * float32, so a value within an ulp of a rounding boundary may land one step from the engine's.
 */
export function fakeQuantTensor(x: tf.Tensor, { scale, zeroPoint, qmin, qmax }: QuantParams): tf.Tensor {
  return tf.tidy(() => tf.round(tf.clipByValue(tf.div(x, scale), qmin - zeroPoint, qmax - zeroPoint)).mul(scale));
}

/** The layers of a Sequential model in order; throws for other topologies. */
function chainOf(model: tf.LayersModel): tf.layers.Layer[] {
  if (!(model instanceof tf.Sequential)) {
    throw new Error('activation quantization runs a model layer by layer and needs a Sequential model (every zoo model is one)');
  }
  return model.layers;
}

/** Names of the layers whose outputs are quantized: every layer with weights (its activation included). */
export function quantizedLayerNames(model: tf.LayersModel): string[] {
  return chainOf(model).filter((l) => l.getWeights().length > 0).map((l) => l.name);
}

/**
 * Runs `layers` on x, fake-quantizing the output of each layer named in `ranges`. A final
 * softmax is skipped: it does not change the argmax, and a quantized copy of it would add nothing.
 */
function forward(layers: tf.layers.Layer[], x: tf.Tensor, quantizers: Map<string, QuantParams>, onOutput?: (layer: string, y: tf.Tensor) => void): tf.Tensor {
  let h = x;
  for (const layer of layers) {
    if (layer.name === 'softmax' || layer.getClassName() === 'Softmax') continue;
    h = layer.apply(h) as tf.Tensor;
    const p = quantizers.get(layer.name);
    if (onOutput && layer.getWeights().length > 0) onOutput(layer.name, h);
    if (p) h = fakeQuantTensor(h, p);
  }
  return h;
}

/**
 * The float output of a model's first layer on the first `count` images of a data set, batch by
 * batch. It does not depend on the activation settings, so measuring again with other activation
 * bits or ranges starts from it and skips the largest matrix product (784 × 300 for LeNet-300-100).
 * Valid for one model object, data set, count and batch size; `dispose` frees the tensors.
 */
export interface FirstLayerCache {
  model: tf.LayersModel;
  data: LabelledImages;
  count: number;
  batchSize: number;
  outputs: tf.Tensor[];
  dispose(): void;
}

/** First-layer outputs above this many bytes (e.g. LeNet-5's 28×28×6 maps of 10,000 images) are not cached. */
const CACHE_LIMIT_BYTES = 64 * 2 ** 20;

/**
 * Hands out the first layer's output of each batch (call `output` inside a tidy): from the cache
 * when it matches, else computed and, when small enough, kept for the next call's cache.
 */
function firstLayerOutputs(model: tf.LayersModel, data: LabelledImages, count: number, batchSize: number, cache?: FirstLayerCache) {
  const first = chainOf(model)[0];
  const shape = inputShapeOf(model);
  const usable = cache && cache.model === model && cache.data === data && cache.count === count && cache.batchSize === batchSize ? cache : undefined;
  if (cache && !usable) cache.dispose();
  const units = (first.outputShape as number[]).slice(1).reduce((a, b) => a * b, 1);
  const keep = !usable && units * count * 4 <= CACHE_LIMIT_BYTES;
  const sparse = usable ? undefined : sparseFirstLayer(model, data, count);
  const built: tf.Tensor[] = [];
  return {
    output(b: number): tf.Tensor {
      const hit = usable?.outputs[b] ?? built[b];
      if (hit) return hit;
      const offset = b * batchSize;
      const n = Math.min(batchSize, count - offset);
      const h = sparse ? sparse(offset, n) : (first.apply(batchToTensor(data.images, offset, n, shape)) as tf.Tensor);
      if (keep) built[b] = tf.keep(h);
      return h;
    },
    /** The cache to pass on: the old one, the one just built, or none. */
    finish(): FirstLayerCache | undefined {
      if (usable || !keep) return usable;
      return {
        model, data, count, batchSize, outputs: built,
        dispose: () => { try { tf.dispose(built); } catch { /* the backend that held them was switched off */ } },
      };
    },
    /** Frees what was built (on an error). */
    discard(): void {
      tf.dispose(built);
    },
  };
}

const CALIBRATION_BATCH = 500;

/**
 * Calibrates the output range of every weighted layer on the first `spec.calibrationImages`
 * images of `data` (the training set). The ranges are affine: ReLU outputs get all 2^bits levels
 * on [0, max], logits a range around zero. A layer with only zeros on the calibration images
 * has no range to quantize and is refused by name. `cache` as in evaluateWithActivationQuant.
 */
export async function calibrateActivations(
  model: tf.LayersModel,
  data: LabelledImages,
  spec: ActivationQuantSpec,
  { signal, cache }: { signal?: AbortSignal; cache?: FirstLayerCache } = {},
): Promise<{ ranges: ActivationRange[]; cache?: FirstLayerCache }> {
  checkActivationSpec(spec, data.count);
  const layers = chainOf(model);
  const names = quantizedLayerNames(model);
  const n = spec.calibrationImages;
  const firsts = firstLayerOutputs(model, data, n, CALIBRATION_BATCH, cache);
  const ranges: ActivationRange[] = [];
  const quantizers = new Map<string, QuantParams>();
  try {
    // Layer by layer, each calibrated on the outputs of the already quantized layers before it, as
    // the quantized network will see them.
    for (const name of names) {
      const collected: Float32Array[] = [];
      const upTo = layers.slice(1, layers.findIndex((l) => l.name === name) + 1);
      for (let b = 0; b * CALIBRATION_BATCH < n; b++) {
        await yieldToEventLoop();
        if (signal?.aborted) throw abortError();
        tf.tidy(() => {
          const h = firsts.output(b);
          if (layers[0].name === name) return void collected.push(h.dataSync() as Float32Array);
          const p = quantizers.get(layers[0].name);
          forward(upTo, p ? fakeQuantTensor(h, p) : h, quantizers, (layer, y) => { if (layer === name) collected.push(y.dataSync() as Float32Array); });
        });
      }
      const values = concatFloats(collected);
      const sampled = spec.method === 'mse' ? strided(values, MSE_SAMPLE_LIMIT) : values;
      const { min, max } = calibrate(sampled, spec.method, { bits: spec.bits, percentile: spec.percentile });
      if (min === 0 && max === 0) {
        throw new Error(`layer “${name}” outputs only zeros on the ${n} calibration images, so it has no range to quantize`);
      }
      const params = quantParams(min, max, spec.bits);
      quantizers.set(name, params);
      ranges.push({ layer: name, min, max, params });
    }
  } catch (e) {
    firsts.discard();
    throw e;
  }
  return { ranges, cache: firsts.finish() };
}


/** Every k-th value, so that at most `limit` remain (deterministic). */
function strided(x: Float32Array, limit: number): Float32Array {
  if (x.length <= limit) return x;
  const step = Math.ceil(x.length / limit);
  return Float32Array.from({ length: Math.ceil(x.length / step) }, (_, i) => x[i * step]);
}

export interface ActivationEvalOptions {
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: EvaluateProgress) => void;
  /** A cache from an earlier call; reused when it belongs to the same model and data, else disposed. */
  cache?: FirstLayerCache;
}

/**
 * Accuracy of `model` on `data` with each layer output in `ranges` fake-quantized. Returns the
 * evaluation and the first-layer cache to pass to the next call.
 */
export async function evaluateWithActivationQuant(
  model: tf.LayersModel,
  data: LabelledImages,
  ranges: readonly ActivationRange[],
  { batchSize = 2000, signal, onProgress, cache }: ActivationEvalOptions = {},
): Promise<{ evaluation: Evaluation; cache?: FirstLayerCache }> {
  const layers = chainOf(model);
  const quantizers = new Map(ranges.map((r) => [r.layer, r.params]));
  const firsts = firstLayerOutputs(model, data, data.count, batchSize, cache);
  const predictions = new Uint8Array(data.count);
  const start = performance.now();
  try {
    for (let b = 0, offset = 0; offset < data.count; b++, offset += batchSize) {
      await yieldToEventLoop();
      if (signal?.aborted) throw abortError();
      const classes = tf.tidy(() => {
        const h = firsts.output(b);
        const p = quantizers.get(layers[0].name);
        return forward(layers.slice(1), p ? fakeQuantTensor(h, p) : h, quantizers).argMax(-1);
      });
      try {
        predictions.set(await classes.data(), offset);
      } finally {
        classes.dispose();
      }
      onProgress?.({ done: Math.min(offset + batchSize, data.count), total: data.count });
    }
  } catch (e) {
    firsts.discard();
    throw e;
  }
  const ms = performance.now() - start;
  return { evaluation: { ...scorePredictions(predictions, data.labels.subarray(0, data.count)), predictions, ms }, cache: firsts.finish() };
}
