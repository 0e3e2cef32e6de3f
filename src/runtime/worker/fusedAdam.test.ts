import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { adam, FusedAdam, type StepOptimizer } from './fusedAdam';
import { variableGrads } from './gradients';
import { logitsModel } from './models';
import { pickerData, smallMlp } from './testing/fixtures';
import { batchOf, batchSchedule, crossEntropy, trainModel } from './train';

const data = pickerData(200);
const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

/** One step of `optimizer` on a batch of `data`: the softmax cross-entropy of smallMlp's logits. */
function step(model: tf.LayersModel, optimizer: StepOptimizer, indices: Int32Array) {
  const { x, y } = batchOf(data, indices, [784]);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = variableGrads(() => crossEntropy(logitsModel(model).apply(x) as tf.Tensor2D, y), variables);
  optimizer.applyGradients(grads);
  tf.dispose([x, y, value, grads]);
}

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(['cpu', 'wasm'])('fused Adam on the %s backend', (backend) => {
  it('gives tf.train.adam’s weights to the bit after each of 12 steps', async () => {
    await tf.setBackend(backend);
    const [ours, theirs] = [smallMlp(), smallMlp()];
    expect(weightsOf(ours)).toEqual(weightsOf(theirs));
    const [fused, reference] = [adam(0.01), tf.train.adam(0.01)];
    expect(fused).toBeInstanceOf(FusedAdam);
    const nextBatch = batchSchedule(Int32Array.from({ length: data.count }, (_, i) => i), 32, 4);
    for (let k = 0; k < 12; k++) {
      const indices = nextBatch();
      step(ours, fused, indices);
      step(theirs, reference, indices);
      expect(weightsOf(ours)).toEqual(weightsOf(theirs));
    }
    // The updates did move the weights.
    expect(weightsOf(ours)).not.toEqual(weightsOf(smallMlp()));
    for (const d of [fused, reference, ours, theirs]) d.dispose();
  });

  it('is the Adam trainModel uses, and a training run leaves as many tensors as it found, after every step too', async () => {
    await tf.setBackend(backend);
    const model = smallMlp();
    const updates = vi.spyOn(FusedAdam.prototype, 'applyGradients');
    const before = tf.memory().numTensors;
    const during: number[] = [];
    await trainModel(model, data, { steps: 6, batchSize: 20, learningRate: 0.01, seed: 1, onStep: () => { during.push(tf.memory().numTensors); } });
    expect(updates).toHaveBeenCalledTimes(6);
    expect(tf.memory().numTensors).toBe(before);
    expect(new Set(during).size).toBe(1);
    model.dispose();
  });
});

describe('adam', () => {
  it('is tfjs’s Adam on a backend other than wasm and cpu', async () => {
    // The cpu backend's class under another name stands in for webgl, which node lacks.
    await tf.setBackend('cpu');
    const Cpu = tf.backend().constructor as new () => tf.KernelBackend;
    tf.registerBackend('elsewhere', () => new Cpu());
    await tf.setBackend('elsewhere');
    const optimizer = adam(0.01);
    expect(optimizer).toBeInstanceOf(tf.AdamOptimizer);
    optimizer.dispose();
    await tf.setBackend('cpu');
    tf.removeBackend('elsewhere');
  });

  it('takes the gradients as a list of named tensors too, as tf.Optimizer does', async () => {
    await tf.setBackend('cpu');
    const [a, b] = [tf.variable(tf.tensor1d([1, 2])), tf.variable(tf.tensor1d([1, 2]))];
    const g = tf.tensor1d([0.5, -3]);
    new FusedAdam({ learningRate: 0.1 }).applyGradients({ [a.name]: g });
    new FusedAdam({ learningRate: 0.1 }).applyGradients([{ name: b.name, tensor: g }]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(Array.from(b.dataSync(), (x) => +x.toFixed(4))).toEqual([0.9, 2.1]);
    tf.dispose([a, b, g]);
  });

  it('names a gradient of something that is not a variable, and a weight that is not float32', async () => {
    await tf.setBackend('cpu');
    const optimizer = new FusedAdam({ learningRate: 0.1 });
    const g = tf.ones([2]);
    expect(() => optimizer.applyGradients({ 'no such variable': g })).toThrow(/gradient for no such variable, which is not a variable/);
    const counts = tf.variable(tf.tensor1d([1, 2], 'int32'));
    expect(() => optimizer.applyGradients({ [counts.name]: g })).toThrow(/float32 weights only/);
    tf.dispose([g, counts]);
  });
});
