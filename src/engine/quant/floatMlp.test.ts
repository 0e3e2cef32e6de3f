import { describe, expect, it } from 'vitest';
import { calibrateMlp, floatMlpForward } from './floatMlp';
import { quantizeMlpForIntegerInference, type FloatDenseLayer } from './integerModel';
import { runIntegerMlp, traceIntegerMlp } from './integerInference';
import { seededRandom } from '../random';

// 2 inputs → 2 ReLU units → 1 linear output, small enough to do by hand.
const layers: FloatDenseLayer[] = [
  { inputs: 2, units: 2, relu: true, kernel: Float32Array.of(1, -1, 2, 1), bias: Float32Array.of(0, 0.5) },
  { inputs: 2, units: 1, relu: false, kernel: Float32Array.of(1, -2), bias: Float32Array.of(0.25) },
];

describe('floatMlpForward', () => {
  it('computes a two-layer network by hand', () => {
    // x = (1, 0.5): h = relu(1·1 + 0.5·2, 1·−1 + 0.5·1 + 0.5) = (2, 0); y = 2 − 0 + 0.25.
    const [h, y] = floatMlpForward(layers, [1, 0.5]);
    expect(Array.from(h)).toEqual([2, 0]);
    expect(Array.from(y)).toEqual([2.25]);
    // x = (0, 1): h = relu(2, 1.5) = (2, 1.5); y = 2 − 3 + 0.25 = −0.75 (no ReLU on the output).
    expect(Array.from(floatMlpForward(layers, [0, 1])[1])).toEqual([-0.75]);
  });

  it('refuses an input of the wrong width', () => {
    expect(() => floatMlpForward(layers, [1, 2, 3])).toThrow(/takes 2 inputs, got 3/);
  });
});

describe('calibrateMlp', () => {
  it('finds each layer’s output range over the images (min/max)', () => {
    // Bytes 255 and 0 are the real inputs 1 and 0.
    const images = Uint8Array.of(255, 0, 0, 255, 0, 0);
    const c = calibrateMlp(layers, images, 3);
    // Outputs: (1, 0) → h (1, 0) → y 1.25; (0, 1) → h (2, 1.5) → y −0.75; (0, 0) → h (0, 0.5) → y −0.75.
    expect(c.inputRange).toEqual({ min: 0, max: 1 });
    expect(c.activationRanges[0]).toEqual({ min: 0, max: 2 });
    expect(c.activationRanges[1]).toEqual({ min: -0.75, max: 1.25 });
  });

  it('refuses zero calibration images with a message', () => {
    expect(() => calibrateMlp(layers, new Uint8Array(0), 0)).toThrow(/at least one image/);
  });
});

describe('traceIntegerMlp', () => {
  it('ends in exactly the outputs and accumulators runIntegerMlp gives, for every image', () => {
    const random = seededRandom(5);
    const big: FloatDenseLayer[] = [[16, 12], [12, 8], [8, 4]].map(([inputs, units], k) => ({
      inputs, units, relu: k < 2,
      kernel: Float32Array.from({ length: inputs * units }, () => random() - 0.5),
      bias: Float32Array.from({ length: units }, () => 0.1 * (random() - 0.5)),
    }));
    const images = Uint8Array.from({ length: 40 * 16 }, () => Math.floor(random() * 256));
    const model = quantizeMlpForIntegerInference(big, calibrateMlp(big, images, 40));
    const all = runIntegerMlp(model, images, 40);
    for (let n = 0; n < 40; n++) {
      const trace = traceIntegerMlp(model, images.subarray(n * 16, n * 16 + 16));
      expect(trace.map((t) => t.output.length)).toEqual([12, 8, 4]);
      expect(Array.from(trace[0].input)).toEqual(Array.from(images.subarray(n * 16, n * 16 + 16)));
      // each layer's input is the previous layer's output
      expect(Array.from(trace[1].input)).toEqual(Array.from(trace[0].output));
      expect(Array.from(trace[2].output)).toEqual(Array.from(all.logits.subarray(n * 4, n * 4 + 4)));
      expect(Array.from(trace[2].accumulators)).toEqual(Array.from(all.accumulators.subarray(n * 4, n * 4 + 4)));
    }
  });
});
