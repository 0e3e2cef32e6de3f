// Data parallelism with real workers: the model worker plays the parameter server. Each step it
// cuts the batch into one shard per worker, sends every shard worker the weights and its shard,
// averages the gradients they send back (weighted by shard size: the whole batch's gradient) and
// takes the SGD step itself. Batches come from the same seeded schedule as trainModel's, so a run
// here and a trainModel run from the same start see the same batches.
import * as tf from '@tensorflow/tfjs';
import { averageShardGradients, shardBounds } from '../../../engine';
import { abortError, yieldToEventLoop } from '../../contract/abort';
import type { LabelledImages } from '../evaluate';
import { flatten, trainableVariables, unflatten } from '../flatWeights';
import { batchSchedule } from '../train';
import type { ShardPool } from './shardPool';

/** One finished step of a sharded run. */
export interface ShardedStep {
  step: number;
  /** The batch's mean loss before the update (the size-weighted mean of the shards' losses). */
  loss: number;
  /** Wall time of the whole step in the model worker: cutting, sending, waiting, averaging, updating. */
  stepMs: number;
  /** The slowest shard's own time. */
  slowestComputeMs: number;
  /** Mean over shards of round trip minus the shard's own time: postMessage both ways and waiting to be scheduled. */
  messagingMs: number;
  /** Bytes sent to one shard (largest) and received from one shard, this step. */
  bytesToShard: number;
  bytesFromShard: number;
}

export interface ShardedOptions {
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  signal?: AbortSignal;
  onStep?(s: ShardedStep): void;
}

/** The images at `indices` and their labels, copied into arrays of their own (they are transferred). */
export function gatherExamples(data: LabelledImages, indices: ArrayLike<number>): LabelledImages {
  const pixels = data.images.length / data.count;
  const images = new Uint8Array(indices.length * pixels);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    images.set(data.images.subarray(indices[k] * pixels, (indices[k] + 1) * pixels), k * pixels);
    labels[k] = data.labels[indices[k]];
  }
  return { count: indices.length, images, labels };
}

/** Trains `model` in place with plain SGD, each batch's gradient computed by the pool's shards. */
export async function trainOnShards(model: tf.LayersModel, data: LabelledImages, pool: ShardPool, options: ShardedOptions): Promise<void> {
  const { steps, batchSize, signal } = options;
  const variables = trainableVariables(model);
  const optimizer = tf.train.sgd(options.learningRate);
  const nextBatch = batchSchedule(Int32Array.from({ length: data.count }, (_, i) => i), batchSize, options.seed);
  try {
    for (let step = 1; step <= steps; step++) {
      if (signal?.aborted) throw abortError();
      const started = performance.now();
      const indices = nextBatch();
      const bounds = shardBounds(indices.length, pool.size);
      const sizes = bounds.map(([a, b]) => b - a);
      const answers = await pool.step(step, flatten(variables), bounds.map(([a, b]) => gatherExamples(data, indices.subarray(a, b))));
      const loss = answers.reduce((s, a, k) => s + sizes[k] * a.loss, 0) / indices.length;
      if (!Number.isFinite(loss)) throw new Error(`the loss became ${loss} at step ${step}; the learning rate is probably too high`);
      const grads = unflatten(variables, averageShardGradients(answers.map((a) => a.gradients), sizes));
      try {
        optimizer.applyGradients(grads);
      } finally {
        tf.dispose(grads);
      }
      options.onStep?.({
        step, loss, stepMs: performance.now() - started,
        slowestComputeMs: Math.max(...answers.map((a) => a.computeMs)),
        messagingMs: answers.reduce((s, a) => s + a.roundTripMs - a.computeMs, 0) / answers.length,
        bytesToShard: Math.max(...answers.map((a) => a.bytesSent)),
        bytesFromShard: Math.max(...answers.map((a) => a.bytesReceived)),
      });
      await yieldToEventLoop();
    }
  } finally {
    optimizer.dispose();
  }
}
