import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAbortError } from '../../contract/abort';
import { artifactsOf, publicFetch } from '../testing/fixtures';
import { createModelHost } from '../host';
import type { QuantProgress, SweepResult } from './quantJobs';

const base = 'http://course.test/quant/';
afterEach(() => vi.unstubAllGlobals());

/** A small untrained MLP 784 → 16 (ReLU) → 10 → softmax, seeded: quick on the cpu backend. */
async function hostWithMlp() {
  vi.stubGlobal('fetch', publicFetch(base));
  const host = createModelHost();
  await host.init('cpu', base);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [784], units: 16, activation: 'relu', name: 'dense1', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }));
  model.add(tf.layers.dense({ units: 10, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: 6 }) }));
  model.add(tf.layers.activation({ activation: 'softmax', name: 'softmax' }));
  await host.loadModel({ kind: 'artifacts', key: 'mlp', artifacts: await artifactsOf(model) });
  model.dispose();
  return host;
}

const w8 = { bits: 8, granularity: 'tensor', scheme: 'symmetric' } as const;

describe('the quantization jobs of the model host', () => {
  it('scores weight-quantized copies like evaluate() does, and activation settings from a cache without leaking', async () => {
    const host = await hostWithMlp();
    const phases = new Set<string>();
    const weightsOnly = await host.quantEvaluate('mlp', 'mlp:q', { weights: { ...w8, bits: 3 }, activations: null }, 'a', (p: QuantProgress) => phases.add(p.phase));
    const direct = await host.evaluate('mlp:q', 'b');
    expect(weightsOnly.correct).toBe(direct.correct);
    expect(weightsOnly.report?.layers.map((l) => l.weight)).toEqual(['dense1/kernel', 'logits/kernel']);
    expect([...phases]).toEqual(['data', 'evaluate']);

    const float = await host.evaluate('mlp', 'c');
    const act16 = await host.quantEvaluate('mlp', 'mlp:q', { weights: null, activations: { bits: 16, method: 'minmax', percentile: 99, calibrationImages: 200 } }, 'd');
    expect(act16.ranges.map((r) => r.layer)).toEqual(['dense1', 'logits']);
    expect(Math.abs(act16.correct - float.correct)).toBeLessThanOrEqual(2);

    const before = host.memory().numTensors;
    for (const bits of [8, 4, 2]) await host.quantEvaluate('mlp', 'mlp:q', { weights: null, activations: { bits, method: 'percentile', percentile: 99.9, calibrationImages: 200 } }, `e${bits}`);
    expect(host.memory().numTensors).toBe(before);
    await expect(host.quantEvaluate('mlp', 'mlp:q', { weights: null, activations: { bits: 8, method: 'minmax', percentile: 99, calibrationImages: 0 } }, 'f'))
      .rejects.toThrow('at least 1 (got 0)');
    host.dispose();
  });

  it('sweeps points in order, streaming each, with the float32 reference and casts; a cancel stops it', async () => {
    const host = await hostWithMlp();
    const streamed: SweepResult[] = [];
    const points = [{ id: 'float32', float32: true as const }, { id: 'w8', spec: w8 }, { id: 'bin', spec: { ...w8, bits: 1 } }, { id: 'e4m3', cast: 'fp8e4m3' as const }];
    const results = await host.sweepWeights('mlp', points, 500, 's1', (r: SweepResult) => streamed.push(r));
    expect(results.map((r) => r.id)).toEqual(['float32', 'w8', 'bin', 'e4m3']);
    expect(streamed).toEqual(results);
    const float = results[0];
    expect(float.bytes).toBe((784 * 16 + 16 + 16 * 10 + 10) * 4);
    // 8-bit weights of a 16-unit net change at most a few of 500 predictions.
    expect(Math.abs(results[1].accuracy - float.accuracy)).toBeLessThanOrEqual(0.01);
    expect(results[3].bytes).toBe(784 * 16 + 16 * 10 + (16 + 10) * 4);
    const run = host.sweepWeights('mlp', points, 500, 's2');
    host.cancel('s2');
    await expect(run).rejects.toSatisfy(isAbortError);
    host.dispose();
  });

  it('trains with QAT and reports the PTQ accuracy of the same spec next to it', async () => {
    const host = await hostWithMlp();
    const spec = { ...w8, bits: 2 };
    const steps: number[] = [];
    const r = await host.trainQat('mlp', 'mlp:qat', { spec, steps: 30, batchSize: 32, learningRate: 0.01, seed: 1 }, 1000, 't', (p: QuantProgress) => { if (p.phase === 'train') steps.push(p.step); });
    expect(steps).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(r.losses).toHaveLength(30);
    const ptq = await host.sweepWeights('mlp', [{ id: 'p', spec }], 1000, 'u');
    expect(r.ptqAccuracy).toBe(ptq[0].accuracy);
    // 30 steps from an untrained net learn something: far above the untrained net's accuracy.
    expect(r.accuracy).toBeGreaterThan(ptq[0].accuracy + 0.2);
    host.dispose();
  });
});
