// The pruning area of the page/worker contract. No tfjs here.
import type { ScheduleName, StorageFormat, UnitNorm } from '../../engine';
import type { LatencyRow } from './models';
import type { OptimizerName } from './names';

export type MaskMethod = 'magnitude' | 'global' | 'random';

export interface MaskSpec {
  method: MaskMethod;
  /** One sparsity for every kernel, or one per kernel name (every kernel must be listed). */
  sparsity: number | Record<string, number>;
  /** Seeds the random baseline. */
  seed?: number;
}

export interface PruneReport {
  kernels: KernelPruneStats[];
  /** All parameters of the model (weights and biases). */
  params: number;
  /** Non-zero kernel weights plus every other parameter (biases are not pruned). */
  nonzeroParams: number;
  /** params / nonzeroParams. */
  compression: number;
  /** Fraction of kernel weights that are zero. */
  kernelSparsity: number;
  /** Bytes of the whole model per format: kernels in that format, other weights as dense float32. */
  bytes: Record<StorageFormat, number>;
}

export interface IterativeSpec {
  schedule: ScheduleName;
  /** magnitude: each kernel follows the schedule to its own final sparsity; global: one threshold. */
  method: 'magnitude' | 'global';
  /** Final sparsity, overall (global) or per kernel name (magnitude may also take one number). */
  finalSparsity: number | Record<string, number>;
  /** Number of pruning events n (iterative, polynomial). */
  events: number;
  /** Training steps after each pruning event (Δt). */
  stepsPerEvent: number;
  batchSize: number;
  /** Learning rate of the first period; period p uses learningRate · learningRateDecay^p. */
  learningRate: number;
  /** Factor applied to the learning rate after each period (default 1: constant). */
  learningRateDecay?: number;
  /** Adam by default; Adam's moment estimates restart with every period. */
  optimizer?: OptimizerName;
  seed: number;
}

export interface IterativePoint {
  /** 0-based period; each period prunes (if the schedule says so), then retrains Δt steps. */
  period: number;
  periods: number;
  /** Training steps done so far. */
  step: number;
  phase: 'pruned' | 'retrained';
  /** Fraction of kernel weights that are zero. */
  sparsity: number;
  accuracy: number;
}

export interface SensitivityPoint {
  /** The kernel pruned alone, e.g. "dense1/kernel". */
  weight: string;
  sparsity: number;
  accuracy: number;
  /** Weights of this kernel (how much its sparsity counts for the whole model). */
  weights: number;
  /** All parameters of the model (weights and biases), for the whole model's compression. */
  modelParams: number;
}

export interface StructuredLayer {
  /** Layer name, e.g. "dense1". */
  layer: string;
  before: number;
  after: number;
  /** True when the fraction asked would have removed every unit; one was kept. */
  keptOne: boolean;
}

export interface PruneOutcome {
  key: string;
  report: PruneReport;
  /** Test accuracy on all 10,000 images. */
  accuracy: number;
  correct: number;
  total: number;
  /** How many different classes the model predicts over the test set (1 = it always says the same). */
  predictedClasses: number;
  /** The class predicted most often. */
  commonClass: number;
}

export interface RetrainSettings {
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface StructuredOutcome {
  key: string;
  layers: StructuredLayer[];
  paramsBefore: number;
  paramsAfter: number;
  /** Multiply-accumulates per image of the parent and of the smaller model (the engine's cost model). */
  macsBefore: number;
  macsAfter: number;
  accuracy: number;
}

export interface ProductTiming {
  sparsity: number;
  nonzeros: number;
  /** Median ms of the engine's CSR product (TypeScript), W [out, in] in CSR times X [in, batch]. */
  csrMs: number;
  /** Median ms of the same product as a dense tfjs matMul on the worker's backend (W [out, in] · X [in, batch]). */
  denseMs: number;
  /**
   * Median ms of the same multiplications in the layout the Dense layer itself uses, tfjs's
   * kernel [in, out]: X [batch, in] · W [in, out]. The layout alone can change the time.
   */
  layerMs: number;
  /** denseMs / csrMs: above 1 the CSR product is faster. */
  speedup: number;
}

export interface SpeedReport {
  /** One latency row per model key asked for, in the same order. */
  rows: LatencyRow[];
  batch: number;
}

export interface KernelPruneStats {
  weight: string;
  shape: number[];
  count: number;
  /** Non-zero weights. */
  kept: number;
  /** kept / count. */
  keptFraction: number;
  /** Bytes of this kernel in each storage format (float32 values). */
  bytes: Record<StorageFormat, number>;
}

declare module './jobs' {
  interface JobRegistry {
    prune: {
      /** A copy of `key` under `newKey` pruned by `spec` (magnitude, global or random), scored on the test set. */
      prune: JobSpec<{ key: string; newKey: string; spec: MaskSpec }, PruneOutcome>;
      /** Retrains a pruned copy in place with its masks held; on cancel it keeps the last finished step. */
      retrain: JobSpec<{ key: string; settings: RetrainSettings }, PruneOutcome>;
      /** Prunes a copy of `key` under `newKey` on a schedule with retraining, each test point as it comes. */
      onSchedule: JobSpec<{ key: string; newKey: string; spec: IterativeSpec }, { points: IterativePoint[]; outcome: PruneOutcome }, IterativePoint>;
      /** Accuracy with each kernel alone pruned at each sparsity, on the first `images` test images. */
      sensitivityScan: JobSpec<{ key: string; sparsities: number[]; images: number }, SensitivityPoint[], SensitivityPoint>;
      /** A smaller dense copy of `key` under `newKey` with the units of smallest norm removed; `retrain` then trains all its weights. */
      structured: JobSpec<{ key: string; newKey: string; fraction: number | Record<string, number>; norm: UnitNorm }, StructuredOutcome>;
      /** Latency of each model (e.g. unpruned, masked, smaller) at one batch size, measured in alternation. */
      compareLatency: JobSpec<{ keys: string[]; batch: number }, SpeedReport>;
      /** CSR against dense products of `key`'s first kernel pruned to each sparsity. */
      productTimings: JobSpec<{ key: string; sparsities: number[]; batch: number }, ProductTiming[]>;
    };
  }
}
