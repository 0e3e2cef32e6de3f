// What a Deep Compression run is asked to do, and the recipes the page offers. No tfjs here, so
// the page can import it (the worker does the work, see deepCompression.ts).
import type { IndexCoding, KMeansInit, ModelSizeReport } from '../../engine';

export interface LayerPlan {
  /** Fraction of the kernel's weights pruned, in [0, 1]. */
  sparsity: number;
  /** Cluster-index bits: the layer shares k = 2^bits values (0 bits = one shared value). */
  bits: number;
  /** Bits per relative-index gap, 1–8 (Han et al.: 5 for fully connected layers, 8 for conv). */
  indexBits: number;
}

export interface DeepCompressionPlan {
  /** One entry per kernel of the model, keyed by weight name ("dense1/kernel"). */
  layers: Record<string, LayerPlan>;
  /** Stage 1: the sparsity is reached in `rounds` equal steps, each followed by retraining. */
  prune: { rounds: number; stepsPerRound: number; learningRate: number };
  /** Stage 2: k-means from `init`, then `steps` of centroid fine-tuning (0 = none). */
  share: { steps: number; learningRate: number; init: KMeansInit };
  batchSize: number;
  seed: number;
}

export type RecipeName = 'full' | 'quick';

/**
 * LeNet-300-100 recipes. `full` prunes once and retrains for 3,000 steps (the learning rate
 * stepping down, see pruneAndRetrain), keeping 5.9 %, 22 % and 62 % of the three kernels: the
 * shares one global magnitude threshold at 91.8 % picks (lesson 4's measurement), fewer weights in
 * all than the paper's 8 %, 9 % and 26 % (Han, Mao & Dally 2016, Table 2). 5-bit cluster indices in the hidden
 * layers (the paper's choice for LeNet-5's dense layers), 6 bits in the output layer, 5-bit
 * relative indices. Measured through the widget (`JOBS_CASES=deep-compression npm run bench --
 * jobs`): 37.4× smaller at 98.29 % against 98.35 %. `quick` is the same plan with
 * 260 steps, for tests and a first look.
 */
const FULL: DeepCompressionPlan = {
  layers: {
    'dense1/kernel': { sparsity: 0.941, bits: 5, indexBits: 5 },
    'dense2/kernel': { sparsity: 0.78, bits: 5, indexBits: 5 },
    'logits/kernel': { sparsity: 0.38, bits: 6, indexBits: 5 },
  },
  prune: { rounds: 1, stepsPerRound: 3000, learningRate: 1e-3 },
  // Adam moves each shared value by about the learning rate per step: at 2 · 10⁻⁵ (the earlier
  // setting) 300 steps changed no accuracy measurably; 10⁻³ recovers what k-means costs (lesson 5).
  share: { steps: 300, learningRate: 1e-3, init: 'linear' },
  batchSize: 64,
  seed: 1,
};

export const LENET_300_100_RECIPES: Record<RecipeName, DeepCompressionPlan> = {
  full: FULL,
  quick: {
    ...FULL,
    prune: { rounds: 2, stepsPerRound: 100, learningRate: 1e-3 },
    share: { ...FULL.share, steps: 60 },
  },
};

/**
 * LeNet-5 recipes, after Han, Mao & Dally 2016, Table 3: conv1 keeps 66 % and conv2 12 % of their
 * weights, fc1 8 % with 5 bits. Our LeNet-5 has a third dense layer where the paper's has two; fc2
 * keeps the paper's 19 % and the 10-way output layer 40 %. The paper's 8-bit codebooks are sized
 * for convolutions with thousands of kept weights; ours keep 99 (conv1) and 288 (conv2), so each
 * gets the most bits whose codebook costs no more than its indices (maxClusterBits: 3 and 5), and
 * gaps no wider than their short runs of zeros need (4 bits in conv1, where two weights in three
 * stay; 5 in conv2): a 2^b-entry code table is stored for every b-bit gap alphabet. Convolutions
 * train slower than dense layers on wasm, so the full recipe retrains for 2,000 steps.
 */
const LENET_5_FULL: DeepCompressionPlan = {
  layers: {
    'conv1/kernel': { sparsity: 0.34, bits: 3, indexBits: 4 },
    'conv2/kernel': { sparsity: 0.88, bits: 5, indexBits: 5 },
    'fc1/kernel': { sparsity: 0.92, bits: 5, indexBits: 5 },
    'fc2/kernel': { sparsity: 0.81, bits: 5, indexBits: 5 },
    'logits/kernel': { sparsity: 0.6, bits: 5, indexBits: 5 },
  },
  prune: { rounds: 1, stepsPerRound: 2000, learningRate: 1e-3 },
  share: { steps: 200, learningRate: 1e-3, init: 'linear' },
  batchSize: 64,
  seed: 1,
};

export type DeepCompressionModelId = 'lenet-300-100' | 'lenet-5';

export interface DeepCompressionModel {
  name: string;
  /** One line for the reader: architecture and what the float model scores. */
  description: string;
  /** The kernels in order, as the plan names them. */
  layers: readonly string[];
  recipes: Record<RecipeName, DeepCompressionPlan>;
}

/** The zoo models the Deep Compression lesson runs its pipeline on. */
export const DEEP_COMPRESSION_MODELS: Record<DeepCompressionModelId, DeepCompressionModel> = {
  'lenet-300-100': {
    name: 'LeNet-300-100',
    description: 'LeNet-300-100 (784-300-100-10), pretrained to 98.35 % on the 10,000 MNIST test images.',
    layers: Object.keys(FULL.layers),
    recipes: LENET_300_100_RECIPES,
  },
  'lenet-5': {
    name: 'LeNet-5',
    description: 'LeNet-5 (two 5 × 5 convolutions with pooling, then 120-84-10), pretrained to 99.08 % on the 10,000 MNIST test images.',
    layers: Object.keys(LENET_5_FULL.layers),
    recipes: {
      full: LENET_5_FULL,
      quick: { ...LENET_5_FULL, prune: { rounds: 1, stepsPerRound: 200, learningRate: 1e-3 }, share: { ...LENET_5_FULL.share, steps: 20 } },
    },
  },
};

export const DEEP_COMPRESSION_MODEL_IDS = Object.keys(DEEP_COMPRESSION_MODELS) as DeepCompressionModelId[];

/** Throws a message naming the first unusable setting; `kernels` are the model's kernel names. */
export function checkPlan(plan: DeepCompressionPlan, kernels: readonly string[]): void {
  for (const name of Object.keys(plan.layers)) {
    if (!kernels.includes(name)) throw new Error(`the model has no kernel named ${name} (it has ${kernels.join(', ')})`);
  }
  for (const name of kernels) {
    const layer = plan.layers[name];
    if (!layer) throw new Error(`no setting for ${name}: every kernel needs a sparsity and a number of bits`);
    if (!(layer.sparsity >= 0 && layer.sparsity <= 1)) throw new Error(`${name}: sparsity must be between 0 and 1 (0 % to 100 % pruned), got ${layer.sparsity}`);
    if (!Number.isInteger(layer.bits) || layer.bits < 0 || layer.bits > 8) throw new Error(`${name}: cluster bits must be a whole number from 0 to 8, got ${layer.bits}`);
    if (!Number.isInteger(layer.indexBits) || layer.indexBits < 1 || layer.indexBits > 8) throw new Error(`${name}: relative index bits must be a whole number from 1 to 8, got ${layer.indexBits}`);
  }
  const { prune, share } = plan;
  if (!Number.isInteger(prune.rounds) || prune.rounds < 1) throw new Error(`pruning needs at least 1 round, got ${prune.rounds}`);
  if (!Number.isInteger(prune.stepsPerRound) || prune.stepsPerRound < 0) throw new Error(`retraining steps per round must be a whole number ≥ 0, got ${prune.stepsPerRound}`);
  if (!Number.isInteger(share.steps) || share.steps < 0) throw new Error(`fine-tuning steps must be a whole number ≥ 0, got ${share.steps}`);
  for (const [what, lr] of [['pruning', prune.learningRate], ['fine-tuning', share.learningRate]] as const) {
    if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`the ${what} learning rate must be a positive number, got ${lr}`);
  }
  if (!Number.isInteger(plan.batchSize) || plan.batchSize < 1) throw new Error(`the batch size must be a whole number ≥ 1, got ${plan.batchSize}`);
}

/** `shared` is the fixed-width accounting of pruning and sharing; `fixed` and `huffman` are the files written with each coding. */
export type StageName = 'original' | 'pruned' | 'shared' | 'fixed' | 'huffman';

export interface StageResult {
  stage: StageName;
  /** Exact storage in bits of all kernels and biases at this stage. */
  bits: number;
  /** Original bits / bits. */
  ratio: number;
  /** Test accuracy in [0, 1]. */
  accuracy: number;
}

/** Where one layer's shared values came from and went (for the codebook view). */
export interface LayerCodebook {
  name: string;
  /** The kept weights after pruning and retraining, before clustering. */
  kept: Float32Array;
  /** Starting centroids of each initialisation. */
  initial: Record<KMeansInit, Float32Array>;
  /** Where k-means ends from each initialisation, and its within-cluster sum of squares. */
  clustered: Record<KMeansInit, { centroids: Float32Array; sse: number }>;
  /** The centroids after fine-tuning (from the plan's initialisation). */
  tuned: Float32Array;
  /** Set when k had to shrink, or a layer has nothing left. */
  warning?: string;
}

export interface DeepCompressionResult {
  stages: StageResult[];
  /** Accuracy right after k-means, before the centroids are fine-tuned. */
  sharedUntunedAccuracy: number;
  /** The bit accounting of the file written with each coding of the index streams. */
  reports: Record<IndexCoding, ModelSizeReport>;
  codebooks: LayerCodebook[];
  /** The .clmz file, its index streams Huffman-coded or fixed-width (the same weights). */
  files: Record<IndexCoding, Uint8Array>;
  /** Other ways to store the original weights, in bits. */
  baselines: { gzipFloat32Bits: number; int8Bits: number };
  /** Predictions of the compressed model on the test set, for comparison with a reloaded file. */
  predictions: Uint8Array;
  warnings: string[];
}

/** What a reloaded file holds. */
export interface CompressedModelInfo {
  /** The zoo architecture the file's layers fit. */
  modelId: string;
  fileBytes: number;
  layers: { name: string; shape: number[]; nonzeros: number; clusters: number }[];
}

declare module './jobs' {
  interface JobRegistry {
    deepCompression: {
      /** Prune, share and Huffman-code a copy of model `key`, kept under `newKey`; sizes and accuracies per stage. */
      compress: JobSpec<{ key: string; newKey: string; plan: DeepCompressionPlan }, DeepCompressionResult>;
      /** Loads a .clmz file's model under `newKey` (score it with models.evaluate). */
      loadFile: JobSpec<{ bytes: Uint8Array; newKey: string }, CompressedModelInfo>;
    };
  }
}
