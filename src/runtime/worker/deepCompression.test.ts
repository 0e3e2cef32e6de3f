import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { crc32, encodeCompressedModel, MODEL_FILE_VERSION } from '../../engine';
import { isAbortError } from '../contract/abort';
import { evaluateModel, type LabelledImages } from './evaluate';
import { clusterWeights, deepCompress, fineTuneCentroids, modelFromCompressedFile, pruneAndRetrain } from './deepCompression';
import { checkPlan, LENET_300_100_RECIPES, type DeepCompressionPlan } from '../contract/deepCompression';
import { loadZooModel, pickerData, readMnistSplit, tinyLogitsModel } from './testing/fixtures';
import { batchOf, crossEntropy } from './train';
import { logitsModel } from './models';
import { readWeight, writeWeight } from './weights';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

function tinyPlan(layer: Partial<DeepCompressionPlan['layers'][string]> = {}, rest: Partial<DeepCompressionPlan> = {}): DeepCompressionPlan {
  return {
    layers: { 'logits/kernel': { sparsity: 0.75, bits: 2, indexBits: 5, ...layer } },
    prune: { rounds: 3, stepsPerRound: 4, learningRate: 0.01 },
    share: { steps: 1, learningRate: 0.001, init: 'linear' },
    batchSize: 50,
    seed: 3,
    ...rest,
  };
}

const picker = pickerData(100);

/** Stored entries of a relative index with b-bit gaps, counted independently: a gap g costs ⌊g / 2^b⌋ fillers. */
function storedEntries(weights: Float32Array, b: number): number {
  let entries = 0;
  let previous = -1;
  weights.forEach((w, i) => {
    if (w === 0) return;
    entries += 1 + Math.floor((i - previous - 1) / 2 ** b);
    previous = i;
  });
  return entries;
}

describe('pruneAndRetrain', () => {
  it('reaches each sparsity exactly and keeps pruned weights at zero through retraining', async () => {
    const iterative = tinyLogitsModel();
    const rounds3 = (await pruneAndRetrain(iterative, picker, tinyPlan()))['logits/kernel'];
    expect(rounds3.filter((m) => m === 0).length).toBe(Math.round(0.75 * 7840));
    expect(readWeight(iterative, 'logits/kernel').every((w, i) => rounds3[i] === 1 || w === 0)).toBe(true);
    iterative.dispose();

    // In one round the pruned weights are exactly the smallest ones of the start.
    const model = tinyLogitsModel();
    const start = readWeight(model, 'logits/kernel');
    const masks = await pruneAndRetrain(model, picker, tinyPlan({}, { prune: { rounds: 1, stepsPerRound: 5, learningRate: 0.01 } }));
    const mask = masks['logits/kernel'];
    const after = readWeight(model, 'logits/kernel');
    expect(mask.filter((m) => m === 0).length).toBe(Math.round(0.75 * 7840));
    expect(after.every((w, i) => (mask[i] === 0 ? w === 0 : true))).toBe(true);
    // The kept weights are the largest of the start (in magnitude) and were retrained.
    const smallestKept = Math.min(...Array.from(start).filter((_, i) => mask[i]).map(Math.abs));
    expect(Array.from(start).filter((_, i) => !mask[i]).every((w) => Math.abs(w) <= smallestKept)).toBe(true);
    expect(after.filter((_, i) => mask[i]).some((w, n) => w !== start.filter((_, i) => mask[i])[n])).toBe(true);
    model.dispose();
  });
});

describe('trained weight sharing', () => {
  it('moves each centroid by the summed gradient of its cluster and keeps the layer clustered', async () => {
    const model = tinyLogitsModel();
    const masks = await pruneAndRetrain(model, picker, tinyPlan());
    const plan = tinyPlan({}, { batchSize: picker.count });
    const { shared } = clusterWeights(model, masks, plan);
    const layer = shared[0];
    const before = layer.centroids.slice();
    expect(before.length).toBe(4);
    // The gradient on the whole set (one batch = all 100 images, so the shuffle does not matter).
    const kernel = readWeight(model, 'logits/kernel');
    const variable = model.getLayer('logits').trainableWeights[0].read() as tf.Variable;
    const { x, y } = batchOf(picker, Int32Array.from({ length: picker.count }, (_, i) => i), [784]);
    const { value, grads } = tf.variableGrads(() => crossEntropy(logitsModel(model).apply(x) as tf.Tensor2D, y), [variable]);
    const g = grads[variable.name].dataSync();
    const clusterSums = new Float64Array(4);
    layer.kept.forEach((i, n) => (clusterSums[layer.labels[n]] += g[i]));
    tf.dispose([x, y, value, grads]);

    await fineTuneCentroids(model, picker, shared, plan);
    // Adam's first step is lr · m̂ / (√v̂ + ε) = lr · G / (|G| + ε) for the cluster's summed gradient G.
    layer.centroids.forEach((c, j) => expect(c).toBeCloseTo(before[j] - (plan.share.learningRate * clusterSums[j]) / (Math.abs(clusterSums[j]) + 1e-7), 6));
    const after = readWeight(model, 'logits/kernel');
    after.forEach((w, i) => {
      if (masks['logits/kernel'][i] === 0) expect(w).toBe(0);
      else expect(layer.centroids).toContain(w);
    });
    expect(kernel.filter((w) => w !== 0).length).toBe(after.filter((w) => w !== 0).length);
    model.dispose();
  });

  it('shrinks k to the distinct weights with a warning, allows k = 1, and stores an emptied layer', () => {
    const model = tinyLogitsModel();
    const mask = new Uint8Array(7840).fill(1);
    writeWeight(model, 'logits/kernel', Float32Array.from({ length: 7840 }, (_, i) => [0.5, -0.25, 1][i % 3]));
    const few = clusterWeights(model, { 'logits/kernel': mask }, tinyPlan({ bits: 3 }));
    expect(few.codebooks[0].warning).toBe('logits/kernel: k = 8 is more than the 3 distinct values; using k = 3');
    expect(Array.from(few.shared[0].centroids)).toEqual([-0.25, 0.5, 1]);

    const one = clusterWeights(model, { 'logits/kernel': mask }, tinyPlan({ bits: 0 }));
    expect(one.codebooks[0].warning).toMatch(/k = 1, so every kept weight becomes the same value/);
    expect(new Set(readWeight(model, 'logits/kernel'))).toEqual(new Set([Math.fround((2614 * 0.5 + 2613 * -0.25 + 2613 * 1) / 7840)]));

    const none = clusterWeights(model, { 'logits/kernel': new Uint8Array(7840) }, tinyPlan());
    expect(none.codebooks[0].warning).toMatch(/no weight left after pruning/);
    expect(readWeight(model, 'logits/kernel').every((w) => w === 0)).toBe(true);
    model.dispose();
  });
});

describe('checkPlan', () => {
  it('names the setting that cannot work', () => {
    const kernels = ['logits/kernel'];
    expect(() => checkPlan(tinyPlan({ bits: 9 }), kernels)).toThrow('logits/kernel: cluster bits must be a whole number from 0 to 8, got 9');
    expect(() => checkPlan(tinyPlan({ sparsity: 1.2 }), kernels)).toThrow(/sparsity must be between 0 and 1/);
    expect(() => checkPlan(tinyPlan({ indexBits: 0 }), kernels)).toThrow(/relative index bits/);
    expect(() => checkPlan(tinyPlan(), ['dense1/kernel'])).toThrow('the model has no kernel named logits/kernel (it has dense1/kernel)');
    expect(() => checkPlan(tinyPlan({}, { prune: { rounds: 0, stepsPerRound: 1, learningRate: 1 } }), kernels)).toThrow(/at least 1 round/);
    expect(() => checkPlan(LENET_300_100_RECIPES.full, ['dense1/kernel', 'dense2/kernel', 'logits/kernel'])).not.toThrow();
  });
});

describe('deepCompress on LeNet-300-100', () => {
  const train = readMnistSplit('train');
  const fullTest = readMnistSplit('test');
  const test: LabelledImages = { count: 2000, images: fullTest.images.subarray(0, 2000 * 784), labels: fullTest.labels.subarray(0, 2000) };

  it('measures each stage in exact bits and writes a file that reloads with identical predictions', async () => {
    const model = await loadZooModel('lenet-300-100');
    const quick = LENET_300_100_RECIPES.quick;
    const plan = { ...quick, prune: { ...quick.prune, rounds: 1, stepsPerRound: 60 }, share: { ...quick.share, steps: 20 } };
    const phases = new Set<string>();
    const result = await deepCompress(model, train, test, plan, { onProgress: (p) => phases.add(p.phase) });
    expect([...phases]).toEqual(['evaluate', 'prune', 'share']);
    const [original, pruned, shared, fixed, huffman] = result.stages;
    expect(original.bits).toBe(266_610 * 32);
    // Stage 1: every stored entry (kept weight or filler) costs a 5-bit gap and a float32 value.
    const entries = ['dense1/kernel', 'dense2/kernel', 'logits/kernel'].reduce((s, name) => s + storedEntries(readWeight(model, name), 5), 0);
    expect(pruned.bits).toBe(entries * 37 + 410 * 32);
    expect(shared.bits).toBe(result.reports.fixed.total.totalBitsFixed);
    expect(huffman.bits).toBe(result.files.huffman.length * 8);
    expect(huffman.bits).toBeLessThan(shared.bits);
    // The fixed-width file: the shared stage's streams plus code tables and headers.
    expect(fixed.bits).toBe(result.files.fixed.length * 8);
    expect(fixed.bits).toBeGreaterThan(shared.bits);
    expect(fixed.accuracy).toBe(huffman.accuracy);
    expect(huffman.ratio).toBeGreaterThan(30);
    expect(huffman.accuracy).toBe(shared.accuracy); // Huffman coding is lossless
    // 60 retraining steps after one-shot pruning to 92 % recover only part of the accuracy (the
    // recipes retrain far longer); the model is still a working classifier.
    expect(huffman.accuracy).toBeGreaterThan(0.75);
    // Linear initialisation keeps the tails: its centroids span the kept weights' range.
    for (const c of result.codebooks) {
      const lin = c.initial.linear;
      expect(lin[0]).toBe(Math.min(...c.kept));
      expect(lin[lin.length - 1]).toBe(Math.max(...c.kept));
    }

    const reloaded = modelFromCompressedFile(result.files.huffman);
    expect(reloaded.modelId).toBe('lenet-300-100');
    // The file keeps only the centroids some weight uses (k-means can leave clusters empty): as
    // many as the kernel has distinct non-zero values, at most 32, 32 and 64.
    const distinct = (name: string) => new Set(readWeight(model, name).filter((w) => w !== 0)).size;
    expect(reloaded.layers.map((l) => [l.name, l.clusters])).toEqual(['dense1/kernel', 'dense2/kernel', 'logits/kernel'].map((n) => [n, distinct(n)]));
    expect(reloaded.layers.map((l) => l.clusters <= (l.name === 'logits/kernel' ? 64 : 32))).toEqual([true, true, true]);
    for (const name of ['dense1/kernel', 'dense1/bias', 'logits/kernel']) expect(readWeight(reloaded.model, name)).toEqual(readWeight(model, name));
    const again = await evaluateModel(reloaded.model, test);
    expect(Array.from(again.predictions)).toEqual(Array.from(result.predictions));
    reloaded.model.dispose();
    model.dispose();
  }, 180_000);

  it('stops when cancelled', async () => {
    const model = await loadZooModel('lenet-300-100');
    const controller = new AbortController();
    const run = deepCompress(model, train, test, LENET_300_100_RECIPES.quick, {
      signal: controller.signal,
      onProgress: (p) => p.phase === 'prune' && p.done === 2 && controller.abort(),
    });
    await expect(run).rejects.toSatisfy(isAbortError);
    model.dispose();
  }, 120_000);
});

describe('modelFromCompressedFile', () => {
  const layer = { name: 'logits/kernel', shape: [784, 10], weights: Float32Array.from({ length: 7840 }, (_, i) => (i % 7 === 0 ? 0.5 : 0)), centroids: Float32Array.of(0.5) };

  it('rebuilds a LeNet-300-100 whose output layer was pruned away, keeping its bias', () => {
    const sparse = (n: number) => Float32Array.from({ length: n }, (_, i) => (i % 9 === 0 ? 0.5 : 0));
    const file = encodeCompressedModel([
      { name: 'dense1/kernel', shape: [784, 300], weights: sparse(235_200), centroids: Float32Array.of(0.5), bias: new Float32Array(300) },
      { name: 'dense2/kernel', shape: [300, 100], weights: sparse(30_000), centroids: Float32Array.of(0.5), bias: new Float32Array(100) },
      { name: 'logits/kernel', shape: [100, 10], weights: new Float32Array(1000), centroids: new Float32Array(0), bias: Float32Array.of(0, 0, 0, 1, 0, 0, 0, 0, 0, 0) },
    ]);
    const { model, modelId, layers } = modelFromCompressedFile(file);
    expect(modelId).toBe('lenet-300-100');
    expect(layers.map((l) => l.nonzeros)).toEqual([Math.ceil(235_200 / 9), Math.ceil(30_000 / 9), 0]);
    expect(readWeight(model, 'logits/kernel').every((w) => w === 0)).toBe(true);
    expect(readWeight(model, 'dense1/kernel')).toEqual(sparse(235_200));
    // With no output weights every image gets the class of the largest bias.
    const prediction = tf.tidy(() => (model.predict(tf.zeros([1, 784])) as tf.Tensor).argMax(-1).dataSync()[0]);
    expect(prediction).toBe(3);
    model.dispose();
  });

  it('says which file problem it met: corrupted, truncated, newer, not a model file, unknown model', () => {
    const file = encodeCompressedModel([layer]);
    const flipped = file.slice();
    flipped[40] ^= 0xff;
    expect(() => modelFromCompressedFile(flipped)).toThrow('the file is corrupted (checksum mismatch)');
    expect(() => modelFromCompressedFile(file.subarray(0, file.length - 10))).toThrow(/the file ends early/);
    const newer = file.slice();
    new DataView(newer.buffer).setUint16(4, MODEL_FILE_VERSION + 1, true);
    new DataView(newer.buffer).setUint32(newer.length - 4, crc32(newer.subarray(0, newer.length - 4)), true);
    expect(() => modelFromCompressedFile(newer)).toThrow(`made by a newer version (v${MODEL_FILE_VERSION + 1})`);
    expect(() => modelFromCompressedFile(new TextEncoder().encode('{"modelTopology": {}}'))).toThrow('not a Compression Lab model file');
    expect(() => modelFromCompressedFile(file)).toThrow('the file\'s layers (logits/kernel[784×10]) match no model of this course');
  });
});
