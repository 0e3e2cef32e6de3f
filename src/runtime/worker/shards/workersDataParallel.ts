// The real-workers mode of lesson 8's data-parallel comparison: the same batches trained with
// every batch's gradient computed by shard workers, then the same whole-batch reference run as
// the simulated mode; the weights are compared, the steps timed, the messages counted, and the job checks
// that it leaves no tensor and no shard worker behind.
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../contract/names';
import type { DataParallelSettings, DataParallelStep, WorkersParallelResult } from '../../contract/training';
import { maxWeightDifference, meanAfterFirst, trainWholeBatches } from '../dataParallel';
import type { JobIO } from '../defineJobs';
import type { LabelledImages } from '../evaluate';
import { buildModel } from '../models';
import { runningShards, startShardPool, type ShardPool, type SpawnShard } from './shardPool';
import { trainOnShards, type ShardedStep } from './trainOnShards';

const shardWorkers = (n: number) => `${n} shard worker${n === 1 ? '' : 's'}`;

type Measured = Omit<WorkersParallelResult, 'tensorsAfter' | 'shardWorkersAfter'>;

export async function workersDataParallel(
  settings: DataParallelSettings, data: LabelledImages, backend: BackendName, spawn: SpawnShard, io: JobIO<DataParallelStep>,
): Promise<WorkersParallelResult> {
  const tensorsBefore = tf.memory().numTensors;
  const shardWorkersBefore = runningShards();
  const single = buildModel(settings.model, settings.seed);
  const parallel = buildModel(settings.model, settings.seed);
  let pool: ShardPool | undefined;
  let measured: Measured;
  try {
    // The shards first, so that a cancel stops them at once and the reference run below has the
    // processor to itself (the shard workers are terminated before it starts).
    io.progress({ phase: 'train', label: `starting ${shardWorkers(settings.workers)}`, done: 0, total: 2 * settings.steps });
    const started = performance.now();
    pool = await startShardPool(settings.workers, spawn, { model: settings.model, backend, signal: io.signal });
    const startupMs = performance.now() - started;
    const steps: ShardedStep[] = [];
    await trainOnShards(parallel, data, pool, {
      ...settings, signal: io.signal,
      onStep: (s) => {
        steps.push(s);
        io.partial({ run: 'parallel', step: s.step, loss: s.loss });
        io.progress({ phase: 'train', label: shardWorkers(settings.workers), done: s.step, total: 2 * settings.steps, loss: s.loss });
      },
    });
    const backends = pool.backends;
    pool.close();
    const phases = await trainWholeBatches(single, data, settings, io, settings.steps);
    const wholeStepMs = meanAfterFirst(phases.map((p) => p.data + p.forward + p.backward + p.optimizer));
    const shardedStepMs = meanAfterFirst(steps.map((s) => s.stepMs));
    measured = {
      mode: 'workers', workers: settings.workers, cores: typeof navigator === 'undefined' ? 0 : navigator.hardwareConcurrency, shardBackend: backends[0].name, startupMs,
      maxWeightDiff: maxWeightDifference(single, parallel),
      wholeBatchMs: meanAfterFirst(phases.map((p) => p.forward + p.backward)),
      wholeStepMs, shardedStepMs, speedup: wholeStepMs / shardedStepMs,
      slowestComputeMs: meanAfterFirst(steps.map((s) => s.slowestComputeMs)),
      messagingMs: meanAfterFirst(steps.map((s) => s.messagingMs)),
      bytesToShard: steps[0].bytesToShard, bytesFromShard: steps[0].bytesFromShard,
      tensorsBefore, shardWorkersBefore,
    };
  } finally {
    pool?.close();
    single.dispose();
    parallel.dispose();
  }
  return { ...measured, tensorsAfter: tf.memory().numTensors, shardWorkersAfter: runningShards() };
}
