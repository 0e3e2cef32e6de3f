// Deep Compression (Han, Mao & Dally, ICLR 2016) on a live tfjs model, in three stages:
// 1. prune the smallest weights and retrain with the masks held (Han et al. 2015);
// 2. trained weight sharing: k-means per layer, then fine-tune the shared values, each centroid
//    moving by the summed gradient of the weights that share it;
// 3. Huffman-code the cluster indices and relative sparse indices into a .clmz file.
// The size in exact bits and the test accuracy are measured after every stage.
import * as tf from '@tensorflow/tfjs';
import type { JobProgress } from '../contract/jobs';
import { concatBytes } from './artifacts';
import {
  type CompressedLayer,
  type IndexCoding,
  type KMeansInit,
  compressedSizeReport,
  decodeCompressedModel,
  encodeCompressedModel,
  encodeRelativeIndex,
  initialCentroids,
  kmeans1d,
  magnitudeMask,
  type ModelSizeReport,
  sharedWeightGradients,
  sparsityAt,
} from '../../engine';
import { evaluateModel, type LabelledImages } from './evaluate';
import { timed } from './profile';
import { buildModel } from './models';
import { trainModel } from './train';
import { kernelsOf, maskHook, readWeight, writeWeight } from './weights';
import { ZOO_IDS } from '../contract/zoo';
import { checkPlan, type DeepCompressionPlan } from '../contract/deepCompression';
import type { StageName, StageResult, LayerCodebook, DeepCompressionResult } from '../contract/deepCompression';
export type { StageName, StageResult, LayerCodebook, DeepCompressionResult } from '../contract/deepCompression';

export const KMEANS_INITS: readonly KMeansInit[] = ['linear', 'density', 'random'];


export interface RunOptions {
  signal?: AbortSignal;
  /** Stage 1 and 2 steps count together: `done` and `total` run over both stages' training steps. */
  onProgress?: (p: JobProgress) => void;
}

const biasNameOf = (kernel: string) => kernel.replace(/kernel$/, 'bias');

/** Kernels and biases only: Deep Compression here handles models made of dense and conv layers. */
function kernelLayers(model: tf.LayersModel): { name: string; shape: number[]; bias?: string }[] {
  const kernels = kernelsOf(model);
  const names = new Set(model.weights.map((w) => w.originalName));
  const covered = new Set<string>();
  const layers = kernels.map(({ name, shape }) => {
    covered.add(name);
    const bias = biasNameOf(name);
    if (!names.has(bias)) return { name, shape };
    covered.add(bias);
    return { name, shape, bias };
  });
  const other = [...names].filter((n) => !covered.has(n));
  if (other.length > 0) throw new Error(`Deep Compression here handles dense and conv kernels with biases; this model also has ${other.join(', ')}`);
  return layers;
}

/** Bits of a pruned layer stored with relative indices and float32 values (stage 1's size). */
function prunedBits(mask: Uint8Array, indexBits: number, biasLength: number): number {
  const entries = encodeRelativeIndex(mask, indexBits).gaps.length;
  return entries * (indexBits + 32) + 32 * biasLength;
}

/** The float32 arrays' bytes, one after another. */

/** gzip of the bytes, as the browser's CompressionStream makes it. */
async function gzipLength(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

/** Training steps of a plan's stages 1 and 2 together, for progress. */
function trainingSteps(plan: DeepCompressionPlan): number {
  return plan.prune.rounds * plan.prune.stepsPerRound + plan.share.steps;
}

/**
 * Stage 1: prunes each kernel to its sparsity in `rounds` equal steps (Han et al. 2015's
 * iterative pruning), retraining after each with the masks re-applied after every update.
 * Returns the final masks.
 */
export async function pruneAndRetrain(model: tf.LayersModel, data: LabelledImages, plan: DeepCompressionPlan, options: RunOptions = {}): Promise<Record<string, Uint8Array>> {
  const { rounds, stepsPerRound, learningRate } = plan.prune;
  let masks: Record<string, Uint8Array> = {};
  for (let round = 1; round <= rounds; round++) {
    masks = {};
    for (const [name, { sparsity }] of Object.entries(plan.layers)) {
      const target = sparsityAt({ kind: 'iterative', initialSparsity: 0, finalSparsity: sparsity, startStep: 0, pruningSteps: rounds, frequency: 1 }, round - 1);
      masks[name] = magnitudeMask(readWeight(model, name), target);
    }
    const hook = maskHook(model, masks);
    try {
      hook.apply();
      // Each round's retraining steps down the learning rate: a third of the steps at lr, lr/3, lr/10.
      let done = 0;
      for (const [part, factor] of [[1, 1], [2, 1 / 3], [3, 1 / 10]]) {
        const steps = Math.round((stepsPerRound * part) / 3) - done;
        if (steps === 0) continue;
        const before = done;
        await trainModel(model, data, {
          steps, batchSize: plan.batchSize, learningRate: learningRate * factor, seed: plan.seed + 10 * round + part, signal: options.signal,
          afterStep: hook.apply,
          onStep: ({ step }) => options.onProgress?.({ phase: 'prune', label: `(stage 1, round ${round} of ${rounds})`, done: (round - 1) * stepsPerRound + before + step, total: trainingSteps(plan) }),
        });
        done += steps;
      }
    } finally {
      hook.dispose();
    }
  }
  return masks;
}

/** One layer's clusters: the positions of its kept weights, their labels and the centroids. */
export interface SharedLayer {
  name: string;
  variable: string;
  kept: Uint32Array;
  labels: Uint8Array | Uint16Array;
  centroids: Float32Array;
}

function sumOfSquares(values: Float32Array, centroids: Float32Array, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - centroids[labels[i]]) ** 2;
  return s;
}

/** Clusters a layer's kept weights, writes the shared values into the model, and records the codebook view. */
function clusterLayer(model: tf.LayersModel, name: string, mask: Uint8Array, bits: number, init: KMeansInit, seed: number): { shared: SharedLayer; codebook: LayerCodebook } {
  const weights = readWeight(model, name);
  const kept = Uint32Array.from(mask.keys()).filter((i) => mask[i] !== 0);
  const values = Float32Array.from(kept, (i) => weights[i]);
  const variable = (model.weights.find((w) => w.originalName === name)!.read() as tf.Variable).name;
  const none = { linear: new Float32Array(0), density: new Float32Array(0), random: new Float32Array(0) };
  if (kept.length === 0) {
    writeWeight(model, name, new Float32Array(weights.length));
    const empty = { centroids: new Float32Array(0), sse: 0 };
    return {
      shared: { name, variable, kept, labels: new Uint8Array(0), centroids: new Float32Array(0) },
      codebook: { name, kept: values, initial: none, clustered: { linear: empty, density: empty, random: empty }, tuned: new Float32Array(0), warning: `${name} has no weight left after pruning: it is stored as an empty layer and outputs only its bias` },
    };
  }
  const k = 2 ** bits;
  const byInit = timed('k-means', () => Object.fromEntries(KMEANS_INITS.map((i) => [i, kmeans1d(values, k, { init: i, seed })]))) as Record<KMeansInit, ReturnType<typeof kmeans1d>>;
  const chosen = byInit[init];
  const shared = new Float32Array(weights.length);
  kept.forEach((i, n) => (shared[i] = chosen.centroids[chosen.labels[n]]));
  writeWeight(model, name, shared);
  const warnings = [chosen.warning && `${name}: ${chosen.warning}`, k === 1 && `${name}: k = 1, so every kept weight becomes the same value (their mean)`].filter(Boolean);
  return {
    shared: { name, variable, kept, labels: chosen.labels, centroids: chosen.centroids.slice() },
    codebook: {
      name,
      kept: values,
      initial: Object.fromEntries(KMEANS_INITS.map((i) => [i, Float32Array.from(initialCentroids(values, k, i, seed))])) as Record<KMeansInit, Float32Array>,
      clustered: Object.fromEntries(KMEANS_INITS.map((i) => [i, { centroids: byInit[i].centroids, sse: sumOfSquares(values, byInit[i].centroids, byInit[i].labels) }])) as LayerCodebook['clustered'],
      tuned: chosen.centroids,
      ...(warnings.length ? { warning: warnings.join('; ') } : {}),
    },
  };
}

/**
 * Stage 2's clustering: k-means (k = 2^bits) on each layer's kept weights, written into the model
 * as centroids[labels] with pruned weights zero.
 */
export function clusterWeights(model: tf.LayersModel, masks: Record<string, Uint8Array>, plan: DeepCompressionPlan): { shared: SharedLayer[]; codebooks: LayerCodebook[] } {
  const clustered = Object.entries(plan.layers).map(([name, { bits }]) => {
    if (!masks[name]) throw new Error(`no pruning mask for ${name}`);
    return clusterLayer(model, name, masks[name], bits, plan.share.init, plan.seed);
  });
  return { shared: clustered.map((c) => c.shared), codebooks: clustered.map((c) => c.codebook) };
}

/**
 * Stage 2's fine-tuning: every step, the gradient of each kept weight is replaced by the sum of
 * the gradients in its cluster (∂L/∂c_j = Σ_{i ∈ j} ∂L/∂w_i) and pruned weights get none, so all
 * weights of a cluster take the same update; after the update each centroid is the mean of its
 * weights and the kernel is rewritten as centroids[labels] (pruned weights stay exactly zero).
 */
export async function fineTuneCentroids(model: tf.LayersModel, data: LabelledImages, layers: SharedLayer[], plan: DeepCompressionPlan, options: RunOptions = {}): Promise<void> {
  const { steps, learningRate } = plan.share;
  if (steps === 0) return;
  const writeShared = () => {
    for (const layer of layers) {
      if (layer.kept.length === 0) continue;
      const w = readWeight(model, layer.name);
      const sums = new Float64Array(layer.centroids.length);
      const counts = new Float64Array(layer.centroids.length);
      layer.kept.forEach((i, n) => {
        sums[layer.labels[n]] += w[i];
        counts[layer.labels[n]]++;
      });
      sums.forEach((s, j) => counts[j] > 0 && (layer.centroids[j] = s / counts[j]));
      const shared = new Float32Array(w.length);
      layer.kept.forEach((i, n) => (shared[i] = layer.centroids[layer.labels[n]]));
      writeWeight(model, layer.name, shared);
    }
  };
  await trainModel(model, data, {
    steps, batchSize: plan.batchSize, learningRate, seed: plan.seed + 1000, signal: options.signal,
    gradients: (grads) => {
      for (const layer of layers) {
        const g = grads[layer.variable];
        if (!g) continue;
        const values = g.dataSync() as Float32Array;
        const grouped = new Float32Array(values.length);
        if (layer.kept.length > 0) {
          const sums = sharedWeightGradients(Float32Array.from(layer.kept, (i) => values[i]), layer.labels, layer.centroids.length);
          layer.kept.forEach((i, n) => (grouped[i] = sums[layer.labels[n]]));
        }
        grads[layer.variable] = tf.tensor(grouped, g.shape);
        g.dispose();
      }
      return grads;
    },
    afterStep: writeShared,
    onStep: ({ step }) => options.onProgress?.({ phase: 'share', label: '(stage 2, fine-tuning the shared values)', done: plan.prune.rounds * plan.prune.stepsPerRound + step, total: trainingSteps(plan) }),
  });
}

/** The model's kernels (already shared) and biases as the container's layers. */
function compressedLayers(model: tf.LayersModel, shared: SharedLayer[], plan: DeepCompressionPlan): CompressedLayer[] {
  return kernelLayers(model).map(({ name, shape, bias }) => ({
    name, shape,
    weights: readWeight(model, name),
    centroids: shared.find((l) => l.name === name)!.centroids,
    indexBits: plan.layers[name].indexBits,
    ...(bias ? { bias: readWeight(model, bias) } : {}),
  }));
}

/**
 * Runs the three stages on `model` in place (give it a copy) and measures size and test accuracy
 * after each. `train` is the data retraining draws from, `test` the data accuracy is scored on.
 */
export async function deepCompress(model: tf.LayersModel, train: LabelledImages, test: LabelledImages, plan: DeepCompressionPlan, options: RunOptions = {}): Promise<DeepCompressionResult> {
  const layers = kernelLayers(model);
  checkPlan(plan, layers.map((l) => l.name));
  const { signal, onProgress } = options;
  const accuracyAt = async (stage: StageName) => {
    onProgress?.({ phase: 'evaluate', label: `the ${stage} model` });
    return evaluateModel(model, test, { signal });
  };
  const biasLength = (l: (typeof layers)[number]) => (l.bias ? readWeight(model, l.bias).length : 0);

  const originalBits = layers.reduce((s, l) => s + 32 * (l.shape.reduce((a, b) => a * b, 1) + biasLength(l)), 0);
  const original = await accuracyAt('original');
  const floats = layers.flatMap((l) => [readWeight(model, l.name), ...(l.bias ? [readWeight(model, l.bias)] : [])]);
  const gzipFloat32Bits = 8 * (await gzipLength(concatBytes(floats)));
  // Plain int8: one byte per kernel weight and a float32 scale per kernel; biases stay float32.
  const int8Bits = layers.reduce((s, l) => s + 8 * l.shape.reduce((a, b) => a * b, 1) + 32 + 32 * biasLength(l), 0);

  const masks = await pruneAndRetrain(model, train, plan, options);
  const prunedSize = layers.reduce((s, l) => s + prunedBits(masks[l.name], plan.layers[l.name].indexBits, biasLength(l)), 0);
  const pruned = await accuracyAt('pruned');

  const clustered = clusterWeights(model, masks, plan);
  const { shared } = clustered;
  const untuned = await accuracyAt('shared');
  await fineTuneCentroids(model, train, shared, plan, options);
  const tuned = await accuracyAt('shared');
  const codebooks = clustered.codebooks.map((c, i) => ({ ...c, tuned: shared[i].centroids.slice() }));

  const compressed = compressedLayers(model, shared, plan);
  // The file with Huffman-coded index streams (stage 3) and with fixed-width ones (stages 1 and 2
  // alone); both are lossless, so each accuracy is measured on the model rebuilt from its file.
  const codings: IndexCoding[] = ['huffman', 'fixed'];
  const files = Object.fromEntries(codings.map((c) => [c, encodeCompressedModel(compressed, c)])) as Record<IndexCoding, Uint8Array>;
  const reports = Object.fromEntries(codings.map((c) => [c, compressedSizeReport(compressed, c)])) as Record<IndexCoding, ModelSizeReport>;
  const fromFile = {} as Record<IndexCoding, number>;
  for (const coding of codings) {
    const reloaded = modelFromCompressedFile(files[coding]);
    onProgress?.({ phase: 'evaluate', label: `the model read back from the ${coding === 'huffman' ? 'Huffman-coded' : 'fixed-width'} file` });
    fromFile[coding] = (await evaluateModel(reloaded.model, test, { signal }).finally(() => reloaded.model.dispose())).accuracy;
  }

  const stage = (name: StageName, bits: number, accuracy: number): StageResult => ({ stage: name, bits, ratio: originalBits / bits, accuracy });
  return {
    stages: [
      stage('original', originalBits, original.accuracy),
      stage('pruned', prunedSize, pruned.accuracy),
      stage('shared', reports.fixed.total.totalBitsFixed, tuned.accuracy),
      stage('fixed', files.fixed.length * 8, fromFile.fixed),
      stage('huffman', files.huffman.length * 8, fromFile.huffman),
    ],
    sharedUntunedAccuracy: untuned.accuracy,
    reports,
    codebooks,
    files,
    baselines: { gzipFloat32Bits, int8Bits },
    predictions: tuned.predictions,
    warnings: codebooks.flatMap((c) => (c.warning ? [c.warning] : [])),
  };
}

/**
 * Rebuilds a model from a .clmz file: finds the zoo architecture whose kernels have the file's
 * names and shapes, and writes the decoded kernels and biases into it. Errors say what is wrong
 * with the file (from the container) or that no course model matches.
 */
export function modelFromCompressedFile(bytes: Uint8Array): { model: tf.LayersModel; modelId: string; layers: { name: string; shape: number[]; nonzeros: number; clusters: number }[] } {
  const decoded = decodeCompressedModel(bytes);
  const signature = (ls: { name: string; shape: number[] }[]) => ls.map((l) => `${l.name}[${l.shape.join('×')}]`).join(', ');
  for (const id of ZOO_IDS) {
    const model = buildModel(id, 0);
    const matches = (() => {
      try {
        const layers = kernelLayers(model);
        return signature(layers) === signature(decoded) && layers.every((l, i) => (l.bias ? readWeight(model, l.bias).length : 0) === (decoded[i].bias?.length ?? 0));
      } catch {
        return false;
      }
    })();
    if (!matches) {
      model.dispose();
      continue;
    }
    for (const layer of decoded) {
      writeWeight(model, layer.name, layer.weights);
      if (layer.bias) writeWeight(model, biasNameOf(layer.name), layer.bias);
    }
    return {
      model,
      modelId: id,
      layers: decoded.map((l) => ({ name: l.name, shape: l.shape, nonzeros: l.weights.reduce((s, w) => s + (w !== 0 ? 1 : 0), 0), clusters: l.centroids.length })),
    };
  }
  throw new Error(`the file's layers (${signature(decoded) || 'none'}) match no model of this course`);
}
