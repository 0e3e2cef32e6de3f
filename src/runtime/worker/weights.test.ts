import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from './models';
import { kernelsOf, maskHook, readWeight, writeWeight } from './weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('weights by name', () => {
  it('lists the kernels of LeNet-300-100 and LeNet-5 in layer order with their shapes', () => {
    const mlp = buildModel('lenet-300-100', 1);
    expect(kernelsOf(mlp)).toEqual([
      { name: 'dense1/kernel', shape: [784, 300] },
      { name: 'dense2/kernel', shape: [300, 100] },
      { name: 'logits/kernel', shape: [100, 10] },
    ]);
    const conv = buildModel('lenet-5', 1);
    expect(kernelsOf(conv).map((k) => k.name)).toEqual(['conv1/kernel', 'conv2/kernel', 'fc1/kernel', 'fc2/kernel', 'logits/kernel']);
    mlp.dispose();
    conv.dispose();
  });

  it('writes values that read back exactly, and that the forward pass uses', () => {
    const model = buildModel('lenet-300-100', 1);
    const zeros = new Float32Array(100 * 10);
    writeWeight(model, 'logits/kernel', zeros);
    expect(readWeight(model, 'logits/kernel').every((v) => v === 0)).toBe(true);
    const out = tf.tidy(() => (model.predict(tf.ones([1, 784])) as tf.Tensor).dataSync());
    // Zero logit weights and zero biases: every class gets probability 1/10.
    for (const p of out) expect(p).toBeCloseTo(0.1, 6);
    expect(() => writeWeight(model, 'logits/kernel', new Float32Array(3))).toThrow(/has 1000 values, not 3/);
    expect(() => readWeight(model, 'nope/kernel')).toThrow(/no weight named nope\/kernel/);
    model.dispose();
  });

  it('masks weights to exactly zero, keeps the rest, and frees its tensors', () => {
    const model = buildModel('lenet-300-100', 1);
    const before = readWeight(model, 'dense2/kernel');
    const mask = Uint8Array.from({ length: before.length }, (_, i) => i % 2);
    const tensors = tf.memory().numTensors;
    const hook = maskHook(model, { 'dense2/kernel': mask });
    hook.apply();
    hook.apply();
    hook.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    const after = readWeight(model, 'dense2/kernel');
    // A pruned negative weight becomes −0, which is zero all the same.
    after.forEach((v, i) => expect(i % 2 ? v === before[i] : v === 0).toBe(true));
    expect(() => maskHook(model, { 'dense2/kernel': new Uint8Array(5) })).toThrow(/5 entries; the weight has 30000/);
    model.dispose();
  });
});
