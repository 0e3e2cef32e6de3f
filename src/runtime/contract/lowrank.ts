// The low-rank area of the page/worker contract (lesson 6): singular values of a model's Dense
// layers, the accuracy of a rank-k replacement, and fine-tuning a factorised layer. No tfjs here.

/**
 * Layers whose smaller side is at most this are decomposed exactly (every singular value); larger
 * ones (the teacher's 784×1200 and 1200×1200) keep the top TOP_RANK from the randomized SVD, which
 * takes seconds instead of half a minute in the page.
 */
export const EXACT_UP_TO = 300;
export const TOP_RANK = 128;

/**
 * Where the SVD's large matrix products (and a rank's reconstruction) run: tfjs on the worker's
 * backend in float32 (the default), or the engine's own float64 loops, kept as the baseline that
 * `npm run bench -- low-rank` measures against in the same run.
 */
export const MATRIX_PRODUCTS = ['tfjs', 'engine'] as const;
export type MatrixProducts = (typeof MATRIX_PRODUCTS)[number];

/** The highest rank the worker offers for a rows×cols kernel. */
export const maxRankOf = (rows: number, cols: number) => (Math.min(rows, cols) <= EXACT_UP_TO ? Math.min(rows, cols) : TOP_RANK);

/** The MLPs of the zoo whose Dense layers the lesson factorises, with their kernels' shapes. */
export const LOWRANK_MODELS = {
  'lenet-300-100': [{ weight: 'dense1/kernel', rows: 784, cols: 300 }, { weight: 'dense2/kernel', rows: 300, cols: 100 }, { weight: 'logits/kernel', rows: 100, cols: 10 }],
  'teacher-1200': [{ weight: 'dense1/kernel', rows: 784, cols: 1200 }, { weight: 'dense2/kernel', rows: 1200, cols: 1200 }, { weight: 'logits/kernel', rows: 1200, cols: 10 }],
} as const satisfies Record<string, readonly DenseLayerInfo[]>;
export type LowRankModelId = keyof typeof LOWRANK_MODELS;

export interface DenseLayerInfo {
  /** Kernel name, e.g. "dense1/kernel". */
  weight: string;
  /** Inputs (kernel rows). */
  rows: number;
  /** Outputs (kernel columns). */
  cols: number;
}

export interface LayerSpectrum {
  weight: string;
  rows: number;
  cols: number;
  /** Singular values found, descending: all min(rows, cols) of them, or the top `maxRank`. */
  s: number[];
  /** True when `s` is the whole spectrum. */
  complete: boolean;
  /** The highest rank the worker can replace this layer with (s.length). */
  maxRank: number;
  /** ‖W‖²_F, so the error of any rank follows from s even when s is not complete. */
  normSquared: number;
  /** Milliseconds the decomposition took in the worker (0 when it came from the cache). */
  ms: number;
}

export interface RankOutcome {
  weight: string;
  rank: number;
  /** Test accuracy on all 10,000 images with the layer replaced by its rank-k approximation. */
  accuracy: number;
  /** The same layer pruned by magnitude to the same number of weights, for comparison. */
  prunedAccuracy: number;
  /** Kernel values of the layer as it is: rows·cols. */
  layerParams: number;
  /** Kernel values of the two factors: k·(rows + cols). Also the MACs per image of the pair. */
  factoredParams: number;
  /** Parameters of the whole model before and after (biases included). */
  modelParams: number;
  modelParamsFactored: number;
  /** Eckart–Young error ‖W − W_k‖_F and that divided by ‖W‖_F. */
  error: number;
  relativeError: number;
  /** Milliseconds from the request reaching the worker to the accuracy being known. */
  ms: number;
}

/** What a rank change reports first: the rank-k model's accuracy, before the pruning comparison. */
export type RankAccuracy = Omit<RankOutcome, 'prunedAccuracy'>;

/** The convolution the lesson splits by channels: LeNet-5's second, 5×5 from 6 to 16 channels on 12×12. */
export const CONV_SPLIT = { key: 'lenet-5', layer: 'conv2', kernelShape: [5, 5, 6, 16], inputShape: [12, 12, 6] } as const;

/** A convolution replaced by its rank-r channel decomposition (a kh×kw conv to r channels, then a 1×1 conv). */
export interface ConvRankOutcome {
  layer: string;
  rank: number;
  /** [kh, kw, C_in, C_out] and the layer's input [H, W, C_in]. */
  kernelShape: [number, number, number, number];
  inputShape: [number, number, number];
  /** Every singular value of the kernel unfolded to (kh·kw·C_in)×C_out, descending. */
  s: number[];
  /** Test accuracy of the model as it is, and with the layer replaced by the pair of convolutions. */
  originalAccuracy: number;
  accuracy: number;
  /** Eckart–Young error ‖K − K_r‖_F and that divided by ‖K‖_F. */
  error: number;
  relativeError: number;
  /** Parameters (weights and biases) and MACs per image of the layer and of the pair. */
  params: number;
  factoredParams: number;
  macs: number;
  factoredMacs: number;
  /** Parameters of the whole model before and after. */
  modelParams: number;
  modelParamsFactored: number;
  /** Milliseconds from the request reaching the worker to the accuracy being known. */
  ms: number;
}

export interface FactorSettings {
  key: string;
  weight: string;
  rank: number;
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface FactorOutcome {
  weight: string;
  rank: number;
  /** The unchanged model's test accuracy. */
  originalAccuracy: number;
  /** Accuracy of the factorised model (two thin Dense layers) straight from the SVD. */
  accuracyBefore: number;
  /** After fine-tuning every weight of the factorised model. */
  accuracyAfter: number;
  layerParams: number;
  factoredParams: number;
  modelParams: number;
  modelParamsFactored: number;
  steps: number;
  /** Milliseconds spent fine-tuning (evaluation not included). */
  trainMs: number;
}

/** A LoRA run takes the same settings as a factorise-and-fine-tune run. */
export type LoraSettings = FactorSettings;

/** Adapting a model to inverted digits (ink and background swapped): LoRA against full fine-tuning. */
export interface LoraOutcome {
  rank: number;
  /** The original model on the normal and on the inverted test images. */
  originalAccuracy: number;
  originalOnTask: number;
  /** After training only the rank-r update of one layer, on the inverted test images. */
  loraOnTask: number;
  /** After training every weight for as many steps, on the inverted test images. */
  fullOnTask: number;
  loraTrainable: number;
  fullTrainable: number;
  loraMs: number;
  fullMs: number;
}

declare module './jobs' {
  interface JobRegistry {
    lowrank: {
      /** The Dense layers of a loaded model, in order. */
      denseLayers: JobSpec<{ key: string }, DenseLayerInfo[]>;
      /** The singular values of one layer's kernel; the decomposition stays cached in the worker. */
      spectrum: JobSpec<{ key: string; weight: string; products?: MatrixProducts }, LayerSpectrum>;
      /**
       * Test accuracy with one layer replaced by its rank-k approximation, posted as a partial as
       * soon as it is known, then the result with magnitude pruning to as many weights.
       */
      atRank: JobSpec<{ key: string; weight: string; rank: number; products?: MatrixProducts }, RankOutcome, RankAccuracy>;
      /** Test accuracy with a convolution replaced by its rank-r channel decomposition (two convolutions). */
      convAtRank: JobSpec<{ key: string; layer: string; rank: number }, ConvRankOutcome>;
      /** One layer's output (after its activation) for test image `index`: [h, w, c] for a convolution. */
      layerOutput: JobSpec<{ key: string; layer: string; index: number }, { shape: number[]; values: Float32Array }>;
      /** Replaces a layer by two thin Dense layers (rows→k→cols) and fine-tunes the whole model. */
      factorise: JobSpec<FactorSettings, FactorOutcome>;
      /** Trains a rank-r LoRA update of one layer (all else frozen) on inverted digits, and a full fine-tuning for as many steps. */
      lora: JobSpec<LoraSettings, LoraOutcome>;
    };
  }
}
