// The quantization area of the page/worker contract: weight and activation quantization specs,
// their reports, sweeps and quantization-aware training. No tfjs here.
import type { CalibrationMethod, CastFormat, QuantParams } from '../../engine';

export type QuantScheme = 'symmetric' | 'affine';

export type QuantGranularity = 'tensor' | 'channel';

export interface WeightQuantSpec {
  /** 1 (binary, ±α) to 8. */
  bits: number;
  /** With bits = 2: three levels {−α, 0, +α} (ternary) instead of four uniform ones. */
  ternary?: boolean;
  granularity: QuantGranularity;
  /** Ignored for binary and ternary weights, which are symmetric by construction. */
  scheme: QuantScheme;
}

/** The grid of one quantizer: the float values it can produce and the range it clips to. */
export interface QuantGrid {
  levels: number[];
  clipMin: number;
  clipMax: number;
}

export interface LayerQuantStats {
  /** The weight's name in the model, e.g. "dense1/kernel". */
  weight: string;
  shape: number[];
  count: number;
  /** 10·log10(Σx² / Σ(x − x̂)²) of the kernel. */
  sqnrDb: number;
  /** Number of scale (and zero-point) sets: 1 per tensor, or one per output channel. */
  scales: number;
  /** The grid of every channel (one entry per tensor quantization). */
  grids: QuantGrid[];
  /** Bytes of this kernel when stored at the spec's width, plus its scale overhead. */
  bytes: number;
}

export interface WeightQuantReport {
  layers: LayerQuantStats[];
  /** Size of all weights as float32. */
  floatBytes: number;
  /** Quantized kernels + their scales + float32 biases and other weights. */
  quantBytes: number;
}

export interface ActivationQuantSpec {
  /** 2…16: the width of every quantized layer output. */
  bits: number;
  method: CalibrationMethod;
  /** For 'percentile': the percentile kept, in (0, 100]; the affine range clips both tails. */
  percentile: number;
  /** How many training images the ranges are calibrated on (the first ones of the training set). */
  calibrationImages: number;
}

/** One quantized layer output: its calibrated range and the quantizer built from it. */
export interface ActivationRange {
  layer: string;
  min: number;
  max: number;
  params: QuantParams;
}

/** One configuration of a sweep: uniform weights by spec, a float cast, or the float32 model itself. */
export type SweepPoint = { id: string; spec: WeightQuantSpec } | { id: string; cast: CastFormat } | { id: string; float32: true };

export interface QuantEvalRequest {
  /** Quantized kernels, or null to keep them float32. */
  weights: WeightQuantSpec | null;
  /** Quantized layer outputs, or null to keep them float32. */
  activations: ActivationQuantSpec | null;
}

export interface QuantEvalResult {
  accuracy: number;
  correct: number;
  total: number;
  report: WeightQuantReport | null;
  ranges: ActivationRange[];
  /** Time in the worker from the start of the job to the accuracy, in ms. */
  ms: number;
}

export interface SweepResult {
  id: string;
  accuracy: number;
  /** Bytes of all weights in this configuration. */
  bytes: number;
}

export interface QatRequest {
  spec: WeightQuantSpec;
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface QatResult {
  accuracy: number;
  /** Accuracy of the same quantization applied to the float model without training. */
  ptqAccuracy: number;
  losses: number[];
  trainMs: number;
}

/** A quantized copy of model `key`, kept in the worker under `newKey`. */
export interface CopyRequest {
  key: string;
  newKey: string;
}

declare module './jobs' {
  interface JobRegistry {
    quant: {
      /** Builds a weight-quantized copy of a loaded model under newKey; per-kernel statistics. */
      transformWeights: JobSpec<CopyRequest & { spec: WeightQuantSpec }, WeightQuantReport>;
      /** The values of one weight (e.g. "dense1/kernel") of a loaded model. */
      weightValues: JobSpec<{ key: string; weight: string }, Float32Array>;
      /** One kernel of a loaded model and the values its quantized integers stand for under `spec`, index by index. */
      quantizedKernel: JobSpec<{ key: string; weight: string; spec: WeightQuantSpec }, { values: Float32Array; quantized: Float32Array }>;
      /** Test accuracy with quantized weights (copy under newKey) and/or calibrated, quantized activations. */
      evaluate: JobSpec<CopyRequest & QuantEvalRequest, QuantEvalResult>;
      /** Accuracy at each sweep point (weights only) on the first `testImages` test images (all by default). */
      sweep: JobSpec<{ key: string; points: SweepPoint[]; testImages?: number }, SweepResult[], SweepResult>;
      /** Quantization-aware training of a copy under newKey; its accuracy and that of plain PTQ. */
      trainQat: JobSpec<CopyRequest & QatRequest & { testImages?: number }, QatResult>;
      /** A copy of model `key` under `newKey` with weight `name`[index] set to `value`; the old value. */
      withWeightValue: JobSpec<CopyRequest & { name: string; index: number; value: number }, number>;
    };
  }
}
