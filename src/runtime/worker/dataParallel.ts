// Data parallelism simulated in one worker: each batch is cut into shards, one per simulated
// device; each shard's gradient is computed on its own, the shards' gradients are summed with the
// engine's ring all-reduce (which also counts the bytes each device would send), and the step uses
// that sum. The shards run one after another here; the timings say what n devices would take.
import * as tf from '@tensorflow/tfjs';
import { ringAllReduce } from '../../engine';
import type { LabelledImages } from './evaluate';
import { inputShapeOf } from './evaluate';
import { logitsModel } from './models';
import { variableGrads } from './gradients';
import { batchOf, crossEntropy, type TrainHooks } from './train';

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
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const stats: DataParallelStats = { maxGradientDiff: 0, bytesSent: 0, slowestShardMs: 0, allShardsMs: 0 };

  const hooks: TrainHooks = {
    gradients(grads, _step, indices) {
      const n = indices.length;
      if (n < workers) throw new Error(`a batch of ${n} cannot be split over ${workers} workers`);
      const buffers: Float32Array[] = [];
      stats.slowestShardMs = 0;
      stats.allShardsMs = 0;
      for (let k = 0; k < workers; k++) {
        const shard = indices.subarray(Math.floor((k * n) / workers), Math.floor(((k + 1) * n) / workers));
        const started = performance.now();
        const { x, y } = batchOf(data, shard, shape);
        const { value, grads: g } = variableGrads(() => tf.mul(crossEntropy(net.apply(x) as tf.Tensor2D, y), shard.length / n) as tf.Scalar, variables);
        const flat = new Float32Array(variables.reduce((s, v) => s + v.size, 0));
        let offset = 0;
        for (const v of variables) {
          flat.set(g[v.name].dataSync(), offset);
          offset += v.size;
        }
        tf.dispose([x, y, value, g]);
        const ms = performance.now() - started;
        stats.slowestShardMs = Math.max(stats.slowestShardMs, ms);
        stats.allShardsMs += ms;
        buffers.push(flat);
      }
      const { sums, bytesSent } = ringAllReduce(buffers);
      stats.bytesSent = Math.max(...bytesSent);
      const out: tf.NamedTensorMap = {};
      let offset = 0;
      let diff = 0;
      for (const v of variables) {
        const part = sums[0].subarray(offset, offset + v.size);
        const whole = grads[v.name].dataSync();
        for (let i = 0; i < part.length; i++) diff = Math.max(diff, Math.abs(part[i] - whole[i]));
        out[v.name] = tf.tensor(part, v.shape);
        offset += v.size;
      }
      stats.maxGradientDiff = diff;
      tf.dispose(grads);
      return out;
    },
  };
  return { hooks, stats };
}
