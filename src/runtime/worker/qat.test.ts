import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAbortError } from '../contract/abort';
import { evaluateModel } from './evaluate';
import { quantizationAwareTrain } from './qat';
import { quantizeKernel, type WeightQuantSpec } from './quantize';
import { pickerData, tinyLogitsModel } from './testing/fixtures';
import { readWeight, writeWeight } from './weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const spec3: WeightQuantSpec = { bits: 3, granularity: 'tensor', scheme: 'symmetric' };
const data = pickerData(100);

/** Gradient of the mean cross-entropy over all of `data` with respect to the kernel, at kernel `w`. */
function kernelGradient(w: Float32Array): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor2d(Float32Array.from(data.images, (v) => v / 255), [data.count, 784]);
    const y = tf.oneHot(tf.tensor1d(data.labels, 'int32'), 10).toFloat();
    const k = tf.tensor2d(w, [784, 10]);
    const b = tf.zeros([10]);
    const g = tf.grad((kk: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, x.matMul(kk as tf.Tensor2D).add(b)))(k);
    return g.dataSync() as Float32Array;
  });
}

describe('quantizationAwareTrain', () => {
  it('applies the gradient taken at the quantized kernel to the float kernel (straight-through)', async () => {
    const model = tinyLogitsModel();
    const w0 = readWeight(model, 'logits/kernel');
    const lr = 0.5;
    // One SGD step over the whole set (batch order does not change the mean loss).
    const { floatKernels } = await quantizationAwareTrain(model, data, { spec: spec3, steps: 1, batchSize: data.count, learningRate: lr, seed: 1, optimizer: 'sgd' });
    const gq = kernelGradient(quantizeKernel(w0, [784, 10], spec3).values);
    const gf = kernelGradient(w0);
    const w1 = floatKernels['logits/kernel'];
    let errQ = 0;
    let errF = 0;
    for (let i = 0; i < w0.length; i++) {
      errQ = Math.max(errQ, Math.abs(w1[i] - (w0[i] - lr * gq[i])));
      errF = Math.max(errF, Math.abs(w1[i] - (w0[i] - lr * gf[i])));
    }
    expect(errQ).toBeLessThan(1e-6);
    expect(errF).toBeGreaterThan(1e-4); // the float gradient would have given another update
    // The model ends with the quantized values of that float kernel: at most 8 distinct levels.
    const held = readWeight(model, 'logits/kernel');
    expect(Array.from(held)).toEqual(Array.from(quantizeKernel(w1, [784, 10], spec3).values));
    expect(new Set(held).size).toBeLessThanOrEqual(8);
    model.dispose();
  });

  it('learns the pixel-picker task with binary weights from a start that binarized weights cannot solve', async () => {
    const binary: WeightQuantSpec = { bits: 1, granularity: 'channel', scheme: 'symmetric' };
    const model = tinyLogitsModel(3);
    const start = tinyLogitsModel(3);
    writeWeight(start, 'logits/kernel', quantizeKernel(readWeight(start, 'logits/kernel'), [784, 10], binary).values);
    const ptq = await evaluateModel(start, data);
    const before = tf.memory().numTensors;
    await quantizationAwareTrain(model, data, { spec: binary, steps: 80, batchSize: 20, learningRate: 0.05, seed: 2 });
    expect(tf.memory().numTensors).toBe(before);
    const qat = await evaluateModel(model, data);
    expect(new Set(readWeight(model, 'logits/kernel')).size).toBeLessThanOrEqual(20); // ±α for 10 channels
    expect(ptq.accuracy).toBeLessThan(0.3);
    expect(qat.accuracy).toBeGreaterThan(ptq.accuracy + 0.3);
    model.dispose();
    start.dispose();
  });

  it('leaves quantized weights after a cancel, and refuses a bad spec before training', async () => {
    const model = tinyLogitsModel();
    const controller = new AbortController();
    const run = quantizationAwareTrain(model, data, {
      spec: spec3, steps: 50, batchSize: 10, learningRate: 0.01, seed: 1, signal: controller.signal,
      onStep: ({ step }) => { if (step === 3) controller.abort(); },
    });
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(new Set(readWeight(model, 'logits/kernel')).size).toBeLessThanOrEqual(8);
    await expect(quantizationAwareTrain(model, data, { spec: { ...spec3, bits: 0 }, steps: 1, batchSize: 10, learningRate: 0.01, seed: 1 }))
      .rejects.toThrow('from 1 to 8 (got 0)');
    model.dispose();
  });
});
