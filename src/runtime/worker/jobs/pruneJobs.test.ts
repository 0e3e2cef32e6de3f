import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAbortError } from '../../contract/abort';
import { artifactsOf, publicFetch } from '../testing/fixtures';
import { createModelHost } from '../host';

const base = 'http://course.test/prune/';
afterEach(() => vi.unstubAllGlobals());

/** A small untrained 784 → 32 → 16 → 10 MLP with the zoo's layer names. */
function mlp(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [784], units: 32, activation: 'relu', name: 'dense1', kernelInitializer: tf.initializers.heNormal({ seed: 1 }) }));
  m.add(tf.layers.dense({ units: 16, activation: 'relu', name: 'dense2', kernelInitializer: tf.initializers.heNormal({ seed: 2 }) }));
  m.add(tf.layers.dense({ units: 10, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  m.add(tf.layers.activation({ activation: 'softmax', name: 'softmax' }));
  return m;
}

async function hostWithMlp() {
  vi.stubGlobal('fetch', publicFetch(base));
  const host = createModelHost();
  await host.init('cpu', base);
  const model = mlp();
  await host.loadModel({ kind: 'artifacts', key: 'mlp', artifacts: await artifactsOf(model) });
  model.dispose();
  return host;
}

const zeros = (a: Float32Array) => a.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);

describe('the pruning jobs of the model host', () => {
  it('prune a copy (the parent keeps its weights) and retrain it with the masks held', async () => {
    const host = await hostWithMlp();
    const pruned = await host.pruneModel('mlp', 'mlp:pruned', { method: 'magnitude', sparsity: 0.8 }, 'j1');
    const kept = (784 * 32 - Math.round(0.8 * 784 * 32)) + (512 - Math.round(0.8 * 512)) + (160 - Math.round(0.8 * 160));
    expect(pruned.report.nonzeroParams).toBe(kept + 58);
    expect(pruned.total).toBe(10000);
    expect(zeros(await host.weightValues('mlp', 'dense1/kernel'))).toBe(0);
    const phases = new Set<string>();
    const retrained = await host.retrainPruned('mlp:pruned', { steps: 30, batchSize: 32, learningRate: 1e-3, seed: 1 }, 'j2', (p) => phases.add(p.phase));
    expect(retrained.report.nonzeroParams).toBe(kept + 58);
    expect(retrained.accuracy).toBeGreaterThan(pruned.accuracy);
    expect(phases.has('train')).toBe(true);
    host.dispose();
  }, 60_000);

  it('keeps the last finished step, still pruned, when retraining is cancelled', async () => {
    const host = await hostWithMlp();
    await host.pruneModel('mlp', 'mlp:pruned', { method: 'global', sparsity: 0.9 }, 'j1');
    const before = await host.weightValues('mlp:pruned', 'dense2/kernel');
    const err = await host.retrainPruned('mlp:pruned', { steps: 500, batchSize: 32, learningRate: 1e-3, seed: 1 }, 'j2', (p) => {
      if (p.phase === 'train' && p.done === 3) host.cancel('j2');
    }).catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    const after = await host.weightValues('mlp:pruned', 'dense2/kernel');
    expect(Array.from(after)).not.toEqual(Array.from(before));
    before.forEach((w, i) => { if (w === 0) expect(after[i] === 0).toBe(true); }); // +0 or −0
    host.dispose();
  }, 60_000);

  it('builds a smaller model under a new key and times it against the masked one', async () => {
    const host = await hostWithMlp();
    const small = await host.pruneStructured('mlp', 'mlp:small', 0.5, 'l2', 'j1');
    expect(small.layers).toEqual([{ layer: 'dense1', before: 32, after: 16, keptOne: false }, { layer: 'dense2', before: 16, after: 8, keptOne: false }]);
    expect(small.paramsAfter).toBe(784 * 16 + 16 + 16 * 8 + 8 + 8 * 10 + 10);
    expect((await host.weightValues('mlp:small', 'dense1/kernel')).length).toBe(784 * 16);
    expect((await host.weightValues('mlp:small', 'dense2/kernel')).length).toBe(16 * 8);
    await host.pruneModel('mlp', 'mlp:pruned', { method: 'magnitude', sparsity: 0.5 }, 'j2');
    const speed = await host.compareLatency('mlp:pruned', 'mlp:small', 8, 'j3');
    expect(speed.dense.batchSize).toBe(8);
    expect(speed.small.runs).toBeGreaterThanOrEqual(5);
    const products = await host.productTimings('mlp', [0, 0.9], 4, 'j4');
    expect(products.map((p) => p.nonzeros)).toEqual([784 * 32, 784 * 32 - Math.round(0.9 * 784 * 32)]);
    expect(products.every((p) => p.csrMs > 0 && p.denseMs > 0)).toBe(true);
    await expect(host.pruneStructured('mlp', 'mlp', 0.5, 'l1', 'j5')).rejects.toThrow('a key other than "mlp"');
    host.dispose();
  }, 60_000);
});
