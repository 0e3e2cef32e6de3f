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

/** How the batch's shards run: one after another in the model worker, or in real Web Workers. */
export const DATA_PARALLEL_MODES = ['simulated', 'workers'] as const;
export type DataParallelMode = (typeof DATA_PARALLEL_MODES)[number];

export interface DataParallelSettings {
  model: 'lenet-300-100';
  mode: DataParallelMode;
  /** Devices (simulated) or shard workers (real) the batch is split over. */
  workers: number;
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export const PARALLEL_WORKERS = { min: 1, max: 8 } as const;
/** Real shard workers: each loads its own tfjs and model, so a few. */
export const REAL_PARALLEL_WORKERS = { min: 1, max: 4 } as const;

/** Throws a message naming the first unusable setting. */
export function checkDataParallel(s: DataParallelSettings): void {
  if (!DATA_PARALLEL_MODES.includes(s.mode)) throw new Error(`unknown data-parallel mode: ${s.mode} (use ${DATA_PARALLEL_MODES.join(', ')})`);
  const range = s.mode === 'workers' ? REAL_PARALLEL_WORKERS : PARALLEL_WORKERS;
  if (!Number.isInteger(s.workers) || s.workers < range.min || s.workers > range.max) {
    throw new Error(`the number of ${s.mode === 'workers' ? 'real ' : ''}workers must be a whole number from ${range.min} to ${range.max} (got ${s.workers})`);
  }
  if (Number.isInteger(s.batchSize) && s.batchSize < s.workers) throw new Error(`a batch of ${s.batchSize} cannot be split over ${s.workers} workers`);
  if (!Number.isInteger(s.steps) || s.steps < 1 || s.steps > PRECISION_MAX_STEPS) throw new Error(`the number of steps must be a whole number from 1 to ${PRECISION_MAX_STEPS} (got ${s.steps})`);
}

/** One step of the data-parallel comparison. */
export interface DataParallelStep {
  run: 'single' | 'parallel';
  step: number;
  loss: number;
  /** Largest |all-reduced − whole-batch gradient| at this step (simulated parallel run). */
  gradientDiff?: number;
}

interface DataParallelCommon {
  workers: number;
  /** Largest |weight| difference between the two runs after the last step. */
  maxWeightDiff: number;
  /** Mean ms per step of the whole batch's forward and backward pass in one worker. */
  wholeBatchMs: number;
}

export interface SimulatedParallelResult extends DataParallelCommon {
  mode: 'simulated';
  /** Largest gradient difference over all steps. */
  maxGradientDiff: number;
  /** Bytes each simulated device sends per step in the ring all-reduce. */
  bytesPerStep: number;
  /** Mean ms per step of the slowest shard's gradient (what n devices would wait for). */
  slowestShardMs: number;
  /** Mean ms per step of all shards' gradients one after another. */
  allShardsMs: number;
}

/**
 * Real shard workers. Step times are means over the steps after the first (which compiles and
 * allocates), or the one step when there is only one.
 */
export interface WorkersParallelResult extends DataParallelCommon {
  mode: 'workers';
  /** Logical cores the browser reports (navigator.hardwareConcurrency; 0 where there is none). */
  cores: number;
  /** The backend the shard workers run. */
  shardBackend: string;
  /** ms to start the shard workers: each loads tfjs, starts its backend and builds the model. */
  startupMs: number;
  /** Mean wall ms of a whole step in one worker on whole batches (batch, forward, backward, update). */
  wholeStepMs: number;
  /** Mean wall ms of a step with the shard workers (cutting, messages both ways, averaging, update). */
  shardedStepMs: number;
  /** wholeStepMs / shardedStepMs: above 1 the workers are faster. */
  speedup: number;
  /** Mean over steps of the slowest shard's own time (weights in, forward, backward, gradients out). */
  slowestComputeMs: number;
  /** Mean per step and shard of round trip minus the shard's own time: postMessage both ways and waiting. */
  messagingMs: number;
  /** Bytes sent to each shard per step (weights, images, labels) and received from it (gradients). */
  bytesToShard: number;
  bytesFromShard: number;
  /** Tensors in the model worker before the job and after it ended, and shard workers running then. */
  tensorsBefore: number;
  tensorsAfter: number;
  shardWorkersBefore: number;
  shardWorkersAfter: number;
}

export type DataParallelResult = SimulatedParallelResult | WorkersParallelResult;

declare module './jobs' {
  interface JobRegistry {
    training: {
      /** The gradients of the pretrained model's loss on one seeded batch of training images. */
      gradients: JobSpec<{ model: 'lenet-300-100'; batchSize: number; seed: number }, StepGradients>;
      /** Trains the architecture from the same seed once per mode, streaming every step. */
      precisionRuns: JobSpec<PrecisionRunSettings, PrecisionRunResult[], PrecisionStep>;
      /**
       * Trains twice from the same start: on whole batches, and with each batch split over
       * simulated devices whose gradients are all-reduced, or over real shard workers whose
       * gradients the model worker averages; compares the weights and times the steps.
       */
      dataParallel: JobSpec<DataParallelSettings, DataParallelResult, DataParallelStep>;
      /** Times the phases of `steps` training steps of the pretrained model (on a copy; the zoo model is untouched). */
      timeSteps: JobSpec<{ model: 'lenet-300-100'; batchSize: number; steps: number }, StepTiming>;
    };
  }
}
