// The model worker's "as practised today" jobs (issue 19): GPTQ and AWQ against round-to-nearest, Wanda
// against magnitude pruning, 2:4 against unstructured 50 % with masked retraining. Each works on
// copies under new keys; the parent model is never changed.
import type * as tf from '@tensorflow/tfjs';
import { checkSparsity } from '../../../engine';
import type { JobProgress } from '../../contract/jobs';
import type { SparsityPattern, SparsityRun } from '../../contract/modern';
import { evaluateModel, firstImages, type LabelledImages } from '../evaluate';
import { defineJobs, queued } from '../defineJobs';
import { calibrationImages, denseChain, groupedKernelBytes, magnitudeMasks, pruneWanda, quantizeThreeWays, twoFourMasks } from '../modern';
import { outlierExperiment } from '../outliers';
import { applyMasks, pruneReport, retrainMasked, type Masks } from '../prune';

type Report = (p: JobProgress) => void;

/** Wanda and magnitude pruning are compared up to here; beyond it both models are guesswork. */
const MAX_ONE_SHOT_SPARSITY = 0.95;

export default defineJobs('modern', (ctx) => {
  const data = (split: 'test' | 'train', signal: AbortSignal, progress: Report) => ctx.loadData(split, { signal, progress });

  async function copyOf(key: string, suffix: string): Promise<tf.LayersModel> {
    return ctx.putArtifacts(`${key}:${suffix}`, await ctx.saveArtifacts(await ctx.getModel(key)));
  }

  async function accuracy(model: tf.LayersModel, test: LabelledImages, signal: AbortSignal, report: Report, label: string): Promise<number> {
    const e = await evaluateModel(model, test, { signal, onProgress: (p) => report({ phase: 'evaluate', label, ...p }) });
    return e.accuracy;
  }

  return {
    gptq: queued('quantizing with GPTQ', async (request, { signal, progress: report, partial }) => {
      const { key, bits, groupSize, zeroPoint, calibration: samples, damp, seed = 1 } = request;
      const parent = await ctx.getModel(key);
      denseChain(parent); // refuses a conv net before any data is loaded
      const settings = { bits, groupSize, zeroPoint };
      const bytes = groupedKernelBytes(parent, settings); // checks bits and groupSize
      const train = await data('train', signal, report);
      const test = await data('test', signal, report);
      const calibration = calibrationImages(train, samples, seed);
      const copies = { rtn: await copyOf(key, 'rtn'), gptq: await copyOf(key, 'gptq'), awq: await copyOf(key, 'awq') };
      const layers = await quantizeThreeWays(copies, calibration, samples, { ...settings, damp }, {
        signal,
        onRow: partial,
        onLayer: (done, total) => report({ phase: 'calibrate', label: 'and running GPTQ and AWQ, layer', done, total }),
      });
      return {
        rtnKey: `${key}:rtn`,
        gptqKey: `${key}:gptq`,
        awqKey: `${key}:awq`,
        floatAccuracy: await accuracy(parent, test, signal, report, 'the float model'),
        rtnAccuracy: await accuracy(copies.rtn, test, signal, report, 'round-to-nearest'),
        gptqAccuracy: await accuracy(copies.gptq, test, signal, report, 'GPTQ'),
        awqAccuracy: await accuracy(copies.awq, test, signal, report, 'AWQ'),
        layers,
        floatKernelBytes: bytes.float,
        groupedKernelBytes: bytes.grouped,
        bytesPerWeight: bytes.grouped / bytes.weights,
      };
    }),

    wanda: queued('pruning with Wanda', async ({ key, sparsity, calibration: samples, seed = 1 }, { signal, progress: report }) => {
      checkSparsity(sparsity);
      if (sparsity > MAX_ONE_SHOT_SPARSITY) throw new Error(`the sparsity must be at most ${MAX_ONE_SHOT_SPARSITY * 100} % here (got ${+(sparsity * 100).toFixed(2)} %)`);
      const parent = await ctx.getModel(key);
      denseChain(parent);
      const train = await data('train', signal, report);
      const test = await data('test', signal, report);
      const calibration = calibrationImages(train, samples, seed);
      const magnitude = await copyOf(key, 'magnitude');
      applyMasks(magnitude, magnitudeMasks(magnitude, sparsity));
      const wanda = await copyOf(key, 'wanda');
      await pruneWanda(wanda, calibration, samples, sparsity, {
        signal, onLayer: (done, total) => report({ phase: 'score', label: 'the inputs of each layer', done, total }),
      });
      return {
        floatAccuracy: await accuracy(parent, test, signal, report, 'the float model'),
        magnitudeAccuracy: await accuracy(magnitude, test, signal, report, 'magnitude pruning'),
        wandaAccuracy: await accuracy(wanda, test, signal, report, 'Wanda'),
        kernelSparsity: pruneReport(wanda).kernelSparsity,
      };
    }),

    semiStructured: queued('retraining 2:4 and unstructured copies', async ({ key, settings }, { signal, progress: report, partial }) => {
      const parent = await ctx.getModel(key);
      denseChain(parent);
      const train = await data('train', signal, report);
      const test = await data('test', signal, report);
      const floatAccuracy = await accuracy(parent, test, signal, report, 'the float model');
      const patterns: [SparsityPattern, (m: tf.LayersModel) => Masks][] = [['2:4', twoFourMasks], ['unstructured', (m) => magnitudeMasks(m, 0.5)]];
      const runs: SparsityRun[] = [];
      for (const [i, [pattern, masksOf]] of patterns.entries()) {
        const model = await copyOf(key, pattern === '2:4' ? '2of4' : 'unstructured50');
        const masks = masksOf(model);
        applyMasks(model, masks);
        const label = pattern === '2:4' ? 'the 2:4 copy' : 'the unstructured copy';
        const before = await accuracy(model, test, signal, report, label);
        await retrainMasked(model, masks, train, {
          ...settings, signal,
          onStep: (s) => report({ phase: 'train', label, done: i * s.steps + s.step, total: patterns.length * s.steps, loss: s.loss }),
        });
        const run = { pattern, kernelSparsity: pruneReport(model).kernelSparsity, before, after: await accuracy(model, test, signal, report, label) };
        runs.push(run);
        partial(run);
      }
      return { floatAccuracy, runs };
    }),

    outliers: queued('measuring an outlier channel', async ({ key, factor, alpha, calibration: samples, testImages }, { signal, progress: report }) => {
      const model = await ctx.getModel(key);
      const chain = denseChain(model);
      const train = await data('train', signal, report);
      if (testImages !== undefined && !(Number.isInteger(testImages) && testImages >= 1)) throw new Error(`the number of test images must be a whole number of at least 1 (got ${testImages})`);
      const all = await data('test', signal, report);
      const test = testImages === undefined ? all : firstImages(all, testImages);
      return outlierExperiment(model, chain, calibrationImages(train, samples, 1), samples, test, {
        factor, alpha, signal, onStep: (done, total) => report({ phase: 'sweep', done, total }),
      });
    }),
  };
});
