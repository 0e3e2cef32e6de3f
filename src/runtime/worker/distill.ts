// Knowledge distillation in tfjs: the student architecture, the teacher's logits over the
// training images (computed once), the distillation loss as a `trainModel` loss hook, and the
// two-recipe experiment the lesson runs (labels alone vs. labels + the teacher's soft targets).
// The maths is the engine's `distillationLoss` (src/engine/distill); distill.test.ts checks that
// the tfjs version here gives the same value and gradient.
import * as tf from '@tensorflow/tfjs';
import { abortError, yieldToEventLoop } from '../contract/abort';
import { evaluateModel, inputShapeOf, NUM_CLASSES, type LabelledImages } from './evaluate';
import { batchToTensor } from './mnist';
import { logitsModel } from './models';
import { timed } from './profile';
import { sparseFirstLayer } from './sparseInput';
import { trainModel } from './train';
import {
  checkDistillSettings, checkStudentRun, checkStudentWidth,
  type DistillSettings, type Recipe, type StudentProgress, type StudentRunSettings,
} from '../contract/distill';

export * from '../contract/distill';

/**
 * The student: 784 → `hidden` ReLU units → 10 logits (layer `logits`) → softmax (layer
 * `softmax`), He/Glorot initialisers seeded from `seed`, so two students with one seed start equal.
 */
export function buildStudent(hidden: number, seed: number): tf.Sequential {
  checkStudentWidth(hidden);
  const model = tf.sequential();
  model.add(tf.layers.dense({
    inputShape: [784], units: hidden, activation: 'relu', name: 'dense1',
    kernelInitializer: tf.initializers.heNormal({ seed: seed * 1000 }),
  }));
  model.add(tf.layers.dense({
    units: NUM_CLASSES, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + 1 }),
  }));
  model.add(tf.layers.activation({ activation: 'softmax', name: 'softmax' }));
  return model;
}

/**
 * The teacher's logits for every image of `data`: [count, 10] row-major. Batches of 500, checking
 * the signal between them; leaves no tensors behind.
 */
export function computeLogits(
  model: tf.LayersModel,
  data: LabelledImages,
  options: { signal?: AbortSignal; onProgress?: (p: { done: number; total: number }) => void; batchSize?: number } = {},
): Promise<Float32Array> {
  return timed('teacher logits', () => logitsInBatches(model, data, options));
}

async function logitsInBatches(
  model: tf.LayersModel,
  data: LabelledImages,
  options: { signal?: AbortSignal; onProgress?: (p: { done: number; total: number }) => void; batchSize?: number },
): Promise<Float32Array> {
  const { signal, onProgress, batchSize = 500 } = options;
  const net = logitsModel(model);
  const shape = inputShapeOf(model);
  const pixels = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(data.count * NUM_CLASSES);
  // An MLP's first layer comes from the non-zero pixels only (as in evaluateModel): for the
  // teacher that is 940,800 of its 2.4 million multiply-adds per image, 81 % of them on zeros.
  const sparseFirst = sparseFirstLayer(model, data, data.count);
  const layers = (model as tf.Sequential).layers;
  const afterFirst = sparseFirst ? layers.slice(1, layers.findIndex((l) => l.name === 'logits') + 1) : [];
  for (let first = 0; first < data.count; first += batchSize) {
    await yieldToEventLoop();
    if (signal?.aborted) throw abortError();
    const n = Math.min(batchSize, data.count - first);
    const logits = tf.tidy(() => sparseFirst
      ? afterFirst.reduce((h, layer) => layer.apply(h) as tf.Tensor, sparseFirst(first, n))
      : net.predict(batchToTensor(data.images, first, n, shape, pixels), { batchSize: n }) as tf.Tensor);
    try {
      out.set(await logits.data(), first * NUM_CLASSES);
    } finally {
      logits.dispose();
    }
    onProgress?.({ done: first + n, total: data.count });
  }
  return out;
}

/** The logits of `model` for single images given as 784 floats in [0, 1] each (e.g. a drawn digit). */
export function logitsOf(model: tf.LayersModel, images: Float32Array): Float32Array {
  const n = images.length / 784;
  if (!Number.isInteger(n) || n < 1) throw new Error(`an image needs 784 pixel values; got ${images.length}`);
  const net = logitsModel(model);
  return tf.tidy(() => net.predict(tf.tensor(images, [n, ...inputShapeOf(model)])) as tf.Tensor).dataSync() as Float32Array;
}

/**
 * A `trainModel` loss hook for knowledge distillation (Hinton, Vinyals & Dean 2015):
 *
 *     loss = mean over the batch of  alpha · T² · KL(softmax(t/T) ‖ softmax(s/T)) + (1 − alpha) · CE(y, softmax(s))
 *
 * s: the student's logits, t: the teacher's cached logits of the same images (rows of
 * `teacherLogits` picked by the batch's indices), y: one-hot labels. In nats; the engine's
 * `distillationLoss` is the reference.
 */
export function distillationLossHook(teacherLogits: Float32Array, settings: DistillSettings) {
  checkDistillSettings(settings);
  const { temperature: T, alpha } = settings;
  return (logits: tf.Tensor2D, labels: tf.Tensor2D, indices: Int32Array): tf.Scalar => tf.tidy(() => {
    const rows = new Float32Array(indices.length * NUM_CLASSES);
    indices.forEach((i, k) => rows.set(teacherLogits.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES), k * NUM_CLASSES));
    const logP = tf.logSoftmax(tf.tensor2d(rows, [indices.length, NUM_CLASSES]).div(T));
    const logQ = tf.logSoftmax(logits.div(T));
    const kl = tf.exp(logP).mul(logP.sub(logQ)).sum(1).mean();
    const soft = kl.mul(T * T);
    const hard = tf.neg(labels.mul(tf.logSoftmax(logits)).sum(1)).mean();
    return soft.mul(alpha).add(hard.mul(1 - alpha)) as tf.Scalar;
  });
}

/** How many of the images whose label passes `keep` (e.g. one digit class) were predicted right. */
export function accuracyOn(predictions: Uint8Array, labels: Uint8Array, keep: (label: number) => boolean): { correct: number; total: number } {
  let correct = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!keep(labels[i])) continue;
    total++;
    if (predictions[i] === labels[i]) correct++;
  }
  return { correct, total };
}

/** A fixed, evenly spread subset of `count` images of `data` (for quick accuracy checks during training). */
export function evenSubset(data: LabelledImages, count: number): LabelledImages {
  const n = Math.min(count, data.count);
  const images = new Uint8Array(n * 784);
  const labels = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = Math.floor((k * data.count) / n);
    images.set(data.images.subarray(i * 784, (i + 1) * 784), k * 784);
    labels[k] = data.labels[i];
  }
  return { count: n, images, labels };
}

export interface StudentResult {
  recipe: Recipe;
  /** Accuracy on the whole test set after the last step, in [0, 1]. */
  accuracy: number;
  /** Accuracy on the test images of the withheld digit, when one was withheld. */
  withheldAccuracy?: number;
  withheldTotal?: number;
  /** The predicted class of every test image. */
  predictions: Uint8Array;
  trainMs: number;
}

/**
 * Indices of the first `count` training images (all by default), less those labelled `digit`
 * when one is given.
 */
export function studentExamples(labels: Uint8Array, digit?: number, count = labels.length): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < Math.min(count, labels.length); i++) if (labels[i] !== digit) out.push(i);
  return Int32Array.from(out);
}

/**
 * Trains one student with one recipe: 'plain' on the labels with cross-entropy, 'distilled' with
 * the distillation loss against `teacherLogits` ([train.count, 10]). Measures accuracy on
 * `probe` every `evalEvery` steps and on the full `test` set at the end. The model is trained in
 * place; on cancel (AbortError) or a NaN loss the progress already reported stands.
 */
export async function trainStudent(
  model: tf.LayersModel,
  recipe: Recipe,
  sets: { train: LabelledImages; test: LabelledImages; probe: LabelledImages; teacherLogits: Float32Array },
  s: StudentRunSettings,
  options: { signal?: AbortSignal; onProgress?: (p: StudentProgress) => void } = {},
): Promise<StudentResult> {
  checkStudentRun(s);
  const { signal, onProgress } = options;
  const { train, test, probe, teacherLogits } = sets;
  if (teacherLogits.length !== train.count * NUM_CLASSES) {
    throw new Error(`the teacher's logits cover ${teacherLogits.length / NUM_CLASSES} images, the training set has ${train.count}`);
  }
  const probeAccuracy = () => tf.tidy(() => {
    const x = batchToTensor(probe.images, 0, probe.count, [784], 784);
    const predicted = (model.predict(x, { batchSize: probe.count }) as tf.Tensor).argMax(-1).dataSync();
    let correct = 0;
    predicted.forEach((p, i) => { if (p === probe.labels[i]) correct++; });
    return correct / probe.count;
  });
  onProgress?.({ kind: 'accuracy', recipe, step: 0, accuracy: probeAccuracy() });
  const { ms } = await trainModel(model, train, {
    steps: s.steps, batchSize: s.batchSize, learningRate: s.learningRate, seed: s.seed, optimizer: s.optimizer, signal,
    examples: studentExamples(train.labels, s.withheldDigit, s.trainImages),
    loss: recipe === 'distilled' ? distillationLossHook(teacherLogits, s) : undefined,
    onStep: ({ step, loss }) => {
      onProgress?.({ kind: 'loss', recipe, step, loss });
      if (step % s.evalEvery === 0 || step === s.steps) onProgress?.({ kind: 'accuracy', recipe, step, accuracy: probeAccuracy() });
    },
  });
  const evaluation = await evaluateModel(model, test, { signal });
  const result: StudentResult = { recipe, accuracy: evaluation.accuracy, predictions: evaluation.predictions, trainMs: ms };
  if (s.withheldDigit !== undefined) {
    const { correct, total } = accuracyOn(evaluation.predictions, test.labels, (y) => y === s.withheldDigit);
    result.withheldAccuracy = total > 0 ? correct / total : 0;
    result.withheldTotal = total;
  }
  return result;
}
