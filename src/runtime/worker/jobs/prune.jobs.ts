// The model worker's pruning jobs: pruned and structurally smaller copies of a model, masked
// retraining, iterative pruning on a schedule, the per-layer sensitivity scan, and the timing of
// dense, structurally pruned and CSR products. Pruned copies live under new keys; the parent
// model is never changed.
import * as tf from '@tensorflow/tfjs';
import { applyMask, csrFromDense, csrMatMul, magnitudeMask, modelCost, transpose } from '../../../engine';
import { evaluateModel, firstImages, type LabelledImages } from '../evaluate';
import { measureLatency, repeatTimed, summarise, type LatencyRow } from '../latency';
import {
  applyMasks,
  masksFromZeros,
  pruneIteratively,
  pruneReport,
  pruningMasks,
  retrainMasked,
  sensitivityScan,
  structuredArtifacts,
  type Masks,
} from '../prune';
import { readWeight } from '../weights';
import { specsFromModel } from '../specs';
import { defineJobs, queued } from '../defineJobs';
import type { JobProgress } from '../../contract/jobs';
import type { ProductTiming, PruneOutcome } from '../../contract/prune';

type Report = (p: JobProgress) => void;

/** Multiply-accumulates per image, from the engine's cost model of the model's layers. */
const macsOf = (model: tf.LayersModel) => modelCost(specsFromModel(model).specs).macs;

/** Median time of `run` over at least `minRuns` runs and `budgetMs` ms (after one warm-up). */
async function medianMs(run: () => void, signal: AbortSignal | undefined, minRuns = 5, budgetMs = 300): Promise<number> {
  const timed = () => {
    const t0 = performance.now();
    run();
    return performance.now() - t0;
  };
  return summarise(1, await repeatTimed(timed, { warmupRuns: 1, minRuns, maxRuns: 200, budgetMs, signal })).medianMs;
}

/**
 * Times y = W·X for the kernel `values` [in, out] (transposed to [out, in] as in Han et al.'s
 * CSR layout) pruned by magnitude to each sparsity, against the dense tfjs product.
 */
async function timeProducts(values: Float32Array, shape: number[], sparsities: readonly number[], batch: number, signal: AbortSignal | undefined, report: Report): Promise<ProductTiming[]> {
  const [inputs, outputs] = shape;
  const x = Float32Array.from({ length: inputs * batch }, (_, i) => ((i * 7919) % 1000) / 1000);
  const rows: ProductTiming[] = [];
  for (const [i, sparsity] of sparsities.entries()) {
    report({ phase: 'product', done: i, total: sparsities.length });
    const pruned = applyMask(values, magnitudeMask(values, sparsity));
    const transposed = transpose(pruned, inputs, outputs);
    const csr = csrFromDense(transposed, outputs, inputs);
    const csrMs = await medianMs(() => void csrMatMul(csr, x, batch), signal);
    const w = tf.tensor2d(transposed, [outputs, inputs]);
    const xt = tf.tensor2d(x, [inputs, batch]);
    // The layer's own layout: kernel [in, out] as tfjs stores it, inputs as rows [batch, in].
    const kernel = tf.tensor2d(pruned, [inputs, outputs]);
    const rowsX = tf.transpose(xt);
    let denseMs: number;
    let layerMs: number;
    try {
      denseMs = await medianMs(() => tf.tidy(() => void tf.matMul(w, xt).dataSync()), signal);
      layerMs = await medianMs(() => tf.tidy(() => void tf.matMul(rowsX, kernel).dataSync()), signal);
    } finally {
      tf.dispose([w, xt, kernel, rowsX]);
    }
    rows.push({ sparsity, nonzeros: csr.values.length, csrMs, denseMs, layerMs, speedup: denseMs / csrMs });
  }
  report({ phase: 'product', done: sparsities.length, total: sparsities.length });
  return rows;
}

export default defineJobs('prune', (ctx) => {
  /** Masks of the pruned copies made here, by key, so retraining holds exactly those. */
  const masksByKey = new Map<string, Masks>();

  async function copyOf(key: string, newKey: string): Promise<tf.LayersModel> {
    if (newKey === key) throw new Error(`the pruned copy needs a key other than "${key}"`);
    return ctx.putArtifacts(newKey, await ctx.saveArtifacts(await ctx.getModel(key)));
  }

  const data = (split: 'test' | 'train', signal: AbortSignal, progress: Report) => ctx.loadData(split, { signal, progress });

  async function outcome(key: string, model: tf.LayersModel, test: LabelledImages, signal: AbortSignal, report: Report): Promise<PruneOutcome> {
    const e = await evaluateModel(model, test, { signal, onProgress: (p) => report({ phase: 'evaluate', ...p }) });
    const counts = new Int32Array(10);
    for (const p of e.predictions) counts[p]++;
    const commonClass = counts.indexOf(Math.max(...counts));
    return {
      key, report: pruneReport(model), accuracy: e.accuracy, correct: e.correct, total: e.total,
      predictedClasses: counts.filter((c) => c > 0).length, commonClass,
    };
  }

  return {
    /** A copy of `key` under `newKey` pruned by `spec`, scored on the 10,000 test images. */
    prune: queued('pruning a copy', async ({ key, newKey, spec }, { signal, progress: report }) => {
      const test = await data('test', signal, report);
      const parent = await ctx.getModel(key);
      const masks = pruningMasks(parent, spec); // checks the spec before a copy is made
      const model = await copyOf(key, newKey);
      applyMasks(model, masks);
      masksByKey.set(newKey, masks);
      return outcome(newKey, model, test, signal, report);
    }),

    /**
     * Retrains the pruned copy `key` in place with its masks held. On cancel the model keeps the
     * weights of the last finished step (still pruned) and the job rejects with an AbortError.
     */
    retrain: queued('retraining the pruned model', async ({ key, settings }, { signal, progress: report }) => {
      const train = await data('train', signal, report);
      const test = await data('test', signal, report);
      const model = await ctx.getModel(key);
      const masks = masksByKey.get(key) ?? masksFromZeros(model);
      await retrainMasked(model, masks, train, { ...settings, signal, onStep: (s) => report({ phase: 'train', done: s.step, total: s.steps }) });
      return outcome(key, model, test, signal, report);
    }),

    /** Prunes a copy of `key` under `newKey` on a schedule with retraining; each test point streams to `onPoint`. */
    onSchedule: queued('pruning on a schedule', async ({ key, newKey, spec }, { signal, progress: report, partial: onPoint }) => {
      const train = await data('train', signal, report);
      const test = await data('test', signal, report);
      const model = await copyOf(key, newKey);
      masksByKey.delete(newKey);
      const { points, masks } = await pruneIteratively(model, train, test, spec, {
        signal, onPoint, onStep: (done, total) => report({ phase: 'train', done, total }),
      });
      masksByKey.set(newKey, masks);
      return { points, outcome: await outcome(newKey, model, test, signal, report) };
    }),

    /** Accuracy with each kernel alone pruned by magnitude at each sparsity, on the first `images` test images. */
    sensitivityScan: queued('scanning the layers', async ({ key, sparsities, images }, { signal, progress: report, partial: onPoint }) => {
      const test = firstImages(await data('test', signal, report), images);
      return sensitivityScan(await ctx.getModel(key), test, sparsities, {
        signal, onPoint: (p, done, total) => { onPoint?.(p); report({ phase: 'scan', done, total }); },
      });
    }),

    /** A genuinely smaller dense copy of `key` under `newKey`, with units of smallest norm removed. */
    structured: queued('removing units', async ({ key, newKey, fraction, norm }, { signal, progress: report }) => {
      if (newKey === key) throw new Error(`the smaller copy needs a key other than "${key}"`);
      const test = await data('test', signal, report);
      const parent = await ctx.getModel(key);
      const result = structuredArtifacts(await ctx.saveArtifacts(parent), fraction, norm);
      const model = await ctx.putArtifacts(newKey, result.artifacts);
      // Nothing is masked: the smaller model is dense, and retraining may change every weight it has.
      masksByKey.set(newKey, {});
      const e = await evaluateModel(model, test, { signal, onProgress: (p) => report({ phase: 'evaluate', ...p }) });
      return {
        key: newKey, layers: result.layers, paramsBefore: result.paramsBefore, paramsAfter: result.paramsAfter,
        macsBefore: macsOf(parent), macsAfter: macsOf(model), accuracy: e.accuracy,
      };
    }),

    /**
     * Forward-pass latency of each model at one batch size. The models are measured in
     * alternation, three rounds each, and each keeps its fastest round's median, so a burst of
     * other work on the machine does not land on one model only.
     */
    compareLatency: queued('timing the models', async ({ keys, batch }, { signal, progress }) => {
      const ROUNDS = 3;
      const models = await Promise.all(keys.map((k) => ctx.getModel(k)));
      const best: (LatencyRow | undefined)[] = models.map(() => undefined);
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, model] of models.entries()) {
          progress({ phase: 'latency', done: round * models.length + i, total: ROUNDS * models.length });
          const [row] = await measureLatency(model, [batch], { signal, budgetMs: 250, minRuns: 5 });
          if (!best[i] || row.medianMs < best[i]!.medianMs) best[i] = row;
        }
      }
      return { rows: best.map((r) => r!), batch };
    }),

    /** CSR against dense tfjs products of `key`'s first kernel, pruned by magnitude to each sparsity. */
    productTimings: queued('timing sparse products', async ({ key, sparsities, batch }, { signal, progress }) => {
      const model = await ctx.getModel(key);
      const first = model.weights.find((w) => /kernel$/.test(w.originalName));
      if (!first || first.shape.length !== 2) throw new Error('the CSR timing needs a model whose first layer is Dense');
      return timeProducts(readWeight(model, first.originalName), first.shape.map((d) => d ?? 0), sparsities, batch, signal, progress);
    }),
  };
});
