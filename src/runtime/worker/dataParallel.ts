// Data parallelism simulated in one worker: each batch is cut into shards, one per simulated
// device; each shard's gradient is computed on its own, the shards' gradients are summed with the
// engine's ring all-reduce (which also counts the bytes each device would send), and the step uses
// that sum. The shards run one after another here; the timings say what n devices would take.
// Also what both data-parallel modes share: the reference run on whole batches, and comparing weights.
import * as tf from '@tensorflow/tfjs';
import { maxAbsDifference, ringAllReduce, shardBounds } from '../../engine';
import type { DataParallelSettings, DataParallelStep, SimulatedParallelResult } from '../contract/training';
import type { JobIO } from './defineJobs';
import type { LabelledImages } from './evaluate';
import { inputShapeOf } from './evaluate';
import { flatten, trainableVariables, unflatten } from './flatWeights';
import { buildModel, logitsModel } from './models';
import { variableGrads } from './gradients';
import { batchOf, crossEntropy, trainModel, type StepPhases, type TrainHooks } from './train';

export interface DataParallelStats {
  /** Largest |all-reduced gradient − whole-batch gradient| of the last step. */
  maxGradientDiff: number;
  /** Bytes each simulated device sent in the last step's all-reduce (largest over devices). */
  bytesSent: number;
  /** ms of the slowest shard's gradient (what n devices would wait for before communicating). */
  slowestShardMs: number;
  /** ms of all shards' gradients one after another. */
  allShardsMs: number;
}

/**
 * A `gradients` hook of trainModel that replaces the whole-batch gradient by the all-reduced
 * gradients of `workers` shards of the batch, each shard's mean loss weighted by its share of the
 * batch so that the sum is the whole batch's mean gradient.
 */
export function dataParallelHooks(model: tf.LayersModel, data: LabelledImages, workers: number) {
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`the number of workers must be a whole number of at least 1 (got ${workers})`);
  const net = logitsModel(model);
  const shape = inputShapeOf(model);
  const variables = trainableVariables(model);
  const stats: DataParallelStats = { maxGradientDiff: 0, bytesSent: 0, slowestShardMs: 0, allShardsMs: 0 };

  const hooks: TrainHooks = {
    gradients(grads, _step, indices) {
      const n = indices.length;
      const buffers: Float32Array[] = [];
      stats.slowestShardMs = 0;
      stats.allShardsMs = 0;
      for (const [a, b] of shardBounds(n, workers)) {
        const shard = indices.subarray(a, b);
        const started = performance.now();
        const { x, y } = batchOf(data, shard, shape);
        const { value, grads: g } = variableGrads(() => tf.mul(crossEntropy(net.apply(x) as tf.Tensor2D, y), shard.length / n) as tf.Scalar, variables);
        buffers.push(flatten(variables, g));
        tf.dispose([x, y, value, g]);
        const ms = performance.now() - started;
        stats.slowestShardMs = Math.max(stats.slowestShardMs, ms);
        stats.allShardsMs += ms;
      }
      const { sums, bytesSent } = ringAllReduce(buffers);
      stats.bytesSent = Math.max(...bytesSent);
      stats.maxGradientDiff = maxAbsDifference(sums[0], flatten(variables, grads));
      tf.dispose(grads);
      return unflatten(variables, sums[0]);
    },
  };
  return { hooks, stats };
}

/** Largest |difference| between the weights of two models of one architecture. */
export function maxWeightDifference(a: tf.LayersModel, b: tf.LayersModel): number {
  const wb = b.getWeights();
  return Math.max(0, ...a.getWeights().map((w, i) => maxAbsDifference(w.dataSync(), wb[i].dataSync())));
}

/** Mean of per-step values, leaving out the first step (compiling, allocating) when there are more. */
export function meanAfterFirst(values: readonly number[]): number {
  const kept = values.length > 1 ? values.slice(1) : values;
  return kept.reduce((a, b) => a + b, 0) / kept.length;
}

/**
 * The reference: `model` trained in this worker on whole batches with SGD; the phases of every
 * step. Progress counts on from `stepsDone` of the job's two runs.
 */
export async function trainWholeBatches(
  model: tf.LayersModel, data: LabelledImages, settings: DataParallelSettings, io: Pick<JobIO<DataParallelStep>, 'signal' | 'progress' | 'partial'>, stepsDone = 0,
): Promise<StepPhases[]> {
  const phases: StepPhases[] = [];
  await trainModel(model, data, {
    steps: settings.steps, batchSize: settings.batchSize, learningRate: settings.learningRate, seed: settings.seed, optimizer: 'sgd', signal: io.signal,
    onStep: ({ step, loss, phases: p }) => {
      phases.push(p);
      io.partial({ run: 'single', step, loss });
      io.progress({ phase: 'train', label: 'one worker, whole batches', done: stepsDone + step, total: 2 * settings.steps, loss });
    },
  });
  return phases;
}

/**
 * Trains the architecture twice from the same seed and batches with SGD: once on whole batches,
 * once with every batch split over `workers` simulated devices whose gradients are summed by the
 * engine's ring all-reduce. Reports how far the gradients and final weights differ, the bytes
 * each device sends, and the gradient times.
 */
export async function simulatedDataParallel(settings: DataParallelSettings, data: LabelledImages, io: JobIO<DataParallelStep>): Promise<SimulatedParallelResult> {
  const single = buildModel(settings.model, settings.seed);
  const parallel = buildModel(settings.model, settings.seed);
  try {
    const phases = await trainWholeBatches(single, data, settings, io);
    const dp = dataParallelHooks(parallel, data, settings.workers);
    let maxGradientDiff = 0;
    let slowest = 0;
    let all = 0;
    await trainModel(parallel, data, {
      steps: settings.steps, batchSize: settings.batchSize, learningRate: settings.learningRate, seed: settings.seed, optimizer: 'sgd', signal: io.signal,
      ...dp.hooks,
      onStep: ({ step, loss }) => {
        maxGradientDiff = Math.max(maxGradientDiff, dp.stats.maxGradientDiff);
        slowest += dp.stats.slowestShardMs;
        all += dp.stats.allShardsMs;
        io.partial({ run: 'parallel', step, loss, gradientDiff: dp.stats.maxGradientDiff });
        io.progress({ phase: 'train', label: `${settings.workers} simulated workers`, done: settings.steps + step, total: 2 * settings.steps, loss });
      },
    });
    return {
      mode: 'simulated', workers: settings.workers, maxGradientDiff, maxWeightDiff: maxWeightDifference(single, parallel), bytesPerStep: dp.stats.bytesSent,
      wholeBatchMs: phases.reduce((s, p) => s + p.forward + p.backward, 0) / settings.steps, slowestShardMs: slowest / settings.steps, allShardsMs: all / settings.steps,
    };
  } finally {
    single.dispose();
    parallel.dispose();
  }
}
