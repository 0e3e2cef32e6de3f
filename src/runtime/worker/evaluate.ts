// Test-set accuracy of a tfjs LayersModel, batch by batch, cancellable, leaving no tensors behind.
import * as tf from '@tensorflow/tfjs';
import { abortError, yieldToEventLoop } from '../contract/abort';
import { batchToTensor } from './mnist';
import { timed } from './profile';
import { sparseFirstLayer } from './sparseInput';
import type { Evaluation } from '../contract/models';
export type { Evaluation } from '../contract/models';

export const NUM_CLASSES = 10;

/** What `evaluateModel` reads: count images of `pixels` bytes each and their labels. */
export interface LabelledImages {
  count: number;
  images: Uint8Array;
  labels: Uint8Array;
}

export interface EvaluateProgress {
  done: number;
  total: number;
}

export interface EvaluateOptions {
  /** Images per forward pass; 1000 keeps peak memory near 3 MB of input. */
  batchSize?: number;
  onProgress?: (p: EvaluateProgress) => void;
  signal?: AbortSignal;
}

/**
 * The first `count` images of a set, as views of its arrays (its other fields kept); the set
 * itself when it has no more than that, so caches keyed by the set or its images still hit.
 */
export function firstImages<T extends LabelledImages>(data: T, count: number): T {
  if (count >= data.count) return data;
  const pixels = data.images.length / data.count;
  return { ...data, count, images: data.images.subarray(0, count * pixels), labels: data.labels.subarray(0, count) };
}

/** The shape of one input example, e.g. [784] or [28, 28, 1], read from the model. */
export function inputShapeOf(model: tf.LayersModel): number[] {
  const shape = model.inputs[0].shape.slice(1);
  if (shape.some((d) => d === null)) throw new Error(`the model's input shape [${shape.join(', ')}] has an unknown size`);
  return shape as number[];
}

/**
 * Runs the model over all images in batches and counts argmax(output) == label. Checks the
 * signal between batches and throws an AbortError when it has been aborted.
 */
export function evaluateModel(model: tf.LayersModel, data: LabelledImages, options: EvaluateOptions = {}): Promise<Evaluation> {
  return timed('evaluate', () => evaluateBatches(model, data, options));
}

async function evaluateBatches(model: tf.LayersModel, data: LabelledImages, options: EvaluateOptions): Promise<Evaluation> {
  const { batchSize = 1000, onProgress, signal } = options;
  if (!(batchSize >= 1)) throw new Error(`batch size must be at least 1, got ${batchSize}`);
  const shape = inputShapeOf(model);
  const pixels = shape.reduce((a, b) => a * b, 1);
  if (data.images.length < data.count * pixels) throw new Error(`${data.count} images need ${data.count * pixels} bytes, got ${data.images.length}`);
  const outputs = model.outputs[0].shape[model.outputs[0].shape.length - 1];
  if (outputs !== NUM_CLASSES) throw new Error(`the model has ${outputs} outputs; a digit classifier needs ${NUM_CLASSES}`);

  const predictions = new Uint8Array(data.count);
  const start = performance.now();
  // An MLP's first layer comes from the non-zero pixels only; the layers after it run in tfjs.
  const sparseFirst = sparseFirstLayer(model, data, data.count);
  const after = sparseFirst ? (model as tf.Sequential).layers.slice(1) : [];
  for (let first = 0; first < data.count; first += batchSize) {
    await yieldToEventLoop();
    if (signal?.aborted) throw abortError();
    const n = Math.min(batchSize, data.count - first);
    const classes = tf.tidy(() => {
      if (sparseFirst) return after.reduce((h, layer) => layer.apply(h) as tf.Tensor, sparseFirst(first, n)).argMax(-1);
      const x = batchToTensor(data.images, first, n, shape, pixels);
      // predict() splits its input into batches of 32 unless told otherwise, which is ~15× slower.
      return (model.predict(x, { batchSize: n }) as tf.Tensor).argMax(-1);
    });
    try {
      predictions.set(await classes.data(), first);
    } finally {
      classes.dispose();
    }
    onProgress?.({ done: first + n, total: data.count });
  }
  const ms = performance.now() - start;
  return { ...scorePredictions(predictions, data.labels.subarray(0, data.count)), predictions, ms };
}

/** Accuracy, per-class counts and the confusion matrix of predictions against labels. */
export function scorePredictions(predictions: Uint8Array, labels: Uint8Array): Omit<Evaluation, 'predictions' | 'ms'> {
  const perClassTotal = new Int32Array(NUM_CLASSES);
  const perClassCorrect = new Int32Array(NUM_CLASSES);
  const confusion = new Int32Array(NUM_CLASSES * NUM_CLASSES);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i];
    const p = predictions[i];
    perClassTotal[t]++;
    confusion[t * NUM_CLASSES + p]++;
    if (t === p) {
      perClassCorrect[t]++;
      correct++;
    }
  }
  const total = labels.length;
  return { accuracy: total ? correct / total : 0, correct, total, perClassTotal, perClassCorrect, confusion };
}
