import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAbortError } from '../../contract/abort';
import type { JobProgress } from '../../contract/jobs';
import type { SweepResult } from '../../contract/quant';
import { artifactsOf, publicFetch } from '../testing/fixtures';
import { startedHost } from '../testing/startedHost';

const base = 'http://course.test/quant/';
afterEach(() => vi.unstubAllGlobals());

/** A small untrained MLP 784 → 16 (ReLU) → 10 → softmax, seeded: quick on the cpu backend. */
async function hostWithMlp() {
  vi.stubGlobal('fetch', publicFetch(base));
  const { host, jobs } = await startedHost(base);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [784], units: 16, activation: 'relu', name: 'dense1', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }));
  model.add(tf.layers.dense({ units: 10, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: 6 }) }));
  model.add(tf.layers.activation({ activation: 'softmax', name: 'softmax' }));
  await jobs.models.load({ kind: 'artifacts', key: 'mlp', artifacts: await artifactsOf(model) });
  model.dispose();
  return { host, jobs };
}

const w8 = { bits: 8, granularity: 'tensor', scheme: 'symmetric' } as const;

describe('the quantization jobs of the model host', () => {
  it('scores weight-quantized copies like evaluate() does, and activation settings from a cache without leaking', async () => {
    const { host, jobs } = await hostWithMlp();
    const phases = new Set<string>();
    const weightsOnly = await jobs.quant.evaluate({ key: 'mlp', newKey: 'mlp:q', weights: { ...w8, bits: 3 }, activations: null }, { onProgress: (p: JobProgress) => phases.add(p.phase) });
    const direct = await jobs.models.evaluate({ key: 'mlp:q' });
    expect(weightsOnly.correct).toBe(direct.correct);
    expect(weightsOnly.report?.layers.map((l) => l.weight)).toEqual(['dense1/kernel', 'logits/kernel']);
    expect([...phases]).toEqual(['data', 'evaluate']);

    const float = await jobs.models.evaluate({ key: 'mlp' });
    const act16 = await jobs.quant.evaluate({ key: 'mlp', newKey: 'mlp:q', weights: null, activations: { bits: 16, method: 'minmax', percentile: 99, calibrationImages: 200 } });
    expect(act16.ranges.map((r) => r.layer)).toEqual(['dense1', 'logits']);
    expect(Math.abs(act16.correct - float.correct)).toBeLessThanOrEqual(2);

    const before = host.memory().numTensors;
    for (const bits of [8, 4, 2]) await jobs.quant.evaluate({ key: 'mlp', newKey: 'mlp:q', weights: null, activations: { bits, method: 'percentile', percentile: 99.9, calibrationImages: 200 } });
    expect(host.memory().numTensors).toBe(before);
    await expect(jobs.quant.evaluate({ key: 'mlp', newKey: 'mlp:q', weights: null, activations: { bits: 8, method: 'minmax', percentile: 99, calibrationImages: 0 } }))
      .rejects.toThrow('at least 1 (got 0)');
    host.dispose();
  });

  it('sweeps points in order, streaming each, with the float32 reference and casts; a cancel stops it', async () => {
    const { host, jobs } = await hostWithMlp();
    const streamed: SweepResult[] = [];
    const points = [{ id: 'float32', float32: true as const }, { id: 'w8', spec: w8 }, { id: 'bin', spec: { ...w8, bits: 1 } }, { id: 'e4m3', cast: 'fp8e4m3' as const }];
    const results = await jobs.quant.sweep({ key: 'mlp', points, testImages: 500 }, { onPartial: (r: SweepResult) => streamed.push(r) });
    expect(results.map((r) => r.id)).toEqual(['float32', 'w8', 'bin', 'e4m3']);
    expect(streamed).toEqual(results);
    const float = results[0];
    expect(float.bytes).toBe((784 * 16 + 16 + 16 * 10 + 10) * 4);
    // 8-bit weights of a 16-unit net change at most a few of 500 predictions.
    expect(Math.abs(results[1].accuracy - float.accuracy)).toBeLessThanOrEqual(0.01);
    expect(results[3].bytes).toBe(784 * 16 + 16 * 10 + (16 + 10) * 4);
    const controller = new AbortController();
    const run = jobs.quant.sweep({ key: 'mlp', points, testImages: 500 }, { signal: controller.signal });
    controller.abort();
    await expect(run).rejects.toSatisfy(isAbortError);
    host.dispose();
  });

  it('trains with QAT and reports the PTQ accuracy of the same spec next to it', async () => {
    const { host, jobs } = await hostWithMlp();
    const spec = { ...w8, bits: 2 };
    const steps: number[] = [];
    const r = await jobs.quant.trainQat({ key: 'mlp', newKey: 'mlp:qat', spec, steps: 30, batchSize: 32, learningRate: 0.01, seed: 1, testImages: 1000 }, { onProgress: (p: JobProgress) => { if (p.phase === 'train') steps.push(p.done!); } });
    expect(steps).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(r.losses).toHaveLength(30);
    const ptq = await jobs.quant.sweep({ key: 'mlp', points: [{ id: 'p', spec }], testImages: 1000 });
    expect(r.ptqAccuracy).toBe(ptq[0].accuracy);
    // 30 steps from an untrained net learn something: far above the untrained net's accuracy.
    expect(r.accuracy).toBeGreaterThan(ptq[0].accuracy + 0.2);
    host.dispose();
  });

  it('hands out a kernel and its quantized values: at most 2^bits levels, each weight within half a step', async () => {
    const { host, jobs } = await hostWithMlp();
    const { values, quantized } = await jobs.quant.quantizedKernel({ key: 'mlp', weight: 'logits/kernel', spec: { ...w8, bits: 3 } });
    expect(values).toEqual(await jobs.quant.weightValues({ key: 'mlp', weight: 'logits/kernel' }));
    expect(quantized).toHaveLength(16 * 10);
    // Symmetric 3 bits: s = max|w| / 3, levels −4s … 3s; the largest positive weight may clip to 3s.
    const s = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0) / 3;
    expect(new Set(quantized).size).toBeLessThanOrEqual(8);
    for (let i = 0; i < values.length; i++) {
      expect(Math.abs(quantized[i] - values[i])).toBeLessThanOrEqual(s / 2 + 1e-6);
      expect(Math.abs(Math.round(quantized[i] / s) - quantized[i] / s)).toBeLessThan(1e-4);
    }
    await expect(jobs.quant.quantizedKernel({ key: 'mlp', weight: 'logits/bias', spec: w8 })).rejects.toThrow('logits/bias is not a kernel of mlp');
    host.dispose();
  });
});

