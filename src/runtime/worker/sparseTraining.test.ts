import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { firstImages } from './evaluate';
import { buildModel, logitsModel } from './models';
import { quantizationAwareTrain } from './qat';
import { sparseLogits } from './sparseTraining';
import { pixelPickerModel, readMnistSplit, smallMlp } from './testing/fixtures';
import { batchOf, crossEntropy, trainModel } from './train';

const data = firstImages(readMnistSplit('test'), 2000);
const batch = Int32Array.from({ length: 64 }, (_, i) => 17 * i + 3);

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** The loss and gradients of one batch, through tfjs's dense first layer or the sparse one. */
function lossAndGrads(model: tf.LayersModel, path: 'dense' | 'sparse') {
  const net = logitsModel(model);
  const sparse = sparseLogits(model, data);
  expect(sparse).toBeDefined();
  const { x, y } = batchOf(data, batch, [784]);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => {
    const logits = path === 'sparse' ? sparse!(batch)!() : (net.apply(x) as tf.Tensor2D);
    return crossEntropy(logits, y);
  }, variables);
  const out = { loss: value.dataSync()[0], grads: Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, g.dataSync() as Float32Array])) };
  tf.dispose([x, y, value, grads]);
  return out;
}

/** Largest |a − b|. */
function maxDifference(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  for (let i = 0; i < b.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
  return diff;
}

/** Largest |a − b| relative to the largest |b|. */
function relativeError(a: Float32Array, b: Float32Array): number {
  return maxDifference(a, b) / maxDifference(b, new Float32Array(b.length));
}

describe.each(['cpu', 'wasm'])('sparse first layer in training, %s backend', (backend) => {
  it('gives the gradients of tfjs\'s dense path to float rounding, for LeNet-300-100 and a small MLP', async () => {
    await tf.setBackend(backend);
    for (const model of [buildModel('lenet-300-100', 5), smallMlp()]) {
      const dense = lossAndGrads(model, 'dense');
      const sparse = lossAndGrads(model, 'sparse');
      expect(Object.keys(sparse.grads)).toEqual(Object.keys(dense.grads));
      expect(Math.abs(sparse.loss - dense.loss)).toBeLessThan(1e-5);
      for (const [name, g] of Object.entries(dense.grads)) {
        expect(g.some((v) => v !== 0)).toBe(true);
        expect(relativeError(sparse.grads[name], g), name).toBeLessThan(1e-5);
      }
      model.dispose();
    }
  });

  it('trains to the same losses as the dense path, without leaving tensors behind', async () => {
    await tf.setBackend(backend);
    const run = async (sparseInput: boolean) => {
      const model = buildModel('lenet-300-100', 3);
      const { losses } = await trainModel(model, data, { steps: 8, batchSize: 64, learningRate: 1e-3, seed: 4, sparseInput });
      const before = tf.memory().numTensors;
      await trainModel(model, data, { steps: 3, batchSize: 64, learningRate: 1e-3, seed: 5, sparseInput });
      expect(tf.memory().numTensors).toBe(before);
      const kernel = model.getLayer('dense1').getWeights()[0].dataSync() as Float32Array;
      model.dispose();
      return { losses, kernel };
    };
    const [dense, sparse] = [await run(false), await run(true)];
    for (let i = 0; i < dense.losses.length; i++) expect(Math.abs(sparse.losses[i] - dense.losses[i])).toBeLessThan(1e-5);
    // Adam divides each gradient by its own running size, so rounding differences in the smallest
    // gradients move their weights by a sizeable part of a step: within 2 % of one step (lr 1e-3).
    expect(maxDifference(sparse.kernel, dense.kernel)).toBeLessThan(2e-5);
  });

  it('keeps the hooks working: quantization-aware training writes its kernels before the sparse forward pass', async () => {
    await tf.setBackend(backend);
    const run = async (sparseInput: boolean) => {
      const model = smallMlp();
      const { losses } = await quantizationAwareTrain(model, data, { steps: 6, batchSize: 32, learningRate: 1e-2, seed: 2, sparseInput, spec: { bits: 3, granularity: 'tensor', scheme: 'symmetric' } });
      model.dispose();
      return losses;
    };
    const [dense, sparse] = [await run(false), await run(true)];
    for (let i = 0; i < dense.length; i++) expect(Math.abs(sparse[i] - dense[i])).toBeLessThan(1e-5);
  });
});

describe('when the sparse first layer applies', () => {
  it('leaves convolutional models and batches of mostly ink to tfjs', async () => {
    await tf.setBackend('wasm');
    const picker = pixelPickerModel(true);
    expect(sparseLogits(picker, data)).toBeUndefined();
    picker.dispose();
    const model = smallMlp();
    const inverted = { ...data, images: data.images.map((b) => 255 - b) };
    expect(sparseLogits(model, inverted)!(batch)).toBeUndefined();
    const logits = tf.tidy(() => sparseLogits(model, data)!(batch)!().shape);
    expect(logits).toEqual([64, 10]);
    model.dispose();
  });
});
