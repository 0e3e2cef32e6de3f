import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './registerWasmTrainingKernels.ts';
import { buildModel } from '../models.ts';

/** Deterministic pseudo-random values in [-1, 1) (no tfjs randomness, so both backends see the same). */
function values(length: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Runs `compute` on `backend` and returns the results as plain arrays. */
async function on(backend: 'cpu' | 'wasm', compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const out = tf.tidy(compute);
  const arrays = out.map((t) => t.dataSync() as Float32Array);
  tf.dispose(out);
  return arrays;
}

/** Max |a − b| relative to the largest |b| (or absolute when |b| ≤ 1). */
function relativeError(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let err = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return err / scale;
}

async function expectSameOnBothBackends(compute: () => tf.Tensor[]) {
  const reference = await on('cpu', compute);
  const wasm = await on('wasm', compute);
  reference.forEach((ref, k) => {
    expect(ref.some((v) => v !== 0)).toBe(true); // a gradient of zeros would prove nothing
    expect(relativeError(wasm[k], ref)).toBeLessThan(1e-4);
  });
}

type Pad = 'same' | 'valid';
type Stride = number | [number, number];

/** Gradients of Σ conv(x, w) · r with respect to x and w, r a fixed random weighting of the output. */
function convGradients(kind: 'conv' | 'depthwise', xShape: number[], wShape: number[], strides: Stride, pad: Pad) {
  return () => {
    const x = tf.tensor4d(values(size(xShape), 1), xShape as [number, number, number, number]);
    const w = tf.tensor4d(values(size(wShape), 2), wShape as [number, number, number, number]);
    const conv = (a: tf.Tensor4D, b: tf.Tensor4D) =>
      kind === 'conv' ? tf.conv2d(a, b, strides, pad) : tf.depthwiseConv2d(a, b, strides, pad);
    const outShape = conv(x, w).shape;
    const r = tf.tensor(values(size(outShape), 3), outShape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => conv(a as tf.Tensor4D, b as tf.Tensor4D).mul(r).sum())([x, w]);
    return [dx, dw];
  };
}

let firstCall: string[] = [];
beforeAll(async () => {
  await tf.setBackend('wasm');
  firstCall = registerWasmTrainingKernels();
});

describe('registerWasmTrainingKernels', () => {
  it('registers the three missing kernels and the faster Conv2DBackpropInput and BatchMatMul once (idempotent)', () => {
    const names = [tf.Conv2DBackpropFilter, tf.DepthwiseConv2dNativeBackpropFilter, tf.DepthwiseConv2dNativeBackpropInput, tf.Conv2DBackpropInput, tf.BatchMatMul];
    expect([...firstCall].sort()).toEqual([...names].sort());
    const before = names.map((name) => tf.getKernel(name, 'wasm')?.kernelFunc);
    expect(before.every((f) => f !== undefined)).toBe(true);
    expect(registerWasmTrainingKernels()).toEqual([]);
    expect(names.map((name) => tf.getKernel(name, 'wasm')?.kernelFunc)).toEqual(before);
  });

  const matMulCases: [number[], number[], boolean, boolean][] = [
    [[5, 7], [7, 3], false, false],
    [[7, 5], [7, 3], true, false],
    [[5, 7], [3, 7], false, true],
    [[7, 5], [3, 7], true, true],
    [[2, 6, 4], [2, 6, 3], true, false],
    [[2, 4, 6], [2, 3, 6], false, true],
  ];
  it.each(matMulCases)('matMul and its gradients match the cpu backend: a %j, b %j, transposeA %s, transposeB %s', async (aShape, bShape, ta, tb) => {
    await expectSameOnBothBackends(() => {
      const a = tf.tensor(values(size(aShape), 4), aShape);
      const b = tf.tensor(values(size(bShape), 5), bShape);
      const product = tf.matMul(a, b, ta, tb);
      const r = tf.tensor(values(size(product.shape), 6), product.shape);
      const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, ta, tb).mul(r).sum())([a, b]);
      return [product, da, db];
    });
  });

  const convCases: [number[], number[], Stride, Pad][] = [
    [[2, 7, 9, 1], [3, 3, 1, 4], 1, 'same'],
    [[2, 7, 9, 1], [3, 3, 1, 4], 1, 'valid'],
    [[1, 8, 8, 3], [5, 5, 3, 6], 1, 'same'],
    [[3, 9, 7, 2], [3, 3, 2, 5], 2, 'same'],
    [[3, 9, 7, 2], [3, 3, 2, 5], 2, 'valid'],
    [[2, 10, 11, 4], [2, 3, 4, 3], [2, 1], 'same'],
    [[2, 10, 11, 4], [4, 4, 4, 3], [3, 2], 'valid'],
    [[2, 6, 6, 8], [1, 1, 8, 16], 1, 'valid'],
    [[4, 28, 28, 1], [5, 5, 1, 6], 1, 'same'],
    [[4, 14, 14, 6], [5, 5, 6, 16], 1, 'valid'],
  ];
  it.each(convCases)('conv2d gradients match the cpu backend: x %j, filter %j, strides %j, %s', async (x, w, s, p) => {
    await expectSameOnBothBackends(convGradients('conv', x, w, s, p));
  });

  const depthwiseCases: [number[], number[], Stride, Pad][] = [
    [[2, 7, 9, 1], [3, 3, 1, 1], 1, 'same'],
    [[2, 7, 9, 3], [3, 3, 3, 1], 1, 'valid'],
    [[3, 9, 8, 4], [3, 3, 4, 1], 2, 'same'],
    [[3, 9, 8, 4], [3, 3, 4, 1], 2, 'valid'],
    [[2, 10, 11, 5], [2, 4, 5, 1], [2, 3], 'same'],
    [[2, 14, 14, 16], [3, 3, 16, 1], 1, 'same'],
    [[2, 14, 14, 32], [3, 3, 32, 1], 2, 'same'],
    [[2, 8, 8, 3], [3, 3, 3, 2], 2, 'same'],
  ];
  it.each(depthwiseCases)('depthwise gradients match the cpu backend: x %j, filter %j, strides %j, %s', async (x, w, s, p) => {
    await expectSameOnBothBackends(convGradients('depthwise', x, w, s, p));
  });

  it('a whole small conv net (conv, depthwise, pointwise, pooling) gets the same gradients', async () => {
    await expectSameOnBothBackends(() => {
      const x = tf.tensor4d(values(3 * 12 * 12 * 1, 4), [3, 12, 12, 1]);
      const labels = tf.oneHot(tf.tensor1d([1, 0, 2], 'int32'), 3);
      const params = [
        tf.variable(tf.tensor4d(values(3 * 3 * 1 * 4, 5), [3, 3, 1, 4])),
        tf.variable(tf.tensor4d(values(3 * 3 * 4 * 1, 6), [3, 3, 4, 1])),
        tf.variable(tf.tensor4d(values(4 * 8, 7), [1, 1, 4, 8])),
        tf.variable(tf.tensor2d(values(8 * 3, 8), [8, 3])),
      ];
      const [stem, dw, pw, dense] = params as [tf.Variable<tf.Rank.R4>, tf.Variable<tf.Rank.R4>, tf.Variable<tf.Rank.R4>, tf.Variable<tf.Rank.R2>];
      const loss = () => {
        let h = tf.relu(tf.conv2d(x, stem, 2, 'same'));
        h = tf.maxPool(h, 2, 1, 'same');
        h = tf.relu(tf.depthwiseConv2d(h, dw, 1, 'valid'));
        h = tf.relu(tf.conv2d(h, pw, 1, 'valid'));
        return tf.losses.softmaxCrossEntropy(labels, tf.matMul(tf.mean(h, [1, 2]) as tf.Tensor2D, dense)) as tf.Scalar;
      };
      const { grads } = tf.variableGrads(loss, params);
      const out = params.map((p) => grads[p.name]);
      params.forEach((p) => p.dispose());
      return out;
    });
  });

  it.each(['lenet-5', 'dsconv'])('one SGD step of the zoo model %s gives the same weights on wasm as on cpu', async (id) => {
    await expectSameOnBothBackends(() => {
      const model = buildModel(id, 7);
      const x = tf.tensor4d(values(8 * 28 * 28, 9).map((v) => Math.max(0, v)), [8, 28, 28, 1]);
      const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10);
      const optimizer = tf.train.sgd(0.5);
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar);
      const before = buildModel(id, 7).getWeights();
      // Return the weight changes, so that a step that changed nothing cannot pass.
      const deltas = model.getWeights().map((w, k) => w.sub(before[k]));
      model.dispose();
      optimizer.dispose();
      return deltas;
    });
  });
});
