// Memory of the model states in data-parallel training (weights, gradients, optimizer state), with
// the ZeRO stages of Rajbhandari et al. 2020, and activation checkpointing. Activations other than
// in `checkpointedActivations` are not counted, as in the ZeRO paper's figures.

export type TrainingOptimizer = 'sgd' | 'momentum' | 'adam';
export type TrainingPrecision = 'fp32' | 'mixed';
export type ZeroStage = 0 | 1 | 2 | 3;

export const TRAINING_OPTIMIZERS: readonly TrainingOptimizer[] = ['sgd', 'momentum', 'adam'];
export const TRAINING_PRECISIONS: readonly TrainingPrecision[] = ['fp32', 'mixed'];
export const ZERO_STAGES: readonly ZeroStage[] = [0, 1, 2, 3];

export interface TrainingMemoryOptions {
  params: number;
  optimizer: TrainingOptimizer;
  /** 'mixed': fp16/bf16 weights and gradients, plus an fp32 master copy in the optimizer state. */
  precision: TrainingPrecision;
  /** 0: plain data parallelism; 1 shards the optimizer state, 2 also the gradients, 3 also the weights. */
  zeroStage: ZeroStage;
  /** Data-parallel workers the shards are spread over. */
  workers: number;
}

/** Bytes held by one worker. */
export interface TrainingMemory {
  weights: number;
  gradients: number;
  /** Moments of the optimizer, and the fp32 master weights in mixed precision. */
  optimizerState: number;
  total: number;
}

/** fp32 bytes per parameter of each optimizer's moments: none, one velocity, two Adam moments. */
const MOMENT_BYTES: Record<TrainingOptimizer, number> = { sgd: 0, momentum: 4, adam: 8 };

/**
 * Bytes per parameter of weights, gradients and optimizer state before sharding. Mixed-precision
 * Adam is ZeRO's 2 + 2 + 12 (fp16 weights and gradients; fp32 master copy, momentum, variance).
 */
export function bytesPerParameter(optimizer: TrainingOptimizer, precision: TrainingPrecision): { weights: number; gradients: number; optimizerState: number } {
  const half = precision === 'mixed';
  return { weights: half ? 2 : 4, gradients: half ? 2 : 4, optimizerState: MOMENT_BYTES[optimizer] + (half ? 4 : 0) };
}

/**
 * Bytes of model states per worker. A sharded part is split over the workers, each holding
 * ⌈params / workers⌉ parameters of it.
 */
export function trainingMemory(o: TrainingMemoryOptions): TrainingMemory {
  if (!Number.isInteger(o.params) || o.params < 1) throw new Error(`the number of parameters must be a whole number of at least 1 (got ${o.params})`);
  if (!Number.isInteger(o.workers) || o.workers < 1) throw new Error(`the number of workers must be a whole number of at least 1 (got ${o.workers})`);
  if (!ZERO_STAGES.includes(o.zeroStage)) throw new Error(`the ZeRO stage must be 0, 1, 2 or 3 (got ${o.zeroStage})`);
  if (!TRAINING_OPTIMIZERS.includes(o.optimizer)) throw new Error(`unknown optimizer: ${o.optimizer} (use ${TRAINING_OPTIMIZERS.join(', ')})`);
  if (!TRAINING_PRECISIONS.includes(o.precision)) throw new Error(`unknown precision: ${o.precision} (use ${TRAINING_PRECISIONS.join(', ')})`);
  const b = bytesPerParameter(o.optimizer, o.precision);
  const shard = Math.ceil(o.params / o.workers);
  const held = (sharded: boolean) => (sharded ? shard : o.params);
  const weights = b.weights * held(o.zeroStage >= 3);
  const gradients = b.gradients * held(o.zeroStage >= 2);
  const optimizerState = b.optimizerState * held(o.zeroStage >= 1);
  return { weights, gradients, optimizerState, total: weights + gradients + optimizerState };
}

export interface CheckpointedActivations {
  /** Bytes of the activations kept from the forward pass (the checkpoints). */
  storedBytes: number;
  /** Largest activation memory during the backward pass: the checkpoints plus one recomputed segment. */
  peakBytes: number;
  /** Layers whose forward pass runs a second time, as a fraction of all layers. */
  extraForward: number;
}

/**
 * Activation checkpointing over `layers` equal layers of `bytesPerLayer` each: the output of every
 * `every`-th layer is kept, the others are recomputed one segment at a time during the backward
 * pass. `every = 1` keeps everything (no recomputation).
 */
export function checkpointedActivations(layers: number, bytesPerLayer: number, every: number): CheckpointedActivations {
  if (!Number.isInteger(layers) || layers < 1) throw new Error(`the number of layers must be a whole number of at least 1 (got ${layers})`);
  if (!(bytesPerLayer >= 0) || !Number.isFinite(bytesPerLayer)) throw new Error(`the activation size must be a number of bytes ≥ 0 (got ${bytesPerLayer})`);
  if (!Number.isInteger(every) || every < 1 || every > layers) throw new Error(`checkpoints must be every 1 to ${layers} layers (got ${every})`);
  const kept = Math.ceil(layers / every);
  const segment = Math.min(every - 1, layers - kept);
  return { storedBytes: kept * bytesPerLayer, peakBytes: (kept + segment) * bytesPerLayer, extraForward: (layers - kept) / layers };
}
