// The model worker's faster-training jobs: real gradients of one step, training runs under
// simulated mixed precision, and where a training step's time goes. All training goes through
// trainModel.
import * as tf from '@tensorflow/tfjs';
import { sampleIndices, seededRandom } from '../../../engine';
import { checkTrainOptions, batchOf, crossEntropy, trainModel } from '../train';
import { variableGrads } from '../gradients';
import { evaluateModel, inputShapeOf } from '../evaluate';
import { buildModel, logitsModel } from '../models';
import { precisionHooks } from '../precision';
import { simulatedDataParallel } from '../dataParallel';
import { spawnWorkerShard } from '../shards/shardPool';
import { workersDataParallel } from '../shards/workersDataParallel';
import { flatten, trainableVariables } from '../flatWeights';
import { defineJobs, queued } from '../defineJobs';
import { isAbortError } from '../../contract/abort';
import {
  checkDataParallel, checkPrecisionRun, PRECISION_NAMES, PRECISION_RECIPES, type PrecisionRunResult, type StepGradients, type StepTiming,
} from '../../contract/training';

/** Steps timed before the measured ones (the first steps compile and allocate). */
const WARMUP_STEPS = 3;

export default defineJobs('training', (ctx) => ({
  /**
   * The gradient of the pretrained model's mean cross-entropy on `batchSize` training images drawn
   * with `seed`, for every trainable weight (the model is not changed).
   */
  gradients: queued('computing gradients', async ({ model: id, batchSize, seed }, { signal, progress }) => {
    checkTrainOptions({ steps: 1, batchSize, learningRate: 1 });
    const train = await ctx.loadData('train', { signal, progress });
    const model = await ctx.getModel(id);
    const indices = Int32Array.from(sampleIndices(train.count, Math.min(batchSize, train.count), seededRandom(seed)));
    const { x, y } = batchOf(train, indices, inputShapeOf(model));
    const net = logitsModel(model);
    const variables = trainableVariables(model);
    const { value, grads } = variableGrads(() => crossEntropy(net.apply(x) as tf.Tensor2D, y), variables);
    const parts = variables.map((v) => ({ name: v.name, length: v.size }));
    const values = flatten(variables, grads);
    const loss = value.dataSync()[0];
    tf.dispose([x, y, value, grads]);
    return { values, parts, loss } satisfies StepGradients;
  }),

  /**
   * Trains LeNet-300-100 from the same seeded initialisation and batches once per mode with plain
   * SGD, rounding weights and gradients as the mode says; every step is streamed. A run whose loss
   * turns NaN is reported with accuracy NaN and the rest still run.
   */
  precisionRuns: queued('training in several precisions', async (settings, { signal, progress, partial }) => {
    checkPrecisionRun(settings);
    checkTrainOptions(settings);
    const train = await ctx.loadData('train', { signal, progress });
    const test = await ctx.loadData('test', { signal, progress });
    const results: PrecisionRunResult[] = [];
    const total = settings.modes.length * settings.steps;
    for (const [k, mode] of settings.modes.entries()) {
      const model = buildModel(settings.model, settings.seed);
      const p = precisionHooks(model, PRECISION_RECIPES[mode], settings);
      let flushedSum = 0;
      let lostSum = 0;
      let skippedSteps = 0;
      let finalLoss = NaN;
      let ms = 0;
      try {
        const r = await trainModel(model, train, {
          steps: settings.steps, batchSize: settings.batchSize, learningRate: settings.learningRate, seed: settings.seed, optimizer: 'sgd', signal,
          ...p.hooks,
          onStep: ({ step, loss, skipped }) => {
            flushedSum += p.stats.flushed;
            lostSum += p.stats.lost;
            if (skipped) skippedSteps++;
            finalLoss = loss;
            partial({ mode, step, loss, scale: p.stats.scale, skipped, flushed: p.stats.flushed, lost: p.stats.lost });
            if (step % 10 === 0 || step === settings.steps) {
              progress({ phase: 'train', label: PRECISION_NAMES[mode], done: k * settings.steps + step, total, loss });
            }
          },
        });
        ms = r.ms;
        p.finish();
        const evaluation = await evaluateModel(model, test, { signal });
        results.push({
          mode, accuracy: evaluation.accuracy, finalLoss, skippedSteps, finalScale: p.stats.scale,
          meanFlushed: flushedSum / settings.steps, meanLost: lostSum / settings.steps, ms,
        });
      } catch (e) {
        if (isAbortError(e)) throw e;
        results.push({ mode, accuracy: NaN, finalLoss: NaN, skippedSteps, finalScale: p.stats.scale, meanFlushed: NaN, meanLost: NaN, ms });
      } finally {
        p.finish();
        model.dispose();
      }
    }
    return results;
  }),

  /**
   * Trains the architecture twice from the same seed and batches with SGD: once on whole batches,
   * once with every batch split over simulated devices (dataParallel.ts) or real shard workers
   * (shards/); compares the weights and times the steps.
   */
  dataParallel: queued('training with data parallelism', async (settings, io) => {
    checkDataParallel(settings);
    checkTrainOptions(settings);
    const train = await ctx.loadData('train', io);
    return settings.mode === 'workers'
      ? workersDataParallel(settings, train, ctx.backend().name, spawnWorkerShard, io)
      : simulatedDataParallel(settings, train, io);
  }),

  /**
   * Trains a fresh copy of the architecture with Adam for `steps` steps (after a few warm-up
   * steps) and averages where each step's time went.
   */
  timeSteps: queued('timing training steps', async ({ model: id, batchSize, steps }, { signal, progress }) => {
    checkTrainOptions({ steps, batchSize, learningRate: 1e-3 });
    const train = await ctx.loadData('train', { signal, progress });
    const model = buildModel(id, 1);
    const sum = { data: 0, forward: 0, backward: 0, optimizer: 0 };
    try {
      await trainModel(model, train, {
        steps: steps + WARMUP_STEPS, batchSize, learningRate: 1e-3, seed: 1, signal,
        onStep: ({ step, phases }) => {
          if (step <= WARMUP_STEPS) return;
          for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += phases[key];
          progress({ phase: 'train', label: 'timed steps', done: step - WARMUP_STEPS, total: steps });
        },
      });
    } finally {
      model.dispose();
    }
    const mean = (v: number) => v / steps;
    return { data: mean(sum.data), forward: mean(sum.forward), backward: mean(sum.backward), optimizer: mean(sum.optimizer), steps, batchSize } satisfies StepTiming;
  }),
}));
