// The models area of the page/worker contract: loading, describing, evaluating and timing
// a model. No tfjs here.
import type { LayerSpec } from '../../engine';
import type { BackendName } from './names';

export interface LatencyRow {
  batchSize: number;
  /** Timed runs (after warm-up). */
  runs: number;
  /** Milliseconds per forward pass of the whole batch. */
  medianMs: number;
  p10Ms: number;
  p90Ms: number;
  /** batchSize / median, images per second. */
  imagesPerSecond: number;
}

export interface LayerSummary {
  name: string;
  /** The Keras class, e.g. "Dense", "Conv2D". */
  className: string;
  /** Output shape without the batch dimension; null entries are unknown sizes. */
  outputShape: (number | null)[];
  /** Weight shapes in order (kernel, bias, …) and their total number of values. */
  weightShapes: number[][];
  params: number;
}

export interface ModelSummary {
  /** The id under which the worker keeps the model (a zoo id, or "upload:<name>"). */
  key: string;
  inputShape: number[];
  outputShape: number[];
  params: number;
  layers: LayerSummary[];
}

export type NamedSpec = LayerSpec & { name: string };

/** A layer the cost model cannot count; the rest of the model is still summarised. */
export interface UnknownLayer {
  name: string;
  className: string;
}

export interface ModelSpecs {
  specs: NamedSpec[];
  unknown: UnknownLayer[];
}

/** Which backend runs, and why it is not the one asked for when it is not. */
export interface BackendInfo {
  name: BackendName;
  /** The backend that was asked for and failed to start. */
  fellBackFrom?: BackendName;
  /** Why the asked-for backend did not start, in words for the reader. */
  reason?: string;
  /** wasm only: whether the SIMD binary runs, and how many threads XNNPACK uses. */
  simd?: boolean;
  threads?: number;
}

export interface Evaluation {
  /** correct / total, in [0, 1]. */
  accuracy: number;
  correct: number;
  total: number;
  /** Per true class: how many test images have it, and how many of those were classified right. */
  perClassTotal: Int32Array;
  perClassCorrect: Int32Array;
  /** confusion[trueClass * 10 + predictedClass]: counts. */
  confusion: Int32Array;
  /** The predicted class of each image (argmax of the model's output). */
  predictions: Uint8Array;
  /** Wall-clock time of the evaluation in milliseconds (data already loaded). */
  ms: number;
}

export type MnistSplit = 'test' | 'train';

/** Where a model comes from: a zoo id, in-memory artifacts (tfjs's ModelArtifacts), or the reader's files. */
export type ModelSource =
  | { kind: 'zoo'; id: string }
  | { kind: 'artifacts'; key: string; artifacts: unknown }
  | { kind: 'files'; files: File[] };

export interface EvaluationResult extends Evaluation {
  key: string;
  backend: BackendName;
  split: MnistSplit;
}

/** tfjs's memory counters inside the worker. */
export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
  numDataBuffers: number;
}

export interface TestImage {
  pixels: Uint8Array;
  label: number;
  count: number;
}

/** The architecture to count: a zoo model by id, or a parsed model.json. */
export type ArchitectureSource = { kind: 'zoo'; id: string } | { kind: 'json'; json: Record<string, unknown> };

export interface Architecture extends ModelSpecs {
  /** Set when the zoo file could not be read and the architecture came from the code instead. */
  note?: string;
}

/** One weight array of a layer (kernel, bias, …), row-major as tfjs stores it. */
export interface WeightArray {
  /** tfjs's name, e.g. "dense1/kernel". */
  name: string;
  shape: number[];
  values: Float32Array;
}

/** A layer's weights; layers without weights (pooling, flatten, activations) are left out. */
export interface LayerWeights {
  name: string;
  className: string;
  weights: WeightArray[];
}

declare module './jobs' {
  interface JobRegistry {
    models: {
      /** Loads (or reloads) a model and describes it; kept under its zoo id, artifacts key or "upload". */
      load: JobSpec<ModelSource, ModelSummary>;
      /** The cost model's layer specs of an architecture, without loading weights. */
      architecture: JobSpec<ArchitectureSource, Architecture>;
      /** Accuracy of a loaded model over an MNIST split (the test set by default). */
      evaluate: JobSpec<{ key: string; split?: MnistSplit }, EvaluationResult>;
      /** A loaded model's weights, layer by layer (copies: the page may keep and change them). */
      weights: JobSpec<{ key: string }, LayerWeights[]>;
      /** One test image's pixel bytes (0–255) and label, and how many test images there are. */
      testImage: JobSpec<{ index: number }, TestImage>;
      /** Forward-pass latency of a loaded model at each batch size; each row as soon as it is measured. */
      latency: JobSpec<{ key: string; batchSizes: number[] }, LatencyRow[], LatencyRow>;
    };
  }
}
