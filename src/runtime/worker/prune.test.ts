import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAbortError } from '../contract/abort';
import { evaluateModel } from './evaluate';
import {
  applyMasks,
  masksFromZeros,
  periodsOf,
  pruneIteratively,
  pruneReport,
  pruningMasks,
  retrainMasked,
  sensitivityScan,
  structuredArtifacts,
} from './prune';
import { artifactsOf, pickerData } from './testing/fixtures';
import { readWeight, writeWeight } from './weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 784 → 24 → 12 → 10 ReLU MLP with the zoo's layer names, seeded. */
function mlp(seed = 1): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [784], units: 24, activation: 'relu', name: 'dense1', kernelInitializer: tf.initializers.glorotUniform({ seed }), biasInitializer: tf.initializers.randomUniform({ minval: 0, maxval: 0.2, seed: seed + 1 }) }));
  m.add(tf.layers.dense({ units: 12, activation: 'relu', name: 'dense2', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }), biasInitializer: tf.initializers.randomUniform({ minval: 0, maxval: 0.2, seed: seed + 3 }) }));
  m.add(tf.layers.dense({ units: 10, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 4 }) }));
  m.add(tf.layers.activation({ activation: 'softmax', name: 'softmax' }));
  return m;
}

/** conv(4) → pool → conv(6) → pool → flatten → dense(8) → logits, channels last. */
function convNet(seed = 1): tf.Sequential {
  const m = tf.sequential();
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed + s });
  const bias = (s: number) => tf.initializers.randomUniform({ minval: 0, maxval: 0.1, seed: seed + 50 + s });
  m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 5, activation: 'relu', name: 'conv1', kernelInitializer: init(0), biasInitializer: bias(0) }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
  m.add(tf.layers.conv2d({ filters: 6, kernelSize: 5, activation: 'relu', name: 'conv2', kernelInitializer: init(1), biasInitializer: bias(1) }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }));
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(tf.layers.dense({ units: 8, activation: 'relu', name: 'fc1', kernelInitializer: init(2), biasInitializer: bias(2) }));
  m.add(tf.layers.dense({ units: 10, name: 'logits', kernelInitializer: init(3) }));
  m.add(tf.layers.activation({ activation: 'softmax', name: 'softmax' }));
  return m;
}

const KERNELS = ['dense1/kernel', 'dense2/kernel', 'logits/kernel'];
const zeros = (a: Float32Array) => a.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);
const maxAbs = (a: Float32Array, mask: Uint8Array, keep: 0 | 1) => a.reduce((m, v, i) => (mask[i] === keep ? Math.max(m, Math.abs(v)) : m), -Infinity);
const minAbs = (a: Float32Array, mask: Uint8Array, keep: 0 | 1) => a.reduce((m, v, i) => (mask[i] === keep ? Math.min(m, Math.abs(v)) : m), Infinity);

function outputs(model: tf.LayersModel, x: tf.Tensor): Float32Array {
  return tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
}

describe('pruningMasks', () => {
  it('prunes exactly the chosen fraction of smallest weights in each layer (magnitude)', () => {
    const m = mlp();
    const masks = pruningMasks(m, { method: 'magnitude', sparsity: { 'dense1/kernel': 0.9, 'dense2/kernel': 0.5, 'logits/kernel': 0.25 } });
    const expected = { 'dense1/kernel': Math.round(0.9 * 784 * 24), 'dense2/kernel': Math.round(0.5 * 24 * 12), 'logits/kernel': Math.round(0.25 * 120) };
    for (const name of KERNELS) {
      const w = readWeight(m, name);
      expect(masks[name].length - masks[name].reduce((a, b) => a + b, 0)).toBe(expected[name as keyof typeof expected]);
      expect(maxAbs(w, masks[name], 0)).toBeLessThanOrEqual(minAbs(w, masks[name], 1));
    }
    m.dispose();
  });

  it('uses one threshold across layers for global pruning, so layers end up with different sparsities', () => {
    const m = mlp();
    const masks = pruningMasks(m, { method: 'global', sparsity: 0.8 });
    const all = KERNELS.map((n) => ({ w: readWeight(m, n), mask: masks[n] }));
    const largestPruned = Math.max(...all.map(({ w, mask }) => maxAbs(w, mask, 0)));
    const smallestKept = Math.min(...all.map(({ w, mask }) => minAbs(w, mask, 1)));
    expect(largestPruned).toBeLessThanOrEqual(smallestKept);
    const total = all.reduce((s, { w }) => s + w.length, 0);
    const pruned = all.reduce((s, { mask }) => s + mask.length - mask.reduce((a, b) => a + b, 0), 0);
    expect(pruned).toBe(Math.round(0.8 * total));
    const perLayer = all.map(({ mask }) => 1 - mask.reduce((a, b) => a + b, 0) / mask.length);
    expect(new Set(perLayer.map((s) => s.toFixed(3))).size).toBeGreaterThan(1);
    m.dispose();
  });

  it('gives the random baseline the same counts but a different choice than magnitude, reproducibly', () => {
    const m = mlp();
    const a = pruningMasks(m, { method: 'random', sparsity: 0.6, seed: 3 });
    const b = pruningMasks(m, { method: 'random', sparsity: 0.6, seed: 3 });
    const mag = pruningMasks(m, { method: 'magnitude', sparsity: 0.6 });
    expect(Array.from(a['dense1/kernel'])).toEqual(Array.from(b['dense1/kernel']));
    expect(a['dense1/kernel'].reduce((s, v) => s + v, 0)).toBe(mag['dense1/kernel'].reduce((s, v) => s + v, 0));
    expect(Array.from(a['dense1/kernel'])).not.toEqual(Array.from(mag['dense1/kernel']));
    m.dispose();
  });

  it('refuses sparsities outside 0…1, NaN, a missing layer, and per-layer sparsities for global pruning', () => {
    const m = mlp();
    expect(() => pruningMasks(m, { method: 'magnitude', sparsity: -0.1 })).toThrow(/between 0 and 1/);
    expect(() => pruningMasks(m, { method: 'magnitude', sparsity: 1.5 })).toThrow(/between 0 and 1/);
    expect(() => pruningMasks(m, { method: 'random', sparsity: Number.NaN })).toThrow(/must be a number/);
    expect(() => pruningMasks(m, { method: 'magnitude', sparsity: { 'dense1/kernel': 0.5 } })).toThrow('no sparsity given for dense2/kernel');
    expect(() => pruningMasks(m, { method: 'global', sparsity: { 'dense1/kernel': 0.5 } })).toThrow(/one sparsity for the whole model/);
    expect(() => pruningMasks(m, { method: 'bogus' as 'global', sparsity: 0.5 })).toThrow('unknown pruning method: bogus');
    m.dispose();
  });
});

describe('pruneReport', () => {
  it('counts non-zeros, the compression ratio and the bytes of each format by hand', () => {
    const m = mlp();
    applyMasks(m, pruningMasks(m, { method: 'magnitude', sparsity: 0.75 }));
    const r = pruneReport(m);
    const params = 784 * 24 + 24 + 24 * 12 + 12 + 120 + 10;
    const kept = Math.round(0.25 * 784 * 24) + Math.round(0.25 * 288) + Math.round(0.25 * 120);
    expect(r.params).toBe(params);
    expect(r.nonzeroParams).toBe(kept + 24 + 12 + 10);
    expect(r.compression).toBeCloseTo(params / (kept + 46), 12);
    expect(r.bytes.dense).toBe(params * 4);
    // Bitmask: one bit per kernel weight plus 32 bits per kept weight, per kernel, rounded up to bytes.
    const bitmask = r.kernels.reduce((s, k) => s + Math.ceil((k.count + 32 * k.kept) / 8), 0) + 46 * 4;
    expect(r.bytes.bitmask).toBe(bitmask);
    expect(r.kernelSparsity).toBeCloseTo(1 - kept / (784 * 24 + 288 + 120), 12);
    m.dispose();
  });

  it('at 100 % sparsity the network outputs its biases alone: one class for every image, no NaN', async () => {
    const m = mlp();
    applyMasks(m, pruningMasks(m, { method: 'magnitude', sparsity: 1 }));
    const r = pruneReport(m);
    expect(r.kernelSparsity).toBe(1);
    expect(r.nonzeroParams).toBe(46);
    const data = pickerData(50);
    const e = await evaluateModel(m, data);
    expect(new Set(e.predictions).size).toBe(1);
    expect(Number.isFinite(e.accuracy)).toBe(true);
    expect(e.accuracy).toBe(0.1); // pickerData has 5 images of each of the 10 labels
    m.dispose();
  });

  it('reads the masks back from the zeros of a pruned model', () => {
    const m = mlp();
    const masks = pruningMasks(m, { method: 'magnitude', sparsity: 0.5 });
    applyMasks(m, masks);
    const back = masksFromZeros(m);
    for (const n of KERNELS) expect(Array.from(back[n])).toEqual(Array.from(masks[n]));
    m.dispose();
  });
});

describe('retrainMasked', () => {
  it('keeps every pruned weight exactly zero after every step while the others learn', async () => {
    const m = mlp(2);
    const masks = pruningMasks(m, { method: 'magnitude', sparsity: 0.7 });
    const before = readWeight(m, 'dense1/kernel');
    let checked = 0;
    await retrainMasked(m, masks, pickerData(100), {
      steps: 6, batchSize: 20, learningRate: 0.01, seed: 1,
      onStep: () => {
        for (const n of KERNELS) {
          const w = readWeight(m, n);
          masks[n].forEach((keep, i) => { if (!keep) expect(Object.is(w[i], 0) || Object.is(w[i], -0)).toBe(true); });
        }
        checked++;
      },
    });
    expect(checked).toBe(6);
    // Only the rows of pixels 0…9 and 700 see ink in this data, so only they can learn (those
    // feeding a unit that never fires stay put too).
    const after = readWeight(m, 'dense1/kernel');
    const inked = (i: number) => { const row = Math.floor(i / 24); return row < 10 || row === 700; };
    const keptInked = masks['dense1/kernel'].filter((keep, i) => keep === 1 && inked(i)).length;
    const changedKept = after.filter((v, i) => masks['dense1/kernel'][i] === 1 && v !== before[i]).length;
    expect(keptInked).toBeGreaterThan(20);
    expect(changedKept).toBeGreaterThan(keptInked / 2);
    expect(changedKept).toBeLessThanOrEqual(keptInked);
    m.dispose();
  });

  it('on cancel keeps the weights of the last finished step, masks held', async () => {
    const m = mlp(3);
    const masks = pruningMasks(m, { method: 'magnitude', sparsity: 0.9 });
    const controller = new AbortController();
    const err = await retrainMasked(m, masks, pickerData(100), {
      steps: 50, batchSize: 10, learningRate: 0.01, seed: 1, signal: controller.signal,
      onStep: (s) => { if (s.step === 3) controller.abort(); },
    }).catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    const w = readWeight(m, 'dense1/kernel');
    expect(zeros(w)).toBe(Math.round(0.9 * w.length));
    m.dispose();
  });
});

describe('pruneIteratively', () => {
  it('follows the iterative schedule: equal steps of sparsity per layer, each followed by retraining', async () => {
    const m = mlp(4);
    const data = pickerData(100);
    const final = { 'dense1/kernel': 0.9, 'dense2/kernel': 0.6, 'logits/kernel': 0.3 };
    const { points, masks } = await pruneIteratively(m, data, data, {
      schedule: 'iterative', method: 'magnitude', finalSparsity: final, events: 3, stepsPerEvent: 2, batchSize: 10, learningRate: 0.01, seed: 1,
    });
    expect(points.map((p) => p.phase)).toEqual(['pruned', 'retrained', 'pruned', 'retrained', 'pruned', 'retrained']);
    const total = 784 * 24 + 288 + 120;
    const expectedAt = (k: number) => (Math.round(0.9 * k / 3 * 784 * 24) + Math.round(0.6 * k / 3 * 288) + Math.round(0.3 * k / 3 * 120)) / total;
    expect(points[0].sparsity).toBeCloseTo(expectedAt(1), 10);
    expect(points[2].sparsity).toBeCloseTo(expectedAt(2), 10);
    expect(points[5].sparsity).toBeCloseTo(expectedAt(3), 10);
    expect(points.map((p) => p.step)).toEqual([0, 2, 2, 4, 4, 6]);
    // Masks only grow: what was pruned in the first period is still pruned.
    const w = readWeight(m, 'dense1/kernel');
    masks['dense1/kernel'].forEach((keep, i) => { if (!keep) expect(w[i] === 0).toBe(true); });
    expect(zeros(w)).toBe(Math.round(0.9 * w.length));
    m.dispose();
  });

  it('reaches the polynomial schedule’s final sparsity only at its last event, after n + 1 periods', async () => {
    const m = mlp(5);
    const data = pickerData(60);
    const spec = { schedule: 'polynomial' as const, method: 'global' as const, finalSparsity: 0.8, events: 2, stepsPerEvent: 1, batchSize: 10, learningRate: 0.01, seed: 1 };
    expect(periodsOf(spec)).toBe(3);
    const { points } = await pruneIteratively(m, data, data, spec);
    const pruned = points.filter((p) => p.phase === 'pruned').map((p) => p.sparsity);
    // s_t = s_f (1 − (1 − t/(nΔt))³): 0, 0.8·(1 − 1/8) = 0.7, 0.8.
    expect(pruned[0]).toBe(0);
    expect(pruned[1]).toBeCloseTo(0.7, 3);
    expect(pruned[2]).toBeCloseTo(0.8, 3);
    m.dispose();
  });

  it('refuses a bad schedule before touching the model', async () => {
    const m = mlp(6);
    const before = readWeight(m, 'dense1/kernel');
    const data = pickerData(10);
    const base = { schedule: 'iterative' as const, method: 'magnitude' as const, events: 2, stepsPerEvent: 1, batchSize: 5, learningRate: 0.01, seed: 1 };
    await expect(pruneIteratively(m, data, data, { ...base, finalSparsity: 1.2 })).rejects.toThrow(/between 0 and 1/);
    await expect(pruneIteratively(m, data, data, { ...base, finalSparsity: 0.5, events: 0 })).rejects.toThrow(/pruning events/);
    expect(Array.from(readWeight(m, 'dense1/kernel'))).toEqual(Array.from(before));
    m.dispose();
  });
});

describe('sensitivityScan', () => {
  it('prunes one layer at a time, matches a direct evaluation, and leaves the model unchanged', async () => {
    const m = mlp(7);
    const data = pickerData(100);
    const before = KERNELS.map((n) => readWeight(m, n));
    const base = (await evaluateModel(m, data)).accuracy;
    const points = await sensitivityScan(m, data, [0, 0.5, 1]);
    expect(points.map((p) => `${p.weight}@${p.sparsity}`)).toEqual(KERNELS.flatMap((n) => [0, 0.5, 1].map((s) => `${n}@${s}`)));
    for (const p of points.filter((q) => q.sparsity === 0)) expect(p.accuracy).toBe(base);
    KERNELS.forEach((n, i) => expect(Array.from(readWeight(m, n))).toEqual(Array.from(before[i])));
    // An independent check of one point: dense2 alone at 50 %.
    const copy = mlp(7);
    const w = readWeight(copy, 'dense2/kernel');
    const order = Array.from(w.keys()).sort((a, b) => Math.abs(w[a]) - Math.abs(w[b]) || a - b);
    for (const i of order.slice(0, w.length / 2)) w[i] = 0;
    writeWeight(copy, 'dense2/kernel', w);
    expect(points.find((p) => p.weight === 'dense2/kernel' && p.sparsity === 0.5)!.accuracy).toBe((await evaluateModel(copy, data)).accuracy);
    m.dispose();
    copy.dispose();
  });
});

describe('structuredArtifacts', () => {
  /** The parent with the removed units silenced (kernel column and bias zeroed): ReLU makes them output 0. */
  async function silenced(parent: tf.LayersModel, removed: Record<string, number[]>): Promise<tf.LayersModel> {
    const copy = await tf.loadLayersModel(tf.io.fromMemory(await artifactsOf(parent)));
    for (const [layer, units] of Object.entries(removed)) {
      const [kernel, bias] = copy.getLayer(layer).getWeights().map((t) => t.dataSync().slice() as Float32Array);
      const shape = copy.getLayer(layer).getWeights()[0].shape;
      const out = shape[shape.length - 1];
      for (const u of units) {
        for (let i = u; i < kernel.length; i += out) kernel[i] = 0;
        bias[u] = 0;
      }
      writeWeight(copy, `${layer}/kernel`, kernel);
      writeWeight(copy, `${layer}/bias`, bias);
    }
    return copy;
  }

  /**
   * L1 or L2 norm of each of `out` units (last axis) of a kernel, over the inputs whose channel
   * (flat index / out, modulo `channels`) is in `inputs` (all when not given).
   */
  const norms = (k: Float32Array, out: number, channels: number, norm: 'l1' | 'l2', inputs?: number[]) => Array.from({ length: out }, (_, u) => {
    let s = 0;
    for (let i = u; i < k.length; i += out) {
      if (inputs && !inputs.includes(Math.floor(i / out) % channels)) continue;
      s += norm === 'l1' ? Math.abs(k[i]) : k[i] * k[i];
    }
    return norm === 'l1' ? s : Math.sqrt(s);
  });
  const keptOf = (n: number[], count: number) => Array.from(n.keys()).sort((a, b) => n[b] - n[a]).slice(0, count);
  const removedUnits = (before: number, kept: number[]) => Array.from({ length: before }, (_, i) => i).filter((i) => !kept.includes(i));

  it('builds a smaller MLP that computes exactly what the parent computes with those neurons silenced', async () => {
    const parent = mlp(8);
    const result = structuredArtifacts(await artifactsOf(parent), { dense1: 0.5, dense2: 0.25 }, 'l1');
    expect(result.layers).toEqual([
      { layer: 'dense1', before: 24, after: 12, keptOne: false },
      { layer: 'dense2', before: 12, after: 9, keptOne: false },
    ]);
    expect(result.paramsBefore).toBe(784 * 24 + 24 + 288 + 12 + 130);
    expect(result.paramsAfter).toBe(784 * 12 + 12 + 12 * 9 + 9 + 9 * 10 + 10);
    const small = await tf.loadLayersModel(tf.io.fromMemory(result.artifacts));
    expect(small.countParams()).toBe(result.paramsAfter);
    // Which units survive: the 12 of dense1 with largest L1 norm, then the 9 of dense2 with largest
    // L1 norm over the inputs that are left (layers are pruned in order, greedily).
    const kept1 = keptOf(norms(readWeight(parent, 'dense1/kernel'), 24, 784, 'l1'), 12);
    const kept2 = keptOf(norms(readWeight(parent, 'dense2/kernel'), 12, 24, 'l1', kept1), 9);
    const reference = await silenced(parent, { dense1: removedUnits(24, kept1), dense2: removedUnits(12, kept2) });
    const x = tf.randomUniform([16, 784], 0, 1, 'float32', 9);
    const a = outputs(small, x);
    const b = outputs(reference, x);
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));
    x.dispose();
    for (const m of [parent, small, reference]) m.dispose();
  });

  it('removes conv filters through pooling and flatten, matching the silenced parent', async () => {
    const parent = convNet(3);
    const result = structuredArtifacts(await artifactsOf(parent), 0.5, 'l2');
    expect(result.layers.map((l) => [l.layer, l.before, l.after])).toEqual([['conv1', 4, 2], ['conv2', 6, 3], ['fc1', 8, 4]]);
    const small = await tf.loadLayersModel(tf.io.fromMemory(result.artifacts));
    expect((small.getLayer('fc1').getWeights()[0].shape)).toEqual([4 * 4 * 3, 4]);
    // fc1's 96 inputs are the flattened 4×4×6 map: input row r comes from conv2 channel r mod 6.
    const kept1 = keptOf(norms(readWeight(parent, 'conv1/kernel'), 4, 1, 'l2'), 2);
    const kept2 = keptOf(norms(readWeight(parent, 'conv2/kernel'), 6, 4, 'l2', kept1), 3);
    const kept3 = keptOf(norms(readWeight(parent, 'fc1/kernel'), 8, 6, 'l2', kept2), 4);
    const reference = await silenced(parent, { conv1: removedUnits(4, kept1), conv2: removedUnits(6, kept2), fc1: removedUnits(8, kept3) });
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 4);
    const a = outputs(small, x);
    const b = outputs(reference, x);
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));
    x.dispose();
    for (const m of [parent, small, reference]) m.dispose();
  });

  it('keeps one unit when asked to remove a whole layer, and says so', async () => {
    const parent = mlp(9);
    const result = structuredArtifacts(await artifactsOf(parent), { dense1: 1, dense2: 0 }, 'l1');
    expect(result.layers[0]).toEqual({ layer: 'dense1', before: 24, after: 1, keptOne: true });
    expect(result.layers[1]).toEqual({ layer: 'dense2', before: 12, after: 12, keptOne: false });
    const small = await tf.loadLayersModel(tf.io.fromMemory(result.artifacts));
    expect(small.countParams()).toBe(784 + 1 + 12 + 12 + 130);
    parent.dispose();
    small.dispose();
  });

  it('refuses layers it cannot follow, fractions out of range and a missing layer, naming them', async () => {
    const dw = tf.sequential();
    dw.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 2, kernelSize: 3, name: 'stem' }));
    dw.add(tf.layers.depthwiseConv2d({ kernelSize: 3, name: 'dw1' }));
    dw.add(tf.layers.flatten({}));
    dw.add(tf.layers.dense({ units: 10, name: 'logits' }));
    expect(() => structuredArtifacts({ modelTopology: dw.toJSON(null, false) as never, weightSpecs: [] }, 0.5, 'l1')).toThrow('layer dw1 is a DepthwiseConv2D');
    const parent = mlp(10);
    const artifacts = await artifactsOf(parent);
    expect(() => structuredArtifacts(artifacts, 1.5, 'l1')).toThrow(/between 0 and 1/);
    expect(() => structuredArtifacts(artifacts, { dense1: 0.5 }, 'l1')).toThrow('no fraction of units given for layer dense2');
    expect(() => structuredArtifacts(artifacts, 0.5, 'l3' as 'l1')).toThrow('unknown norm: l3');
    dw.dispose();
    parent.dispose();
  });
});
