import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ringAllReduceBytes } from '../../../engine';
import type { PrecisionStep } from '../../contract/training';
import { publicFetch } from '../testing/fixtures';
import { startedHost } from '../testing/startedHost';

const base = 'http://course.test/training/';
afterEach(() => vi.unstubAllGlobals());

const settings = {
  model: 'lenet-300-100' as const, modes: ['fp32' as const, 'fp16-master-scaled' as const], steps: 4, batchSize: 32,
  learningRate: 0.1, seed: 1, initialScale: 2 ** 16, growthInterval: 2,
};

describe('the training jobs of the model host', () => {
  it('train in two precisions from the same start, streaming every step, without leaking tensors', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { host, jobs } = await startedHost(base);
    const steps: PrecisionStep[] = [];
    await jobs.training.precisionRuns({ ...settings, modes: ['fp32'], steps: 1 });
    const before = tf.memory().numTensors;
    const results = await jobs.training.precisionRuns(settings, { onPartial: (p) => steps.push(p) });
    expect(tf.memory().numTensors).toBe(before);
    expect(results.map((r) => r.mode)).toEqual(settings.modes);
    expect(steps).toHaveLength(8);
    // Same seed, same batches: the first loss is the same in both precisions up to fp16 rounding of the weights.
    expect(steps[4].loss).toBeCloseTo(steps[0].loss, 2);
    expect(steps.filter((s) => s.mode === 'fp32').every((s) => s.scale === 1)).toBe(true);
    // Scale 2^16 with growth every 2 good steps doubles unless a step overflows.
    const scales = steps.filter((s) => s.mode === 'fp16-master-scaled').map((s) => s.scale);
    expect(scales[0]).toBe(2 ** 16);
    for (const r of results) expect(r.accuracy).toBeGreaterThan(0.2);
    host.dispose();
  }, 60_000);

  it('give the real gradients of one step and time the phases of a step', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { host, jobs } = await startedHost(base);
    const g = await jobs.training.gradients({ model: 'lenet-300-100', batchSize: 64, seed: 1 });
    expect(g.values).toHaveLength(266610);
    expect(g.parts.map((p) => p.length)).toEqual([235200, 300, 30000, 100, 1000, 10]);
    expect(g.loss).toBeGreaterThan(0);
    expect(g.loss).toBeLessThan(1);
    const again = await jobs.training.gradients({ model: 'lenet-300-100', batchSize: 64, seed: 1 });
    expect(Array.from(again.values.subarray(0, 1000))).toEqual(Array.from(g.values.subarray(0, 1000)));
    const t = await jobs.training.timeSteps({ model: 'lenet-300-100', batchSize: 64, steps: 3 });
    for (const v of [t.data, t.forward, t.backward, t.optimizer]) expect(v).toBeGreaterThan(0);
    host.dispose();
  }, 60_000);

  it('train on 4 simulated workers to the same weights as one worker on whole batches, to float rounding', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { host, jobs } = await startedHost(base);
    const dp = { model: 'lenet-300-100' as const, mode: 'simulated' as const, workers: 4, steps: 3, batchSize: 32, learningRate: 0.1, seed: 2 };
    await jobs.training.dataParallel({ ...dp, steps: 1 });
    const before = tf.memory().numTensors;
    const r = await jobs.training.dataParallel(dp);
    expect(tf.memory().numTensors).toBe(before);
    if (r.mode !== 'simulated') throw new Error(`asked for a simulated run, got ${r.mode}`);
    expect(r.maxGradientDiff).toBeGreaterThan(0); // summed in another order...
    expect(r.maxGradientDiff).toBeLessThan(1e-6); // ...but the same gradient
    expect(r.maxWeightDiff).toBeLessThan(1e-6);
    // 266,610 floats cut into chunks of 66,652 or 66,653: within one float of 2(n − 1)/n of the buffer.
    expect(Math.abs(r.bytesPerStep - ringAllReduceBytes(266610 * 4, 4))).toBeLessThanOrEqual(4);
    await expect(jobs.training.dataParallel({ ...dp, workers: 0 })).rejects.toThrow(/workers must be a whole number from 1 to 8 \(got 0\)/);
    await expect(jobs.training.dataParallel({ ...dp, batchSize: 2 })).rejects.toThrow(/a batch of 2 cannot be split over 4 workers/);
    await expect(jobs.training.dataParallel({ ...dp, mode: 'workers', workers: 5 })).rejects.toThrow(/real workers must be a whole number from 1 to 4 \(got 5\)/);
    host.dispose();
  }, 60_000);

  it('name bad settings', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { host, jobs } = await startedHost(base);
    await expect(jobs.training.precisionRuns({ ...settings, initialScale: 0 })).rejects.toThrow(/loss scale must be a number from 2\^-10 to 2\^40 \(got 0\)/);
    await expect(jobs.training.precisionRuns({ ...settings, modes: [] })).rejects.toThrow(/at least one/);
    await expect(jobs.training.precisionRuns({ ...settings, steps: 0 })).rejects.toThrow(/steps/);
    await expect(jobs.training.gradients({ model: 'lenet-300-100', batchSize: 0, seed: 1 })).rejects.toThrow(/batch size/);
    host.dispose();
  });
});
