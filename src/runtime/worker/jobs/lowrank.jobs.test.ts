import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { factorsFromSvd, multiplyFactors, truncatedSvd } from '../../../engine';
import { evaluateModel } from '../evaluate';
import { writeWeight } from '../weights';
import { artifactsOf, publicFetch, readMnistSplit } from '../testing/fixtures';
import { hostWithSmallMlp, startedHost } from '../testing/startedHost';

const base = 'http://course.test/lowrank/';
afterEach(() => vi.unstubAllGlobals());

const hostWithMlp = () => hostWithSmallMlp(base);

describe('the low-rank jobs of the model host', () => {
  it('list the Dense layers and give the singular values of one, as the engine does', async () => {
    const { host, jobs } = await hostWithMlp();
    expect(await jobs.lowrank.denseLayers({ key: 'mlp' })).toEqual([
      { weight: 'dense1/kernel', rows: 784, cols: 32 }, { weight: 'dense2/kernel', rows: 32, cols: 16 }, { weight: 'logits/kernel', rows: 16, cols: 10 },
    ]);
    const w = await jobs.quant.weightValues({ key: 'mlp', weight: 'dense2/kernel' });
    const spectrum = await jobs.lowrank.spectrum({ key: 'mlp', weight: 'dense2/kernel' });
    const reference = truncatedSvd(w, 32, 16).s;
    expect(spectrum.complete).toBe(true);
    expect(spectrum.maxRank).toBe(16);
    spectrum.s.forEach((v, i) => expect(v).toBeCloseTo(reference[i], 5));
    expect(spectrum.normSquared).toBeCloseTo(spectrum.s.reduce((t, v) => t + v * v, 0), 4);
    expect((await jobs.lowrank.spectrum({ key: 'mlp', weight: 'dense2/kernel' })).ms).toBe(0); // cached
    host.dispose();
  }, 60_000);

  it('at full rank reproduce the model, at rank 1 report the Eckart–Young error, and leave no tensors behind', async () => {
    const { host, jobs } = await hostWithMlp();
    const original = await jobs.models.evaluate({ key: 'mlp' });
    const full = await jobs.lowrank.atRank({ key: 'mlp', weight: 'dense2/kernel', rank: 16 });
    expect(full.accuracy).toBeCloseTo(original.accuracy, 3);
    expect(full.relativeError).toBeLessThan(1e-3);
    const { s, normSquared } = await jobs.lowrank.spectrum({ key: 'mlp', weight: 'dense2/kernel' });
    const one = await jobs.lowrank.atRank({ key: 'mlp', weight: 'dense2/kernel', rank: 1 });
    expect(one.relativeError).toBeCloseTo(Math.sqrt(1 - s[0] ** 2 / normSquared), 4);
    expect(one.factoredParams).toBe(32 + 16);
    expect(one.modelParamsFactored).toBe(one.modelParams - 32 * 16 + 48);
    const tensors = tf.memory().numTensors;
    await jobs.lowrank.atRank({ key: 'mlp', weight: 'dense1/kernel', rank: 4 });
    await jobs.lowrank.atRank({ key: 'mlp', weight: 'dense2/kernel', rank: 3 });
    await jobs.lowrank.atRank({ key: 'mlp', weight: 'dense1/kernel', rank: 4 });
    expect(tf.memory().numTensors).toBe(tensors);
    await expect(jobs.lowrank.atRank({ key: 'mlp', weight: 'dense2/kernel', rank: 17 })).rejects.toThrow('from 1 to 16, got 17');
    await expect(jobs.lowrank.atRank({ key: 'mlp', weight: 'dense2/kernel', rank: 0 })).rejects.toThrow('from 1 to 16, got 0');
    host.dispose();
  }, 60_000);

  it('post the rank-k accuracy before the pruning comparison, and give the same spectrum with tfjs products as with the engine\'s', async () => {
    const { host, jobs } = await hostWithMlp();
    const partials: unknown[] = [];
    const r = await jobs.lowrank.atRank({ key: 'mlp', weight: 'dense1/kernel', rank: 5 }, { onPartial: (p) => partials.push(p) });
    const { prunedAccuracy, ...first } = r;
    expect(prunedAccuracy).toBeGreaterThan(0);
    expect(partials).toEqual([first]);
    const tfjs = await jobs.lowrank.spectrum({ key: 'mlp', weight: 'dense1/kernel' });
    const engine = await jobs.lowrank.spectrum({ key: 'mlp', weight: 'dense1/kernel', products: 'engine' });
    expect(engine.ms).toBeGreaterThan(0); // its own decomposition, not tfjs's from the cache
    tfjs.s.forEach((v, i) => expect(v).toBeCloseTo(engine.s[i], 4));
    const byEngine = await jobs.lowrank.atRank({ key: 'mlp', weight: 'dense1/kernel', rank: 5, products: 'engine' });
    expect(byEngine.accuracy).toBeCloseTo(r.accuracy, 3);
    host.dispose();
  }, 60_000);

  it('give each rank the accuracy of the model with the reconstructed layer, from projections made once', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { host, jobs } = await startedHost(base);
    // Biases that are not zero, so the evaluator's bias and activation are checked too.
    const dense = (units: number, name: string, seed: number, activation: 'relu' | 'linear', inputShape?: number[]) => tf.layers.dense({
      ...(inputShape ? { inputShape } : {}), units, activation, name,
      kernelInitializer: tf.initializers.heNormal({ seed }), biasInitializer: tf.initializers.randomNormal({ stddev: 0.2, seed: seed + 10 }),
    });
    const mlp = tf.sequential({ layers: [dense(32, 'dense1', 1, 'relu', [784]), dense(16, 'dense2', 2, 'relu'), dense(10, 'logits', 3, 'linear')] });
    const artifacts = await artifactsOf(mlp);
    mlp.dispose();
    await jobs.models.load({ kind: 'artifacts', key: 'biased', artifacts });
    const testSet = readMnistSplit('test');
    for (const [weight, rows, cols, ranks] of [['dense1/kernel', 784, 32, [1, 4, 32]], ['dense2/kernel', 32, 16, [2, 16]], ['logits/kernel', 16, 10, [3]]] as const) {
      const svd = truncatedSvd(await jobs.quant.weightValues({ key: 'biased', weight }), rows, cols);
      for (const rank of ranks) {
        const { accuracy } = await jobs.lowrank.atRank({ key: 'biased', weight, rank });
        // The reference: a copy of the model whose kernel is U_k·S_k·V_kᵀ, through evaluateModel.
        const copy = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
        writeWeight(copy, weight, Float32Array.from(multiplyFactors(factorsFromSvd(svd, rank), rows, cols)));
        const reference = (await evaluateModel(copy, testSet)).accuracy;
        copy.dispose();
        // float32 sums in another order may move an image that sits on a decision boundary.
        expect(Math.abs(accuracy - reference)).toBeLessThanOrEqual(2 / 10_000);
      }
    }
    host.dispose();
  }, 120_000);

  it('split a convolution into a k×k conv to r channels and a 1×1 conv: the original at full rank, Eckart–Young and the counts below it', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { host, jobs } = await startedHost(base);
    // Small enough for the cpu backend to evaluate 10,000 images in seconds: 28×28 → 7×7×3 → 5×5×4 → 10.
    const cnn = tf.sequential({ layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 3, kernelSize: 4, strides: 4, activation: 'relu', name: 'conv1', kernelInitializer: tf.initializers.heNormal({ seed: 1 }) }),
      tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', name: 'conv2', kernelInitializer: tf.initializers.heNormal({ seed: 2 }), biasInitializer: tf.initializers.constant({ value: 0.1 }) }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ units: 10, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
    ] });
    await jobs.models.load({ kind: 'artifacts', key: 'cnn', artifacts: await artifactsOf(cnn) });
    cnn.dispose();
    const original = await jobs.models.evaluate({ key: 'cnn' });
    const full = await jobs.lowrank.convAtRank({ key: 'cnn', layer: 'conv2', rank: 4 });
    expect(full.originalAccuracy).toBe(original.accuracy);
    expect(full.accuracy).toBeCloseTo(original.accuracy, 3);
    expect(full.kernelShape).toEqual([3, 3, 3, 4]);
    expect(full.inputShape).toEqual([7, 7, 3]);
    expect((await jobs.quant.weightValues({ key: 'cnn:conv2-split', weight: 'conv2_a/kernel' })).length).toBe(3 * 3 * 3 * 4);
    expect((await jobs.quant.weightValues({ key: 'cnn:conv2-split', weight: 'conv2/kernel' })).length).toBe(4 * 4);
    const tensors = tf.memory().numTensors;
    const two = await jobs.lowrank.convAtRank({ key: 'cnn', layer: 'conv2', rank: 2 });
    const k = await jobs.quant.weightValues({ key: 'cnn', weight: 'conv2/kernel' });
    const norm = Math.sqrt(k.reduce((t, v) => t + v * v, 0));
    expect(two.relativeError).toBeCloseTo(Math.sqrt(two.s.slice(2).reduce((t, v) => t + v * v, 0)) / norm, 5);
    expect(two.accuracy).not.toBe(original.accuracy);
    expect([two.params, two.factoredParams, two.macs, two.factoredMacs]).toEqual([108 + 4, 27 * 2 + 2 * 4 + 4, 5 * 5 * 108, 5 * 5 * (27 * 2 + 2 * 4)]);
    expect(two.modelParamsFactored).toBe(two.modelParams - 112 + two.factoredParams);
    expect(tf.memory().numTensors).toBe(tensors);
    await expect(jobs.lowrank.convAtRank({ key: 'cnn', layer: 'conv2', rank: 5 })).rejects.toThrow('from 1 to 4, got 5');
    await expect(jobs.lowrank.convAtRank({ key: 'cnn', layer: 'conv2', rank: 1.5 })).rejects.toThrow('from 1 to 4, got 1.5');
    host.dispose();
  }, 120_000);

  it('factorise a layer into two thin Dense layers that start where the rank-k approximation is, then train them', async () => {
    const { host, jobs } = await hostWithMlp();
    const atRank = await jobs.lowrank.atRank({ key: 'mlp', weight: 'dense1/kernel', rank: 8 });
    const r = await jobs.lowrank.factorise({ key: 'mlp', weight: 'dense1/kernel', rank: 8, steps: 40, batchSize: 32, learningRate: 1e-3, seed: 1 });
    expect(r.accuracyBefore).toBeCloseTo(atRank.accuracy, 2);
    expect(r.factoredParams).toBe(8 * (784 + 32));
    expect(r.modelParamsFactored).toBe(r.modelParams - 784 * 32 + 8 * (784 + 32));
    expect(r.accuracyAfter).toBeGreaterThan(r.accuracyBefore);
    expect((await jobs.quant.weightValues({ key: 'mlp:factorised', weight: 'dense1_a/kernel' })).length).toBe(784 * 8);
    host.dispose();
  }, 90_000);

  it('give one layer\'s output for a test image, equal to relu(x·W + b) computed by hand', async () => {
    const { host, jobs } = await hostWithMlp();
    const { shape, values } = await jobs.lowrank.layerOutput({ key: 'mlp', layer: 'dense1', index: 3 });
    expect(shape).toEqual([32]);
    const { pixels } = await jobs.models.testImage({ index: 3 });
    const w = await jobs.quant.weightValues({ key: 'mlp', weight: 'dense1/kernel' });
    const b = await jobs.quant.weightValues({ key: 'mlp', weight: 'dense1/bias' });
    for (let o = 0; o < 32; o++) {
      let sum = b[o];
      for (let i = 0; i < 784; i++) sum += (pixels[i] / 255) * w[i * 32 + o];
      expect(values[o]).toBeCloseTo(Math.max(0, sum), 4);
    }
    await expect(jobs.lowrank.layerOutput({ key: 'mlp', layer: 'dense1', index: 10000 })).rejects.toThrow('from 0 to 9999, got 10000');
    host.dispose();
  }, 60_000);

  it('train only a rank-r LoRA update on inverted digits, leaving the original model unchanged', async () => {
    const { host, jobs } = await hostWithMlp();
    const before = await jobs.quant.weightValues({ key: 'mlp', weight: 'dense1/kernel' });
    const r = await jobs.lowrank.lora({ key: 'mlp', weight: 'dense1/kernel', rank: 2, steps: 30, batchSize: 32, learningRate: 1e-2, seed: 1 });
    expect(r.loraTrainable).toBe(784 * 2 + 2 * 32);
    expect(r.fullTrainable).toBe(784 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10);
    expect(r.loraOnTask).toBeGreaterThan(r.originalOnTask);
    expect(Array.from(await jobs.quant.weightValues({ key: 'mlp', weight: 'dense1/kernel' }))).toEqual(Array.from(before));
    // The frozen copy inside the adapted model still holds the original kernel.
    expect(Array.from(await jobs.quant.weightValues({ key: 'mlp:lora', weight: 'dense1_frozen/kernel' }))).toEqual(Array.from(before));
    host.dispose();
  }, 90_000);
});
