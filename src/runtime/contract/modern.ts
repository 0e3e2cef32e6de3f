// The "as practised today" area of the page/worker contract (issue 19): GPTQ and AWQ against
// round-to-nearest with group-wise scales, Wanda against magnitude pruning, and 2:4 sparsity with
// masked retraining against unstructured 50 %. These run on the MLPs of the zoo (LeNet-300-100,
// the teacher): every layer is Dense, as in the large language models these methods were made
// for. No tfjs here.
import type { RetrainSettings } from './prune';

export interface GroupQuantSettings {
  /** Bits per weight code, 2..8. */
  bits: number;
  /** Inputs per scale: 32, 64, 128 … (a value ≥ a layer's inputs gives one scale per output). */
  groupSize: number;
  /** A zero point per group (affine) or none (symmetric). */
  zeroPoint: boolean;
}

export interface GptqRequest extends GroupQuantSettings {
  key: string;
  /** Training images whose activations make each layer's Hessian (16 to 2048). */
  calibration: number;
  /** GPTQ's damping as a fraction of the Hessian's mean diagonal (default 0.01). */
  damp?: number;
  /** Seeds which training images calibrate. */
  seed?: number;
}

export interface GptqLayerRow {
  /** e.g. "dense2/kernel". */
  weight: string;
  outputs: number;
  inputs: number;
  /** ‖WX − ŴX‖² on the calibration inputs of this layer, round-to-nearest, GPTQ and AWQ. */
  rtnError: number;
  gptqError: number;
  awqError: number;
  /** Wall-clock time of GPTQ on this layer (Hessian, Cholesky and the column loop), in ms. */
  gptqMs: number;
  /** AWQ's chosen α (0 = plain rounding) and the time of its search over α, in ms. */
  awqAlpha: number;
  awqMs: number;
}

export interface GptqOutcome {
  /** Keys of the three quantized copies kept in the worker. */
  rtnKey: string;
  gptqKey: string;
  awqKey: string;
  /** Test accuracy on the 10,000 images. */
  floatAccuracy: number;
  rtnAccuracy: number;
  gptqAccuracy: number;
  awqAccuracy: number;
  layers: GptqLayerRow[];
  /** Bytes of the kernels: float32, and group-wise codes with their float16 scales (and zero points). */
  floatKernelBytes: number;
  groupedKernelBytes: number;
  /** groupedKernelBytes per kernel weight. */
  bytesPerWeight: number;
}

export interface WandaRequest {
  key: string;
  /** Fraction of each kernel's weights to prune, 0..0.95. */
  sparsity: number;
  /** Training images whose activations give the input norms (16 to 2048). */
  calibration: number;
  seed?: number;
}

export interface WandaOutcome {
  floatAccuracy: number;
  /** Per-layer magnitude pruning (smallest |w| of each kernel). */
  magnitudeAccuracy: number;
  /** Wanda: smallest |w| · ‖x‖ within each output. */
  wandaAccuracy: number;
  /** Fraction of kernel weights pruned (the same for both). */
  kernelSparsity: number;
}

export type SparsityPattern = '2:4' | 'unstructured';

export interface SparsityRun {
  pattern: SparsityPattern;
  /** Fraction of kernel weights pruned (exactly 0.5 for both). */
  kernelSparsity: number;
  /** Test accuracy right after pruning, and after masked retraining. */
  before: number;
  after: number;
}

export interface SemiStructuredOutcome {
  floatAccuracy: number;
  runs: SparsityRun[];
}

declare module './jobs' {
  interface JobRegistry {
    modern: {
      /** Round-to-nearest, GPTQ and AWQ copies of an MLP on the same group-wise grid, all scored. */
      gptq: JobSpec<GptqRequest, GptqOutcome, GptqLayerRow>;
      /** Magnitude and Wanda pruning of an MLP at one sparsity, without retraining, both scored. */
      wanda: JobSpec<WandaRequest, WandaOutcome>;
      /** 2:4 and unstructured 50 % copies of an MLP, each retrained with its mask held; each run as it finishes. */
      semiStructured: JobSpec<{ key: string; settings: RetrainSettings }, SemiStructuredOutcome, SparsityRun>;
      /** One activation channel made an outlier (the function unchanged) against int8, and SmoothQuant's repair. */
      outliers: JobSpec<OutlierRequest, OutlierOutcome>;
    };
  }
}

export interface OutlierRequest {
  key: string;
  /** How many times larger the injected channel is made (1 = none), 1 to 1000. */
  factor: number;
  /** SmoothQuant's migration strength α, 0 to 1 (0.5 balances activations and weights). */
  alpha: number;
  /** Training images that set the activation range and SmoothQuant's scales (16 to 2048). */
  calibration: number;
  /** Score on the first this many test images (default: all 10,000). */
  testImages?: number;
}

/**
 * Test accuracy of an MLP whose second layer runs in int8 (weights per output channel, the
 * activations entering it per tensor), with and without an outlier channel.
 */
export interface OutlierOutcome {
  /** The hidden unit made into an outlier: the one with the largest activation on the calibration images. */
  channel: number;
  /** Largest activation entering the second layer: as trained, with the outlier, after smoothing. */
  rangeBefore: number;
  rangeInjected: number;
  rangeSmoothed: number;
  float: number;
  /** The float model with the outlier injected (the same function, so the same accuracy). */
  floatInjected: number;
  int8: number;
  int8Injected: number;
  int8Smoothed: number;
}
