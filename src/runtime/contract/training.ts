// Settings and results of the faster-training lesson's jobs, without tfjs, so that the page can
// name a bad setting before it asks the worker (which checks again).
import type { CastFormat } from '../../engine';

/**
 * How a simulated mixed-precision run stores and moves numbers. tfjs computes in fp32; the worker
 * rounds the weights the forward pass sees and the weight gradients with the engine's casts.
 */
export interface PrecisionRecipe {
  /** Format of the weights the forward and backward passes use (null: fp32). */
  weights: CastFormat | null;
  /** Format the weight gradients are rounded to (null: fp32). */
  gradients: CastFormat | null;
  /** An fp32 master copy receives the updates; otherwise the update is rounded into the weights. */
  master: boolean;
  /** Dynamic loss scaling (the engine's nextLossScale). */
  scaling: boolean;
}

export const PRECISION_MODES = ['fp32', 'fp16', 'fp16-master', 'fp16-master-scaled', 'bf16-master', 'fp8-master-scaled'] as const;
export type PrecisionMode = (typeof PRECISION_MODES)[number];

export const PRECISION_RECIPES: Record<PrecisionMode, PrecisionRecipe> = {
  fp32: { weights: null, gradients: null, master: false, scaling: false },
  fp16: { weights: 'fp16', gradients: 'fp16', master: false, scaling: false },
  'fp16-master': { weights: 'fp16', gradients: 'fp16', master: true, scaling: false },
  'fp16-master-scaled': { weights: 'fp16', gradients: 'fp16', master: true, scaling: true },
  'bf16-master': { weights: 'bf16', gradients: 'bf16', master: true, scaling: false },
  'fp8-master-scaled': { weights: 'fp8e4m3', gradients: 'fp8e5m2', master: true, scaling: true },
};

export const PRECISION_NAMES: Record<PrecisionMode, string> = {
  fp32: 'fp32 (reference)',
  fp16: 'fp16 only',
  'fp16-master': 'fp16 + fp32 master copy',
  'fp16-master-scaled': 'fp16 + master copy + loss scaling',
  'bf16-master': 'bf16 + master copy',
  'fp8-master-scaled': 'fp8 (E4M3 / E5M2) + master copy + loss scaling',
};

export interface PrecisionRunSettings {
  /** Zoo model whose architecture is trained from a seeded initialisation. */
  model: 'lenet-300-100';
  modes: PrecisionMode[];
  steps: number;
  batchSize: number;
  /** Learning rate of plain SGD (the lost-update effect of fp16 weights is SGD's). */
  learningRate: number;
  seed: number;
  /** Starting loss scale of the scaled runs. */
  initialScale: number;
  /** Good steps before the scale doubles. */
  growthInterval: number;
}

export const LOSS_SCALE_RANGE = { min: 2 ** -10, max: 2 ** 40 } as const;
export const PRECISION_MAX_STEPS = 2000;

/** Throws a message naming the first unusable setting. */
export function checkPrecisionRun(s: PrecisionRunSettings): void {
  if (s.modes.length === 0) throw new Error('choose at least one way to train');
  for (const m of s.modes) if (!PRECISION_MODES.includes(m)) throw new Error(`unknown precision mode: ${m} (use ${PRECISION_MODES.join(', ')})`);
  if (!Number.isInteger(s.steps) || s.steps < 1 || s.steps > PRECISION_MAX_STEPS) throw new Error(`the number of steps must be a whole number from 1 to ${PRECISION_MAX_STEPS} (got ${s.steps})`);
  if (!(s.initialScale >= LOSS_SCALE_RANGE.min && s.initialScale <= LOSS_SCALE_RANGE.max)) {
    throw new Error(`the loss scale must be a number from 2^-10 to 2^40 (got ${s.initialScale})`);
  }
  if (!Number.isInteger(s.growthInterval) || s.growthInterval < 1) throw new Error(`the growth interval must be a whole number of at least 1 step (got ${s.growthInterval})`);
}

/** One finished step of one run. */
export interface PrecisionStep {
  mode: PrecisionMode;
  step: number;
  loss: number;
  /** Loss scale used at this step (1 without scaling). */
  scale: number;
  skipped: boolean;
  /** Fraction of the non-zero weight gradients that rounded to zero. */
  flushed: number;
  /** Fraction of the weights whose non-zero update was lost in rounding (fp16-only runs). */
  lost: number;
}

export interface PrecisionRunResult {
  mode: PrecisionMode;
  /** Test accuracy over the 10,000 test images with the weights as the run stores them. */
  accuracy: number;
  finalLoss: number;
  skippedSteps: number;
  finalScale: number;
  /** Mean over the steps of the flushed fraction. */
  meanFlushed: number;
  meanLost: number;
  ms: number;
}

/** Where one training step's time goes, averaged over the measured steps (ms). */
export interface StepTiming {
  data: number;
  forward: number;
  backward: number;
  optimizer: number;
  steps: number;
  batchSize: number;
}

/** Real gradients of one training step, every trainable weight's gradient concatenated. */
export interface StepGradients {
  values: Float32Array;
  /** Name and length of each weight's part of `values`, in order. */
  parts: { name: string; length: number }[];
  loss: number;
}

export interface DataParallelSettings {
  model: 'lenet-300-100';
  /** Simulated devices the batch is split over. */
  workers: number;
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export const PARALLEL_WORKERS = { min: 1, max: 8 } as const;

/** Throws a message naming the first unusable setting. */
export function checkDataParallel(s: DataParallelSettings): void {
  if (!Number.isInteger(s.workers) || s.workers < PARALLEL_WORKERS.min || s.workers > PARALLEL_WORKERS.max) {
    throw new Error(`the number of workers must be a whole number from ${PARALLEL_WORKERS.min} to ${PARALLEL_WORKERS.max} (got ${s.workers})`);
  }
  if (Number.isInteger(s.batchSize) && s.batchSize < s.workers) throw new Error(`a batch of ${s.batchSize} cannot be split over ${s.workers} workers`);
  if (!Number.isInteger(s.steps) || s.steps < 1 || s.steps > PRECISION_MAX_STEPS) throw new Error(`the number of steps must be a whole number from 1 to ${PRECISION_MAX_STEPS} (got ${s.steps})`);
}

/** One step of the data-parallel comparison. */
export interface DataParallelStep {
  run: 'single' | 'parallel';
  step: number;
  loss: number;
  /** Largest |all-reduced − whole-batch gradient| at this step (parallel run). */
  gradientDiff?: number;
}

export interface DataParallelResult {
  workers: number;
  /** Largest gradient difference over all steps. */
  maxGradientDiff: number;
  /** Largest |weight| difference between the two runs after the last step. */
  maxWeightDiff: number;
  /** Bytes each simulated device sends per step in the ring all-reduce. */
  bytesPerStep: number;
  /** Mean ms per step of the whole batch's forward and backward pass in one worker. */
  wholeBatchMs: number;
  /** Mean ms per step of the slowest shard's gradient (what n devices would wait for). */
  slowestShardMs: number;
  /** Mean ms per step of all shards' gradients one after another. */
  allShardsMs: number;
}

declare module './jobs' {
  interface JobRegistry {
    training: {
      /** The gradients of the pretrained model's loss on one seeded batch of training images. */
      gradients: JobSpec<{ model: 'lenet-300-100'; batchSize: number; seed: number }, StepGradients>;
      /** Trains the architecture from the same seed once per mode, streaming every step. */
      precisionRuns: JobSpec<PrecisionRunSettings, PrecisionRunResult[], PrecisionStep>;
      /** Times the phases of `steps` training steps of the pretrained model (on a copy; the zoo model is untouched). */
      /**
       * Trains twice from the same start: on whole batches, and with each batch split over
       * simulated workers whose gradients are all-reduced; compares gradients and weights.
       */
      dataParallel: JobSpec<DataParallelSettings, DataParallelResult, DataParallelStep>;
      timeSteps: JobSpec<{ model: 'lenet-300-100'; batchSize: number; steps: number }, StepTiming>;
    };
  }
}
