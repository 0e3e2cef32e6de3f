import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { pickerData, tinyLogitsModel } from './testing/fixtures';
import { variableGrads } from './gradients';
import { trainModel } from './train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('variableGrads', () => {
  it('frees the tensors tfjs saved for the backward pass when the loss throws', () => {
    const w = tf.variable(tf.ones([4, 4]));
    const x = tf.ones([2, 4]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      // relu and matMul save their inputs and outputs for the backward pass before the loss throws.
      expect(() => variableGrads(() => {
        tf.relu(tf.matMul(x, w)).sum();
        throw new Error('a custom loss failed');
      }, [w])).toThrow('a custom loss failed');
    }
    expect(tf.memory().numTensors).toBe(before);
    // The next gradient is still right: d/dw sum(x·w) = xᵀ·1 = 2 everywhere.
    const { value, grads } = variableGrads(() => tf.matMul(x, w).sum() as tf.Scalar, [w]);
    expect(Array.from(grads[w.name].dataSync())).toEqual(new Array(16).fill(2));
    tf.dispose([value, grads, w, x]);
  });

  it('a training step whose loss throws leaves the tensor count where it was', async () => {
    const model = tinyLogitsModel();
    const data = pickerData(40);
    const before = tf.memory().numTensors;
    const failingLoss = (logits: tf.Tensor2D) => {
      tf.softmax(logits);
      throw new Error('the custom loss has a bug');
    };
    for (let i = 0; i < 3; i++) {
      await expect(trainModel(model, data, { steps: 2, batchSize: 10, learningRate: 0.01, seed: 1, loss: failingLoss })).rejects.toThrow('the custom loss has a bug');
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
