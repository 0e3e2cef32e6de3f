import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from './models';
import { buildIntegerMlp, denseLayersOf, scoreIntegerMlp } from './integerMlp';
import { loadZooModel, readMnistSplit } from './testing/fixtures';
import type { IntegerMlp } from '../../engine';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

/**
 * An independent reference: the integer network's real values run through tfjs in float32 —
 * dequantized weights and biases, each layer's output rounded to its uint8 grid (fake quantization).
 */
function tfjsFakeQuantPredictions(model: IntegerMlp, images: Uint8Array, count: number): Int32Array {
  return tf.tidy(() => {
    const first = model.layers[0].input;
    let x: tf.Tensor = tf.tensor2d(Float32Array.from(images.subarray(0, count * 784)), [count, 784]).sub(first.zeroPoint).mul(first.scale);
    for (const l of model.layers) {
      const w = tf.tensor2d(Float32Array.from(l.weights, (q, k) => q * l.weightScales[k % l.units]), [l.inputs, l.units]);
      const b = tf.tensor1d(Float32Array.from(l.bias, (q, j) => q * l.weightScales[j] * l.input.scale));
      let y = x.matMul(w).add(b);
      if (l.relu) y = y.relu();
      const { scale, zeroPoint, qmin, qmax } = l.output;
      x = y.div(scale).round().add(zeroPoint).clipByValue(qmin, qmax).sub(zeroPoint).mul(scale);
    }
    return x.argMax(-1).dataSync() as Int32Array;
  });
}

describe('the integer-only LeNet-300-100', () => {
  it('reads the Dense layers of the MLP and refuses a conv net by name', () => {
    const mlp = buildModel('lenet-300-100', 1);
    expect(denseLayersOf(mlp).map((l) => [l.inputs, l.units, l.relu])).toEqual([[784, 300, true], [300, 100, true], [100, 10, false]]);
    const conv = buildModel('lenet-5', 1);
    expect(() => denseLayersOf(conv)).toThrow(/Dense layers only; layer "conv1" is a Conv2D/);
    mlp.dispose();
    conv.dispose();
  });

  it('predicts like the fake-quantized tfjs model on ≥ 99.5% of the 10,000 test images, and keeps the float accuracy', async () => {
    const model = await loadZooModel('lenet-300-100');
    const train = readMnistSplit('train');
    const test = readMnistSplit('test');
    const int = buildIntegerMlp(denseLayersOf(model), train, { calibrationImages: 500, method: 'minmax', perChannel: false, weightBits: 8 });
    expect(int.warnings).toEqual([]);
    const score = await scoreIntegerMlp(int, test);
    const reference = tfjsFakeQuantPredictions(int, test.images, test.count);
    const { runIntegerMlp } = await import('../../engine');
    const predictions = runIntegerMlp(int, test.images, test.count).predictions;
    let same = 0;
    predictions.forEach((p, i) => (same += p === reference[i] ? 1 : 0));
    expect(same / test.count).toBeGreaterThanOrEqual(0.995);
    expect(score.agreement).toBeGreaterThanOrEqual(0.995);
    // The float model scores 98.35%; int8 weights and activations lose at most half a point.
    expect(score.accuracy).toBeGreaterThan(0.978);
    model.dispose();
  }, 60_000);

  it('refuses zero calibration images and more than the training set holds', () => {
    const layers = [{ inputs: 784, units: 10, relu: false, kernel: new Float32Array(7840).fill(0.01), bias: new Float32Array(10) }];
    const train = { count: 2, images: new Uint8Array(2 * 784), labels: new Uint8Array(2) };
    expect(() => buildIntegerMlp(layers, train, { calibrationImages: 0, method: 'minmax', perChannel: false, weightBits: 8 })).toThrow(/at least one image/);
    expect(() => buildIntegerMlp(layers, train, { calibrationImages: 3, method: 'minmax', perChannel: false, weightBits: 8 })).toThrow(/only 2 training images/);
  });
});
