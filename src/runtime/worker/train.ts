// The one fine-tuning loop of the page: quantization-aware training, masked retraining after
// pruning, trained weight sharing and distillation all run through `trainModel`, each adding its
// twist through hooks (what the forward pass sees, how gradients are changed, what happens after
// a step, which loss). Steps are reproducible: the batch order comes from a seeded shuffle.
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../../engine';
import { abortError, yieldToEventLoop } from '../contract/abort';
import { inputShapeOf, NUM_CLASSES, type LabelledImages } from './evaluate';
import { adam, type StepOptimizer } from './fusedAdam';
import { variableGrads } from './gradients';
import { gatherPixels } from './mnist';
import { logitsModel } from './models';
import { addTime, timed } from './profile';
import { sparseLogits } from './sparseTraining';

import type { OptimizerName } from '../contract/names';
export type { OptimizerName };

export interface TrainStep {
  /** 1-based number of the step just finished. */
  step: number;
  steps: number;
  /** The batch's loss before the update (unscaled when a loss scale is used). */
  loss: number;
  /** Whether the `gradients` hook skipped the update (an overflow under loss scaling). */
  skipped: boolean;
  /** Where the step's time went, in ms (meaningful on backends that run ops as they are called, wasm and cpu). */
  phases: StepPhases;
}

/** Milliseconds of one step: building the batch, the forward pass with the loss, the backward pass, the optimizer's update. */
export interface StepPhases {
  data: number;
  forward: number;
  backward: number;
  optimizer: number;
}

export interface TrainHooks {
  /** Runs before each step's forward pass (QAT writes the fake-quantized weights here). */
  beforeStep?(step: number): void;
  /**
   * Receives the gradients of the trainable weights, keyed by tfjs variable name, and returns the
   * ones to apply (the straight-through estimator, per-cluster sums for weight sharing, the
   * unscaled fp16 gradients of mixed precision), or null to skip the update (a loss-scale
   * overflow). Tensors it replaces must be disposed by the hook; returned tensors and, on null,
   * the received ones are disposed by the loop. `indices` are the batch's training images.
   */
  gradients?(grads: tf.NamedTensorMap, step: number, indices: Int32Array): tf.NamedTensorMap | null;
  /**
   * The factor the loss is multiplied by inside the tape before the gradients are taken (loss
   * scaling of mixed precision); the reported loss is divided by it again. Default 1.
   */
  lossScale?(step: number): number;
  /** Runs after the optimizer's update (pruning re-applies its masks here). */
  afterStep?(step: number): void;
  /**
   * The batch's loss from the student's logits [n, 10], one-hot labels [n, 10] and the batch's
   * image indices in the training set (distillation looks up cached teacher logits with them).
   * Called inside a gradient tape. Default: softmax cross-entropy with the labels.
   */
  loss?(logits: tf.Tensor2D, labels: tf.Tensor2D, indices: Int32Array): tf.Scalar;
}

export interface TrainOptions extends TrainHooks {
  steps: number;
  batchSize: number;
  learningRate: number;
  /** Seeds the batch order. */
  seed: number;
  optimizer?: OptimizerName;
  /** The training images to draw from (indices into `data`); all of them by default. */
  examples?: Int32Array;
  signal?: AbortSignal;
  /** Called after every step. */
  onStep?(s: TrainStep): void;
  /**
   * Whether an MLP's first layer skips the batch's zero pixels (sparseTraining.ts) on the wasm and
   * cpu backends. Default true; false keeps tfjs's dense product (for comparisons).
   */
  sparseInput?: boolean;
}

export interface TrainResult {
  /** Loss of each finished step. */
  losses: Float32Array;
  ms: number;
}

const optimizers: Record<OptimizerName, (lr: number) => StepOptimizer> = {
  adam,
  sgd: (lr) => tf.train.sgd(lr),
  momentum: (lr) => tf.train.momentum(lr, 0.9),
};

/** Throws a message naming the first unusable option. */
export function checkTrainOptions(o: Pick<TrainOptions, 'steps' | 'batchSize' | 'learningRate'>): void {
  if (!Number.isInteger(o.steps) || o.steps < 1) throw new Error(`the number of training steps must be a whole number of at least 1 (got ${o.steps})`);
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) throw new Error(`the batch size must be a whole number of at least 1 (got ${o.batchSize})`);
  if (!(o.learningRate > 0) || !Number.isFinite(o.learningRate)) throw new Error(`the learning rate must be a positive number (got ${o.learningRate})`);
}

/** Default loss: mean softmax cross-entropy of logits against one-hot labels. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
}

/**
 * Trains `model` in place for `steps` mini-batches drawn without replacement from a seeded
 * shuffle of the examples (reshuffled when they run out). The model must have a layer named
 * `logits` (every zoo model does): the loss is computed from logits for numerical stability.
 * Stops with an AbortError when `signal` fires; the weights keep the last finished step.
 * A loss that turns NaN or infinite stops training with a message, since every later step would
 * only spread the NaN through the weights.
 */
export async function trainModel(model: tf.LayersModel, data: LabelledImages, options: TrainOptions): Promise<TrainResult> {
  checkTrainOptions(options);
  const { steps, batchSize, signal } = options;
  const examples = options.examples ?? Int32Array.from({ length: data.count }, (_, i) => i);
  if (examples.length === 0) throw new Error('there are no training images to learn from');
  const logitsNet = logitsModel(model);
  const shape = inputShapeOf(model);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = optimizers[options.optimizer ?? 'adam'](options.learningRate);
  const nextBatch = batchSchedule(examples, batchSize, options.seed);
  const losses = new Float32Array(steps);
  const started = performance.now();
  const lossOf = options.loss ?? crossEntropy;
  const sparse = options.sparseInput === false ? undefined : sparseLogits(model, data);

  try {
    for (let step = 1; step <= steps; step++) {
      if (signal?.aborted) throw abortError();
      const indices = nextBatch();
      const tHook = performance.now();
      options.beforeStep?.(step);
      const t0 = performance.now();
      // An MLP's batch reaches its first layer as non-zero pixels (sparseTraining.ts), not as x.
      const sparseBatch = sparse?.(indices);
      const { x, y } = sparseBatch ? { x: undefined, y: labelsOf(data, indices) } : batchOf(data, indices, shape);
      const t1 = performance.now();
      const scale = options.lossScale?.(step) ?? 1;
      let t2 = t1;
      let value: tf.Scalar;
      let grads: tf.NamedTensorMap;
      try {
        ({ value, grads } = variableGrads(() => {
          const l = lossOf((sparseBatch?.() ?? logitsNet.apply(x!)) as tf.Tensor2D, y, indices);
          t2 = performance.now();
          return scale === 1 ? l : tf.mul(l, scale);
        }, variables));
      } finally {
        tf.dispose(x ? [x, y] : y);
      }
      const t3 = performance.now();
      const loss = (await value.data())[0] / scale;
      value.dispose();
      // A step that fails (a NaN loss, a hook that throws) frees its gradients before it stops.
      let applied: tf.NamedTensorMap | null = grads;
      let t4 = t3;
      try {
        if (!Number.isFinite(loss)) throw new Error(`the loss became ${loss} at step ${step}; the learning rate is probably too high`);
        applied = options.gradients ? options.gradients(grads, step, indices) : grads;
        t4 = performance.now();
        if (applied) optimizer.applyGradients(applied);
      } finally {
        if (applied) tf.dispose(applied);
        if (applied !== grads) tf.dispose(grads);
      }
      const t5 = performance.now();
      options.afterStep?.(step);
      const t6 = performance.now();
      losses[step - 1] = loss;
      const phases = { data: t1 - t0, forward: t2 - t1, backward: t3 - t2, optimizer: t5 - t4 };
      for (const [phase, ms] of Object.entries(phases)) addTime(`train ${phase}`, ms);
      addTime('train hooks', t0 - tHook + (t4 - t3) + (t6 - t5));
      // Timed by hand: a callback may return the promise of a message to the page, which settles
      // whenever the page answers and is not the step's time.
      const t7 = performance.now();
      options.onStep?.({ step, steps, loss, skipped: applied === null, phases });
      addTime('train step callback', performance.now() - t7);
      await timed('train yield', yieldToEventLoop);
    }
  } finally {
    optimizer.dispose();
  }
  return { losses, ms: performance.now() - started };
}

/**
 * The batches trainModel draws: `batchSize` examples at a time (all of them if fewer) without
 * replacement from a seeded shuffle, reshuffled when they run out. Every run with the same
 * examples, batch size and seed sees the same batches.
 */
export function batchSchedule(examples: Int32Array, batchSize: number, seed: number): () => Int32Array {
  const random = seededRandom(seed);
  const order = examples.slice();
  let cursor = order.length;
  return () => {
    if (cursor + batchSize > order.length) {
      shuffle(order, random);
      cursor = 0;
    }
    const indices = order.slice(cursor, cursor + Math.min(batchSize, order.length));
    cursor += indices.length;
    return indices;
  };
}

function shuffle(a: Int32Array, random: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** Images at `indices` scaled to [0, 1] in the model's input shape, and one-hot labels. */
export function batchOf(data: LabelledImages, indices: ArrayLike<number>, shape: readonly number[]): { x: tf.Tensor; y: tf.Tensor2D } {
  return { x: tf.tensor(gatherPixels(data.images, indices), [indices.length, ...shape]), y: labelsOf(data, indices) };
}

/** The one-hot labels [n, 10] of the images at `indices`. */
function labelsOf(data: LabelledImages, indices: ArrayLike<number>): tf.Tensor2D {
  const n = indices.length;
  const onehot = new Float32Array(n * NUM_CLASSES);
  for (let k = 0; k < n; k++) onehot[k * NUM_CLASSES + data.labels[indices[k]]] = 1;
  return tf.tensor2d(onehot, [n, NUM_CLASSES]);
}
