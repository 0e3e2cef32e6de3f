import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildModel, logitsModel } from './models.ts';
import { ZOO, ZOO_IDS } from '../contract/zoo.ts';

// Parameter counts worked out by hand from the layer shapes (weights + biases).
const expectedParams: Record<string, number> = {
  'lenet-300-100': 784 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10, // 266,610 as in Han et al.
  'lenet-5': 5 * 5 * 6 + 6 + 5 * 5 * 6 * 16 + 16 + 400 * 120 + 120 + 120 * 84 + 84 + 84 * 10 + 10,
  dsconv: 9 * 16 + 16 + (9 * 16 + 16 + 16 * 32 + 32) + (9 * 32 + 32 + 32 * 64 + 64) + (9 * 64 + 64 + 64 * 128 + 128) + 128 * 10 + 10,
  'teacher-1200': 784 * 1200 + 1200 + 1200 * 1200 + 1200 + 1200 * 10 + 10,
};

describe('buildModel', () => {
  it.each(ZOO_IDS)('builds %s with the hand-counted number of parameters and the zoo input shape', (id) => {
    const model = buildModel(id, 1);
    expect(model.countParams()).toBe(expectedParams[id]);
    expect(model.inputs[0].shape.slice(1)).toEqual(ZOO[id].inputShape);
    expect(model.outputs[0].shape).toEqual([null, 10]);
    model.dispose();
  });

  it('gives LeNet-300-100 exactly the 266,610 parameters of the pruning papers', () => {
    expect(expectedParams['lenet-300-100']).toBe(266610);
  });

  it('initialises reproducibly from the seed, and differently for another seed', () => {
    const weights = (seed: number) => buildModel('lenet-5', seed).getWeights().map((w) => Array.from(w.dataSync()));
    const a = weights(3);
    expect(weights(3)).toEqual(a);
    expect(weights(4)[0]).not.toEqual(a[0]);
  });

  it('scales depthwise kernels by their 3×3 fan-in, not by 9·channels', () => {
    // He: std √(2/9) ≈ 0.47, truncated normal ≈ 0.88 of that; the tfjs default would give 0.47/√64 for dw3.
    const model = buildModel('dsconv', 1);
    for (const name of ['dw1', 'dw2', 'dw3']) {
      const std = tf.moments(model.getLayer(name).getWeights()[0]).variance.sqrt().dataSync()[0];
      expect(std).toBeGreaterThan(0.35);
      expect(std).toBeLessThan(0.5);
    }
  });

  it('rejects an unknown id by name', () => {
    expect(() => buildModel('resnet-50', 1)).toThrow('unknown model: resnet-50');
  });
});

describe('logitsModel', () => {
  it.each(['lenet-300-100', 'dsconv'])('%s: softmax of the logits is the model output', (id) => {
    const model = buildModel(id, 2);
    const x = tf.randomUniform([3, ...ZOO[id as keyof typeof ZOO].inputShape], 0, 1, 'float32', 5);
    const logits = logitsModel(model).predict(x) as tf.Tensor;
    const probs = model.predict(x) as tf.Tensor;
    expect(logits.shape).toEqual([3, 10]);
    // Logits are not probabilities: some are negative or rows do not sum to 1.
    expect(logits.min().dataSync()[0] < 0 || Math.abs(logits.sum().dataSync()[0] - 3) > 1e-3).toBe(true);
    const diff = tf.softmax(logits).sub(probs).abs().max().dataSync()[0];
    expect(diff).toBeLessThan(1e-6);
  });
});
