import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateModel } from './evaluate';
import { csrFromDense } from '../../engine';
import { batchToTensor, gatherPixels } from './mnist';
import { imagesAsCsr, sparseFirstLayer } from './sparseInput';
import { loadZooModel, pixelPickerModel, readMnistSplit } from './testing/fixtures';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

/** Predictions of model.predict on the dense input: the path evaluateModel took before. */
async function densePredictions(model: tf.LayersModel, images: Uint8Array, count: number): Promise<Uint8Array> {
  const out = new Uint8Array(count);
  for (let first = 0; first < count; first += 1000) {
    const n = Math.min(1000, count - first);
    const classes = tf.tidy(() => (model.predict(batchToTensor(images, first, n, [784]), { batchSize: n }) as tf.Tensor).argMax(-1));
    out.set(await classes.data(), first);
    classes.dispose();
  }
  return out;
}

describe('sparse first layer', () => {
  it('stores exactly the non-zero pixels of each image asked for, in that order, as byte / 255', () => {
    const images = new Uint8Array(3 * 4);
    images.set([0, 255, 0, 51, 0, 0, 0, 0, 102, 0, 0, 0]);
    const csr = imagesAsCsr(images, [0, 1, 2], 4);
    expect([csr.rows, csr.cols]).toEqual([3, 4]);
    expect(Array.from(csr.rowPtr)).toEqual([0, 2, 2, 3]);
    expect(Array.from(csr.colIndex)).toEqual([1, 3, 0]);
    expect(Array.from(csr.values)).toEqual([1, Math.fround(0.2), Math.fround(0.4)]);
    const picked = imagesAsCsr(images, [2, 0], 4);
    expect(Array.from(picked.rowPtr)).toEqual([0, 1, 3]);
    expect(Array.from(picked.colIndex)).toEqual([0, 1, 3]);
    // The same as the CSR form of the gathered pixels.
    expect(picked).toEqual(csrFromDense(gatherPixels(images, [2, 0], 4), 2, 4));
  });

  it('gives LeNet-300-100 the same prediction as the dense tfjs product on all 10,000 test images', async () => {
    const test = readMnistSplit('test');
    const model = await loadZooModel('lenet-300-100');
    expect(sparseFirstLayer(model, test, test.count)).toBeDefined();
    const dense = await densePredictions(model, test.images, test.count);
    const before = tf.memory().numTensors;
    const sparse = await evaluateModel(model, test);
    await evaluateModel(model, test);
    expect(tf.memory().numTensors).toBe(before);
    expect(Buffer.compare(Buffer.from(sparse.predictions), Buffer.from(dense))).toBe(0);
    expect(sparse.accuracy).toBe(0.9835);
    model.dispose();
  }, 60_000);

  it('leaves convolutional models to tfjs', async () => {
    const test = readMnistSplit('test');
    const picker = pixelPickerModel(true);
    expect(sparseFirstLayer(picker, test, 10)).toBeUndefined();
    picker.dispose();
    const lenet5 = await loadZooModel('lenet-5');
    expect(sparseFirstLayer(lenet5, test, 10)).toBeUndefined();
    lenet5.dispose();
  });
});
