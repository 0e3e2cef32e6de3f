import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAbortError } from '../../contract/abort';
import type { DataParallelSettings, DataParallelStep } from '../../contract/training';
import { pickerData } from '../testing/fixtures';
import { inProcessShards } from '../testing/inProcessShards';
import { runningShards } from './shardPool';
import { workersDataParallel } from './workersDataParallel';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = pickerData(120);
const settings: DataParallelSettings = { model: 'lenet-300-100', mode: 'workers', workers: 2, steps: 3, batchSize: 20, learningRate: 0.1, seed: 2 };

function io(onPartial?: (p: DataParallelStep) => void, signal = new AbortController().signal) {
  return { signal, progress: () => {}, partial: onPartial ?? (() => {}) };
}

describe('data parallelism over shard workers', () => {
  it('trains 3 shards (batch 20 cut 6, 7, 7) to the weights of whole-batch training, to float rounding, and leaves nothing behind', async () => {
    const { spawn, counts } = inProcessShards();
    const steps: DataParallelStep[] = [];
    const r = await workersDataParallel({ ...settings, workers: 3 }, data, 'cpu', spawn, io((p) => steps.push(p)));
    expect(r.maxWeightDiff).toBeLessThan(1e-6);
    const losses = (run: DataParallelStep['run']) => steps.filter((s) => s.run === run).map((s) => s.loss);
    expect(losses('parallel')).toHaveLength(3);
    losses('parallel').forEach((l, i) => expect(l).toBeCloseTo(losses('single')[i], 5));
    // Each shard gets the 266,610 weights (4 bytes each) and its 6 or 7 images of 784 bytes with their labels.
    expect(r.bytesToShard).toBe(266610 * 4 + 7 * 785);
    expect(r.bytesFromShard).toBe(266610 * 4);
    expect(r.tensorsAfter).toBe(r.tensorsBefore);
    expect(counts).toEqual({ spawned: 3, terminated: 3 });
    expect([r.shardWorkersBefore, r.shardWorkersAfter]).toEqual([0, 0]);
  });

  it('reports a shard that sends wrong gradients as a weight difference far above rounding', async () => {
    const { spawn } = inProcessShards({ scaleGradients: 1.5 });
    const r = await workersDataParallel(settings, data, 'cpu', spawn, io());
    expect(r.maxWeightDiff).toBeGreaterThan(1e-3);
    expect(r.speedup).toBeGreaterThan(0);
    expect(r.messagingMs).toBeGreaterThanOrEqual(0);
  });

  it('terminates every shard and frees every tensor on cancel and on a shard’s error', async () => {
    const before = tf.memory().numTensors;
    const cancelled = inProcessShards();
    const controller = new AbortController();
    const run = workersDataParallel({ ...settings, steps: 8 }, data, 'cpu', cancelled.spawn, io((p) => {
      if (p.run === 'parallel' && p.step === 2) controller.abort();
    }, controller.signal));
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(cancelled.counts).toEqual({ spawned: 2, terminated: 2 });

    const failing = inProcessShards({ failAtStep: 2 });
    await expect(workersDataParallel(settings, data, 'cpu', failing.spawn, io())).rejects.toThrow('shard worker 1: failing at step 2 as asked');
    expect(failing.counts).toEqual({ spawned: 2, terminated: 2 });
    expect(runningShards()).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
