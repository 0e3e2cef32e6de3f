import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAbortError } from '../../contract/abort';
import { hostWithSmallMlp } from '../testing/startedHost';

const base = 'http://course.test/prune/';
afterEach(() => vi.unstubAllGlobals());

const hostWithMlp = () => hostWithSmallMlp(base);

const zeros = (a: Float32Array) => a.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);

describe('the pruning jobs of the model host', () => {
  it('prune a copy (the parent keeps its weights) and retrain it with the masks held', async () => {
    const { host, jobs } = await hostWithMlp();
    const pruned = await jobs.prune.prune({ key: 'mlp', newKey: 'mlp:pruned', spec: { method: 'magnitude', sparsity: 0.8 } });
    const kept = (784 * 32 - Math.round(0.8 * 784 * 32)) + (512 - Math.round(0.8 * 512)) + (160 - Math.round(0.8 * 160));
    expect(pruned.report.nonzeroParams).toBe(kept + 58);
    expect(pruned.total).toBe(10000);
    expect(zeros(await jobs.quant.weightValues({ key: 'mlp', weight: 'dense1/kernel' }))).toBe(0);
    const phases = new Set<string>();
    const retrained = await jobs.prune.retrain({ key: 'mlp:pruned', settings: { steps: 30, batchSize: 32, learningRate: 1e-3, seed: 1 } }, { onProgress: (p) => phases.add(p.phase) });
    expect(retrained.report.nonzeroParams).toBe(kept + 58);
    expect(retrained.accuracy).toBeGreaterThan(pruned.accuracy);
    expect(phases.has('train')).toBe(true);
    host.dispose();
  }, 60_000);

  it('keeps the last finished step, still pruned, when retraining is cancelled', async () => {
    const { host, jobs } = await hostWithMlp();
    await jobs.prune.prune({ key: 'mlp', newKey: 'mlp:pruned', spec: { method: 'global', sparsity: 0.9 } });
    const before = await jobs.quant.weightValues({ key: 'mlp:pruned', weight: 'dense2/kernel' });
    const controller = new AbortController();
    const err = await jobs.prune.retrain({ key: 'mlp:pruned', settings: { steps: 500, batchSize: 32, learningRate: 1e-3, seed: 1 } }, { signal: controller.signal, onProgress: (p) => {
      if (p.phase === 'train' && p.done === 3) controller.abort();
    } }).catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    const after = await jobs.quant.weightValues({ key: 'mlp:pruned', weight: 'dense2/kernel' });
    expect(Array.from(after)).not.toEqual(Array.from(before));
    before.forEach((w, i) => { if (w === 0) expect(after[i] === 0).toBe(true); }); // +0 or −0
    host.dispose();
  }, 60_000);

  it('builds a smaller model under a new key and times it against the masked one', async () => {
    const { host, jobs } = await hostWithMlp();
    const small = await jobs.prune.structured({ key: 'mlp', newKey: 'mlp:small', fraction: 0.5, norm: 'l2' });
    expect(small.layers).toEqual([{ layer: 'dense1', before: 32, after: 16, keptOne: false }, { layer: 'dense2', before: 16, after: 8, keptOne: false }]);
    expect(small.paramsAfter).toBe(784 * 16 + 16 + 16 * 8 + 8 + 8 * 10 + 10);
    expect((await jobs.quant.weightValues({ key: 'mlp:small', weight: 'dense1/kernel' })).length).toBe(784 * 16);
    expect((await jobs.quant.weightValues({ key: 'mlp:small', weight: 'dense2/kernel' })).length).toBe(16 * 8);
    await jobs.prune.prune({ key: 'mlp', newKey: 'mlp:pruned', spec: { method: 'magnitude', sparsity: 0.5 } });
    const speed = await jobs.prune.compareLatency({ keys: ['mlp', 'mlp:pruned', 'mlp:small'], batch: 8 });
    expect(speed.rows.map((r) => r.batchSize)).toEqual([8, 8, 8]);
    expect(speed.rows.every((r) => r.runs >= 5)).toBe(true);
    const products = await jobs.prune.productTimings({ key: 'mlp', sparsities: [0, 0.9], batch: 4 });
    expect(products.map((p) => p.nonzeros)).toEqual([784 * 32, 784 * 32 - Math.round(0.9 * 784 * 32)]);
    expect(products.every((p) => p.csrMs > 0 && p.denseMs > 0 && p.layerMs > 0)).toBe(true);
    await expect(jobs.prune.structured({ key: 'mlp', newKey: 'mlp', fraction: 0.5, norm: 'l1' })).rejects.toThrow('a key other than "mlp"');
    host.dispose();
  }, 60_000);
});
