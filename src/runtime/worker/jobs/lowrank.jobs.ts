// The model worker's low-rank jobs (lesson 6): the SVD of a real layer, computed once and cached,
// the accuracy of a rank-k replacement (from the layer's projected test inputs, see rankEvaluator.ts), and
// a factorised copy fine-tuned as two thin Dense layers.
import * as tf from '@tensorflow/tfjs';
import {
  applyMask, channelDecomposition, channelDecompositionCost, factorsFromSvd, magnitudeMask, truncatedSvd, type KernelShape, type Svd,
} from '../../../engine';
import type { JobProgress } from '../../contract/jobs';
import { maxRankOf, type LayerSpectrum, type MatrixProducts } from '../../contract/lowrank';
import { splitConvArtifacts } from '../convSplit';
import { evaluateModel, inputShapeOf, type LabelledImages } from '../evaluate';
import { batchToTensor } from '../mnist';
import { denseLayers, factorisedModel, invertedImages, loraModel } from '../lowrank';
import { PRODUCTS } from '../tfjsProduct';
import { rankEvaluator, type RankEvaluator } from '../rankEvaluator';
import { trainModel } from '../train';
import { kernelsOf, readWeight, writeWeight } from '../weights';
import { defineJobs, immediate, queued } from '../defineJobs';

type Report = (p: JobProgress) => void;


interface Cached { svd: Svd; kernel: Float32Array; normSquared: number; complete: boolean; ms: number }

/**
 * The teacher's 1200×1200 layers have a flat spectrum (s₁ ≈ 9.5, s₁₂₈ ≈ 2.1, s₂₅₆ ≈ 1.8), where the
 * randomized SVD's defaults (10 extra directions, 2 power iterations) left s₁₂₈ 9.7 % low; 128
 * extra directions and 4 iterations bring it within 0.6 % of the exact value, for about 2.5× the time.
 */
const RANDOMIZED = { oversampling: 128, powerIterations: 4 };

export default defineJobs('lowrank', (ctx) => {
  const svds = new Map<string, Cached>();
  /** The working copy each model's rank changes are written into, and the kernel changed last. */
  const changed = new Map<string, string>();
  const workKey = (key: string) => `${key}:lowrank`;

  /** Test accuracy of each model as loaded, measured once. */
  const baseAccuracy = new Map<string, number>();

  async function decomposition(key: string, weight: string, report: Report, products: MatrixProducts = 'tfjs'): Promise<Cached & { fresh: boolean }> {
    const id = `${key}|${weight}|${products}`;
    const hit = svds.get(id);
    if (hit) return { ...hit, fresh: false };
    const model = await ctx.getModel(key);
    const layer = denseLayers(model).find((l) => l.weight === weight);
    if (!layer) throw new Error(`${key} has no Dense kernel named ${weight}`);
    report({ phase: 'svd', label: `${layer.rows}×${layer.cols} ${weight}` });
    const kernel = readWeight(model, weight);
    const t0 = performance.now();
    const rank = maxRankOf(layer.rows, layer.cols);
    const complete = rank === Math.min(layer.rows, layer.cols);
    const svd = truncatedSvd(kernel, layer.rows, layer.cols, rank, { method: complete ? 'exact' : 'randomized', product: PRODUCTS[products], ...RANDOMIZED });
    const ms = performance.now() - t0;
    const normSquared = kernel.reduce((t, v) => t + v * v, 0);
    const entry = { svd, kernel, normSquared, complete, ms };
    svds.set(id, entry);
    return { ...entry, fresh: true };
  }

  /**
   * The rank evaluator of the layer asked for last (its test-set projections take as long as one
   * evaluation to make, and as much memory as 10,000 activations), kept while the model is the same.
   */
  let evaluator: { id: string; model: tf.LayersModel; made: RankEvaluator } | undefined;
  async function evaluatorFor(key: string, weight: string, products: MatrixProducts, svd: Svd, data: LabelledImages, signal: AbortSignal, report: Report): Promise<RankEvaluator> {
    const id = `${key}|${weight}|${products}`;
    const model = await ctx.getModel(key);
    if (evaluator?.id === id && evaluator.model === model) return evaluator.made;
    const made = await rankEvaluator(model, weight, svd, data, { signal, onProgress: (p) => report({ phase: 'evaluate', label: `projecting the test set on ${weight}'s singular vectors`, ...p }) });
    evaluator = { id, model, made };
    return made;
  }

  async function workingCopy(key: string): Promise<tf.LayersModel> {
    const w = workKey(key);
    if (!changed.has(w)) {
      const model = await ctx.putArtifacts(w, await ctx.saveArtifacts(await ctx.getModel(key)));
      changed.set(w, '');
      return model;
    }
    return ctx.getModel(w);
  }

  const test = (signal: AbortSignal, report: Report) => ctx.loadData('test', { signal, progress: report });
  const evaluate = async (model: tf.LayersModel, data: LabelledImages, signal: AbortSignal, report: Report, label: string) =>
    (await evaluateModel(model, data, { signal, onProgress: (p) => report({ phase: 'evaluate', label, ...p }) })).accuracy;

  function checkRank(rank: number, maxRank: number) {
    if (!Number.isInteger(rank) || rank < 1 || rank > maxRank) throw new Error(`the rank must be a whole number from 1 to ${maxRank}, got ${rank}`);
  }

  return {
    denseLayers: immediate(async ({ key }) => denseLayers(await ctx.getModel(key))),

    spectrum: queued('computing singular values', async ({ key, weight, products }, { progress }): Promise<LayerSpectrum> => {
      const d = await decomposition(key, weight, progress, products);
      return {
        weight, rows: d.svd.rows, cols: d.svd.cols, s: Array.from(d.svd.s), complete: d.complete,
        maxRank: d.svd.rank, normSquared: d.normSquared, ms: d.fresh ? d.ms : 0,
      };
    }),

    atRank: queued('evaluating a rank', async ({ key, weight, rank, products = 'tfjs' }, { signal, progress, partial }) => {
      const t0 = performance.now();
      const data = await test(signal, progress);
      const d = await decomposition(key, weight, progress, products);
      checkRank(rank, d.svd.rank);
      const accuracy = await (await evaluatorFor(key, weight, products, d.svd, data, signal, progress))
        .accuracy(rank, { signal, onProgress: (p) => progress({ phase: 'evaluate', label: `rank ${rank}`, ...p }) });
      const { rows, cols } = d.svd;
      const factoredParams = rank * (rows + cols);
      let keptEnergy = 0;
      for (let i = 0; i < rank; i++) keptEnergy += d.svd.s[i] ** 2;
      const error = Math.sqrt(Math.max(0, d.normSquared - keptEnergy));
      const modelParams = (await ctx.getModel(key)).countParams();
      const outcome = {
        weight, rank, accuracy, layerParams: rows * cols, factoredParams,
        modelParams, modelParamsFactored: modelParams - rows * cols + factoredParams,
        error, relativeError: error / Math.sqrt(d.normSquared), ms: performance.now() - t0,
      };
      // The reader asked for this rank's accuracy; the pruning comparison follows it.
      partial(outcome);
      const model = await workingCopy(key);
      const previous = changed.get(workKey(key));
      if (previous && previous !== weight) writeWeight(model, previous, readWeight(await ctx.getModel(key), previous));
      changed.set(workKey(key), weight);
      const kept = Math.min(1, factoredParams / (rows * cols));
      writeWeight(model, weight, applyMask(d.kernel, magnitudeMask(d.kernel, 1 - kept)));
      const prunedAccuracy = await evaluate(model, data, signal, progress, 'the pruned layer');
      return { ...outcome, prunedAccuracy };
    }),

    convAtRank: queued('evaluating a split convolution', async ({ key, layer, rank }, { signal, progress }) => {
      const t0 = performance.now();
      const data = await test(signal, progress);
      const model = await ctx.getModel(key);
      const weight = `${layer}/kernel`;
      const kernel = kernelsOf(model).find((k) => k.name === weight && k.shape.length === 4);
      if (!kernel) throw new Error(`${key} has no convolution kernel named ${weight}`);
      const shape = kernel.shape as KernelShape;
      const d = channelDecomposition(readWeight(model, weight), shape, rank);
      const inputShape = (model.getLayer(layer).input as tf.SymbolicTensor).shape.slice(1) as [number, number, number];
      const padding = (model.getLayer(layer).getConfig() as { padding: 'same' | 'valid' }).padding;
      if (!baseAccuracy.has(key)) baseAccuracy.set(key, await evaluate(model, data, signal, progress, 'the original model'));
      const split = await ctx.putArtifacts(`${key}:${layer}-split`, await splitConvArtifacts(await ctx.saveArtifacts(model), layer, Float32Array.from(d.first), Float32Array.from(d.second), rank));
      const accuracy = await evaluate(split, data, signal, progress, `the rank-${rank} split`);
      const cost = channelDecompositionCost(inputShape, shape, rank, padding);
      return {
        layer, rank, kernelShape: shape, inputShape, s: Array.from(d.s), originalAccuracy: baseAccuracy.get(key)!, accuracy,
        error: d.error, relativeError: d.relativeError, ...cost,
        modelParams: model.countParams(), modelParamsFactored: split.countParams(), ms: performance.now() - t0,
      };
    }),

    layerOutput: immediate(async ({ key, layer, index }) => {
      const model = await ctx.getModel(key);
      const data = await ctx.loadData('test');
      if (!Number.isInteger(index) || index < 0 || index >= data.count) throw new Error(`the test image must be a whole number from 0 to ${data.count - 1}, got ${index}`);
      // A view of the model up to `layer`: it shares the model's weights, so it is not disposed.
      const upTo = tf.model({ inputs: model.inputs, outputs: model.getLayer(layer).output as tf.SymbolicTensor });
      const out = tf.tidy(() => upTo.predict(batchToTensor(data.images, index, 1, inputShapeOf(model))) as tf.Tensor);
      const values = (await out.data()) as Float32Array;
      const shape = out.shape.slice(1);
      out.dispose();
      return { shape, values };
    }),

    factorise: queued('fine-tuning a factorised model', async (settings, { signal, progress }) => {
      const { key, weight, rank } = settings;
      const data = await test(signal, progress);
      const train = await ctx.loadData('train', { signal, progress });
      const d = await decomposition(key, weight, progress);
      checkRank(rank, d.svd.rank);
      const original = await ctx.getModel(key);
      const originalAccuracy = await evaluate(original, data, signal, progress, 'the original model');
      const f = factorsFromSvd(d.svd, rank);
      const built = factorisedModel(original, weight, Float32Array.from(f.left), Float32Array.from(f.right), rank);
      let model: tf.LayersModel;
      try {
        model = await ctx.putArtifacts(`${key}:factorised`, await ctx.saveArtifacts(built));
      } finally {
        built.dispose();
      }
      const accuracyBefore = await evaluate(model, data, signal, progress, 'the factorised model');
      const trained = await trainModel(model, train, {
        steps: settings.steps, batchSize: settings.batchSize, learningRate: settings.learningRate, seed: settings.seed, signal,
        onStep: (s) => progress({ phase: 'train', done: s.step, total: s.steps, loss: s.loss }),
      });
      const accuracyAfter = await evaluate(model, data, signal, progress, 'the fine-tuned model');
      const { rows, cols } = d.svd;
      return {
        weight, rank, originalAccuracy, accuracyBefore, accuracyAfter, layerParams: rows * cols, factoredParams: rank * (rows + cols),
        modelParams: original.countParams(), modelParamsFactored: model.countParams(), steps: settings.steps, trainMs: trained.ms,
      };
    }),

    lora: queued('adapting with LoRA', async (settings, { signal, progress }) => {
      const { key, weight, rank } = settings;
      const layer = denseLayers(await ctx.getModel(key)).find((l) => l.weight === weight);
      if (!layer) throw new Error(`${key} has no Dense kernel named ${weight}`);
      checkRank(rank, Math.min(layer.rows, layer.cols));
      const testSet = await test(signal, progress);
      const task = { test: invertedImages(testSet), train: invertedImages(await ctx.loadData('train', { signal, progress })) };
      const original = await ctx.getModel(key);
      const originalAccuracy = await evaluate(original, testSet, signal, progress, 'the original model');
      const originalOnTask = await evaluate(original, task.test, signal, progress, 'the original model on inverted digits');
      const recipe = { steps: settings.steps, batchSize: settings.batchSize, learningRate: settings.learningRate, seed: settings.seed, signal };
      const built = loraModel(original, weight, rank, settings.seed);
      let adapted: tf.LayersModel;
      try {
        adapted = await ctx.putArtifacts(`${key}:lora`, await ctx.saveArtifacts(built));
      } finally {
        built.dispose();
      }
      const loraRun = await trainModel(adapted, task.train, { ...recipe, onStep: (s) => progress({ phase: 'train', label: `the rank-${rank} update`, done: s.step, total: s.steps, loss: s.loss }) });
      const loraOnTask = await evaluate(adapted, task.test, signal, progress, 'the adapted model');
      const full = await ctx.putArtifacts(`${key}:full-ft`, await ctx.saveArtifacts(original));
      const fullRun = await trainModel(full, task.train, { ...recipe, onStep: (s) => progress({ phase: 'train', label: 'every weight', done: s.step, total: s.steps, loss: s.loss }) });
      const fullOnTask = await evaluate(full, task.test, signal, progress, 'the fully fine-tuned model');
      const count = (m: tf.LayersModel) => m.trainableWeights.reduce((t, w) => t + w.shape.reduce((a: number, b) => a * (b ?? 0), 1), 0);
      return {
        rank, originalAccuracy, originalOnTask, loraOnTask, fullOnTask,
        loraTrainable: count(adapted), fullTrainable: count(full), loraMs: loraRun.ms, fullMs: fullRun.ms,
      };
    }),
  };
});
