import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAbortError } from '../contract/abort';
import { evaluateModel } from './evaluate';
import { pickerData, tinyLogitsModel } from './testing/fixtures';
import { trainModel } from './train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const kernelOf = (m: tf.LayersModel) => m.getLayer('logits').getWeights()[0].dataSync() as Float32Array;
const data = pickerData(200);

describe('trainModel', () => {
  it('learns the pixel-picker task from chance to perfect', async () => {
    const model = tinyLogitsModel();
    const before = await evaluateModel(model, data);
    const { losses } = await trainModel(model, data, { steps: 60, batchSize: 20, learningRate: 0.05, seed: 3 });
    const after = await evaluateModel(model, data);
    expect(before.accuracy).toBeLessThan(0.5);
    expect(after.accuracy).toBe(1);
    expect(losses[59]).toBeLessThan(losses[0] / 5);
    model.dispose();
  });

  it('gives bit-identical weights for the same seed, and different ones for another seed', async () => {
    const run = async (seed: number) => {
      const m = tinyLogitsModel();
      await trainModel(m, data, { steps: 5, batchSize: 16, learningRate: 0.01, seed });
      const k = kernelOf(m);
      m.dispose();
      return k;
    };
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('draws batches only from the chosen examples', async () => {
    const seen = new Set<number>();
    const examples = Int32Array.from([4, 9, 13]);
    const model = tinyLogitsModel();
    await trainModel(model, data, {
      steps: 4, batchSize: 2, learningRate: 0.01, seed: 1, examples,
      loss: (logits, labels, indices) => { indices.forEach((i) => seen.add(i)); return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar; },
    });
    expect([...seen].sort((x, y) => x - y)).toEqual([4, 9, 13]);
    model.dispose();
  });

  it('lets a gradients hook freeze weights: zeroed gradients leave the kernel unchanged under SGD', async () => {
    const model = tinyLogitsModel();
    const start = kernelOf(model);
    await trainModel(model, data, {
      steps: 3, batchSize: 10, learningRate: 0.1, seed: 1, optimizer: 'sgd',
      gradients: (grads) => {
        const out: tf.NamedTensorMap = {};
        for (const [name, g] of Object.entries(grads)) { out[name] = tf.zerosLike(g); g.dispose(); }
        return out;
      },
    });
    expect(Array.from(kernelOf(model))).toEqual(Array.from(start));
    model.dispose();
  });

  it('runs afterStep after every update, so a re-applied mask keeps pruned weights at zero', async () => {
    const model = tinyLogitsModel();
    const layer = model.getLayer('logits');
    const mask = tf.tensor2d(Float32Array.from({ length: 7840 }, (_, i) => (i % 3 === 0 ? 0 : 1)), [784, 10]);
    let calls = 0;
    const reMask = () => { calls++; tf.tidy(() => layer.setWeights([layer.getWeights()[0].mul(mask), layer.getWeights()[1]])); };
    reMask();
    await trainModel(model, data, { steps: 6, batchSize: 10, learningRate: 0.05, seed: 2, afterStep: reMask });
    const k = kernelOf(model);
    expect(calls).toBe(7);
    expect(k.filter((_, i) => i % 3 === 0).every((v) => v === 0)).toBe(true);
    expect(k.filter((_, i) => i % 3 !== 0).some((v) => v !== 0)).toBe(true);
    mask.dispose();
    model.dispose();
  });

  it('stops at once when cancelled and keeps the tensor count flat', async () => {
    const model = tinyLogitsModel();
    await trainModel(model, data, { steps: 2, batchSize: 10, learningRate: 0.01, seed: 1 });
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    let steps = 0;
    const run = trainModel(model, data, {
      steps: 1000, batchSize: 10, learningRate: 0.01, seed: 1, signal: controller.signal,
      onStep: ({ step }) => { steps = step; if (step === 3) controller.abort(); },
    });
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(steps).toBe(3);
    await trainModel(model, data, { steps: 5, batchSize: 10, learningRate: 0.01, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('stops with a message when the loss is not finite, instead of filling the weights with NaN', async () => {
    const model = tinyLogitsModel();
    const start = kernelOf(model);
    const run = trainModel(model, data, {
      steps: 5, batchSize: 10, learningRate: 0.01, seed: 1,
      loss: (logits) => logits.sum().mul(Number.NaN) as tf.Scalar,
    });
    await expect(run).rejects.toThrow(/loss became NaN at step 1; the learning rate is probably too high/);
    expect(Array.from(kernelOf(model))).toEqual(Array.from(start));
    model.dispose();
  });

  it('leaves no tensors behind when a step fails: a NaN loss, a gradients hook that throws', async () => {
    const model = tinyLogitsModel();
    await trainModel(model, data, { steps: 1, batchSize: 10, learningRate: 0.01, seed: 1 });
    const before = tf.memory();
    const base = { steps: 5, batchSize: 10, learningRate: 0.01, seed: 1 };
    await expect(trainModel(model, data, { ...base, loss: (logits) => logits.sum().mul(Number.NaN) as tf.Scalar })).rejects.toThrow('loss became NaN');
    await expect(trainModel(model, data, { ...base, gradients: (_, step) => { if (step === 2) throw new Error('the gradients hook broke'); return _; } })).rejects.toThrow('the gradients hook broke');
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    model.dispose();
  });

  it('refuses zero steps, a zero batch and a non-positive learning rate by name', async () => {
    const model = tinyLogitsModel();
    await expect(trainModel(model, data, { steps: 0, batchSize: 1, learningRate: 1, seed: 1 })).rejects.toThrow(/training steps/);
    await expect(trainModel(model, data, { steps: 1, batchSize: 0, learningRate: 1, seed: 1 })).rejects.toThrow(/batch size/);
    await expect(trainModel(model, data, { steps: 1, batchSize: 1, learningRate: 0, seed: 1 })).rejects.toThrow(/learning rate/);
    await expect(trainModel(model, data, { steps: 1, batchSize: 1, learningRate: 1, seed: 1, examples: new Int32Array(0) })).rejects.toThrow(/no training images/);
    model.dispose();
  });
});
