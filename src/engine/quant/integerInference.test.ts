import { describe, expect, it } from 'vitest';
import { quantizeMlpForIntegerInference, type FloatDenseLayer, type MlpCalibration } from './integerModel';
import { runFakeQuantMlp, runIntegerMlp } from './integerInference';
import { tensorRange, type ValueRange } from './perChannel';
import { quantParams } from './params';
import { seededRandom as seededUniform } from '../random';
import { gaussianSamples } from './testData';

function randomMlp(sizes: number[], seed: number, weightScale = (j: number) => 1 + 0 * j): FloatDenseLayer[] {
  return sizes.slice(1).map((units, k) => {
    const inputs = sizes[k];
    const g = gaussianSamples(inputs * units + units, seed + k);
    const std = Math.sqrt(2 / inputs);
    return {
      inputs,
      units,
      relu: k < sizes.length - 2,
      kernel: Float32Array.from({ length: inputs * units }, (_, i) => g[i] * std * weightScale(i % units)),
      bias: Float32Array.from({ length: units }, (_, j) => 0.1 * g[inputs * units + j]),
    };
  });
}

/** Float64 forward pass; returns every layer's outputs (after ReLU), [count, units] each. */
function floatForward(layers: FloatDenseLayer[], x: Float64Array, count: number): Float64Array[] {
  const outs: Float64Array[] = [];
  let input = x;
  for (const { kernel, bias, inputs, units, relu } of layers) {
    const y = new Float64Array(count * units);
    for (let n = 0; n < count; n++) {
      for (let j = 0; j < units; j++) {
        let s = bias[j];
        for (let i = 0; i < inputs; i++) s += kernel[i * units + j] * input[n * inputs + i];
        y[n * units + j] = relu ? Math.max(s, 0) : s;
      }
    }
    outs.push(y);
    input = y;
  }
  return outs;
}

function randomPixels(count: number, width: number, seed: number): Uint8Array {
  const u = seededUniform(seed);
  // like MNIST: mostly black, some bright pixels
  return Uint8Array.from({ length: count * width }, () => (u() < 0.7 ? 0 : Math.floor(u() * 256)));
}

/** Real inputs the bytes stand for: scale · (p − zeroPoint) of the input range's uint8 grid. */
function realInputs(pixels: Uint8Array, inputRange: ValueRange): Float64Array {
  const { scale, zeroPoint } = quantParams(inputRange.min, inputRange.max, 8);
  return Float64Array.from(pixels, (p) => scale * (p - zeroPoint));
}

function calibrationFor(
  layers: FloatDenseLayer[],
  pixels: Uint8Array,
  count: number,
  inputRange: ValueRange = { min: 0, max: 1 },
): MlpCalibration {
  return {
    inputRange,
    activationRanges: floatForward(layers, realInputs(pixels, inputRange), count).map((y) => tensorRange(y)),
  };
}

function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
  return best;
}

function agreement(a: Int32Array, b: ArrayLike<number>): number {
  let same = 0;
  a.forEach((v, i) => (same += v === b[i] ? 1 : 0));
  return same / a.length;
}

describe('integer-only MLP inference', () => {
  it('computes a one-weight network by hand: 0.5 · 200/255 on a [0, 1] output grid is 100', () => {
    const layers = [{ inputs: 1, units: 1, relu: true, kernel: Float32Array.of(0.5), bias: Float32Array.of(0) }];
    const model = quantizeMlpForIntegerInference(layers, {
      inputRange: { min: 0, max: 1 },
      activationRanges: [{ min: 0, max: 1 }],
    });
    const [layer] = model.layers;
    expect(layer.weights[0]).toBe(127);
    expect(layer.weightScales[0]).toBeCloseTo(0.5 / 127, 15);
    const result = runIntegerMlp(model, Uint8Array.of(200, 0, 255), 3);
    expect(Array.from(result.accumulators)).toEqual([25400, 0, 32385]);
    expect(Array.from(result.logits)).toEqual([100, 0, 128]); // 127.5 rounds away from zero
  });

  it('agrees with the fake-quant simulation on ≥ 99.5% of predictions (random 3-layer MLP)', () => {
    const layers = randomMlp([64, 48, 32, 10], 100);
    const calibration = calibrationFor(layers, randomPixels(500, 64, 1), 500);
    const model = quantizeMlpForIntegerInference(layers, calibration);
    expect(model.warnings).toEqual([]);
    const count = 3000;
    const pixels = randomPixels(count, 64, 2);
    const int = runIntegerMlp(model, pixels, count);
    const fake = runFakeQuantMlp(model, pixels, count);
    expect(agreement(int.predictions, fake.predictions)).toBeGreaterThanOrEqual(0.995);
    // the outputs themselves: mostly equal, never more than one step apart (the integer
    // requantization rounds twice, see multiplyByQuantizedMultiplier)
    const q = Int32Array.from(fake.logits, (v) => Math.round(v / model.layers[2].output.scale) + model.layers[2].output.zeroPoint);
    expect(agreement(q, int.logits)).toBeGreaterThan(0.95);
    q.forEach((v, i) => expect(Math.abs(v - int.logits[i])).toBeLessThanOrEqual(1));
    // and quantization keeps most predictions of the float network
    const float = floatForward(layers, realInputs(pixels, calibration.inputRange), count)[2];
    const floatPredictions = Int32Array.from({ length: count }, (_, n) => argmax(float.subarray(n * 10, n * 10 + 10)));
    expect(agreement(floatPredictions, int.predictions)).toBeGreaterThan(0.9);
  });

  it('handles zero points other than 0 (inputs in [−1, 1], no ReLU)', () => {
    const layers = randomMlp([48, 24, 10], 21).map((l) => ({ ...l, relu: false }));
    const inputRange = { min: -1, max: 1 };
    const calibration = calibrationFor(layers, randomPixels(500, 48, 6), 500, inputRange);
    const model = quantizeMlpForIntegerInference(layers, calibration);
    expect(model.layers[0].input.zeroPoint).toBe(128);
    expect(model.layers[0].output.zeroPoint).toBeGreaterThan(0);
    const count = 2000;
    const pixels = randomPixels(count, 48, 7);
    const int = runIntegerMlp(model, pixels, count);
    expect(agreement(int.predictions, runFakeQuantMlp(model, pixels, count).predictions)).toBeGreaterThanOrEqual(0.995);
    const float = floatForward(layers, realInputs(pixels, inputRange), count)[1];
    const floatPredictions = Int32Array.from({ length: count }, (_, n) => argmax(float.subarray(n * 10, n * 10 + 10)));
    expect(agreement(floatPredictions, int.predictions)).toBeGreaterThan(0.9);
  });

  it('has exactly the accumulators the real-valued maths gives', () => {
    const layers = randomMlp([32, 12], 7);
    const pixels = randomPixels(200, 32, 3);
    const model = quantizeMlpForIntegerInference(layers, calibrationFor(layers, pixels, 200));
    const int = runIntegerMlp(model, pixels, 200);
    const fake = runFakeQuantMlp(model, pixels, 200);
    const [layer] = model.layers;
    // independent integer reference, j-outer order
    for (let n = 0; n < 200; n++) {
      for (let j = 0; j < 12; j++) {
        let acc = layer.bias[j];
        for (let i = 0; i < 32; i++) acc += layer.weights[i * 12 + j] * (pixels[n * 32 + i] - layer.input.zeroPoint);
        expect(int.accumulators[n * 12 + j]).toBe(acc);
        const real = acc * layer.weightScales[j] * layer.input.scale;
        expect(fake.preActivations[n * 12 + j]).toBeCloseTo(real, 5);
      }
    }
  });

  it('supports per-channel weight scales, which fit columns of very different size better', () => {
    const layers = randomMlp([40, 16], 9, (j) => (j === 0 ? 100 : 1));
    const pixels = randomPixels(400, 40, 4);
    const calibration = calibrationFor(layers, pixels, 400);
    const float = floatForward(layers, Float64Array.from(pixels, (p) => p / 255), 400)[0];
    const error = (perChannel: boolean) => {
      const model = quantizeMlpForIntegerInference(layers, calibration, { perChannel });
      const { preActivations } = runFakeQuantMlp(model, pixels, 400);
      let e = 0;
      // skip the big column 0; the small columns suffer from its scale per tensor
      preActivations.forEach((v, i) => (e += i % 16 === 0 ? 0 : (v - float[i]) ** 2));
      return e;
    };
    expect(error(true)).toBeLessThan(error(false) / 100);
    const model = quantizeMlpForIntegerInference(layers, calibration, { perChannel: true });
    const int = runIntegerMlp(model, pixels, 400);
    expect(agreement(int.predictions, runFakeQuantMlp(model, pixels, 400).predictions)).toBeGreaterThanOrEqual(0.995);
    expect(new Set(model.layers[0].m0).size).toBeGreaterThan(1);
  });

  it('handles multipliers ≥ 1 (an output grid finer than the accumulator) with a left shift', () => {
    const layers = randomMlp([16, 8, 4], 12);
    const pixels = randomPixels(300, 16, 5);
    const calibration = calibrationFor(layers, pixels, 300);
    // 2-bit weights make S_w large; a narrow output range makes S_out small
    calibration.activationRanges[1] = { min: -0.01, max: 0.01 };
    const model = quantizeMlpForIntegerInference(layers, calibration, { weightBits: 2 });
    expect(Math.min(...model.layers[1].shift)).toBeLessThan(0);
    const int = runIntegerMlp(model, pixels, 300);
    const fake = runFakeQuantMlp(model, pixels, 300);
    expect(agreement(int.predictions, fake.predictions)).toBeGreaterThanOrEqual(0.995);
  });

  it('reports an all-zero layer instead of dividing by zero', () => {
    const layers = randomMlp([4, 3], 1);
    layers[0].kernel.fill(0);
    const model = quantizeMlpForIntegerInference(layers, { inputRange: { min: 0, max: 1 }, activationRanges: [{ min: 0, max: 0 }] });
    expect(model.warnings.join('\n')).toMatch(/layer 0 weights: .*only 0/);
    expect(model.warnings.join('\n')).toMatch(/layer 0 output: .*only 0/);
    expect(Array.from(runIntegerMlp(model, Uint8Array.of(1, 2, 3, 4), 1).logits)).toEqual([0, 0, 0]);
  });

  it('explains malformed models and inputs', () => {
    const layers = randomMlp([4, 3, 2], 1);
    const calibration = { inputRange: { min: 0, max: 1 }, activationRanges: [{ min: 0, max: 1 }, { min: -1, max: 1 }] };
    expect(() => quantizeMlpForIntegerInference(layers, { ...calibration, activationRanges: [] })).toThrow(
      'need one activation range per layer (2), got 0',
    );
    expect(() => quantizeMlpForIntegerInference([layers[0], layers[0]], calibration)).toThrow(
      'layer 1 takes 4 inputs but layer 0 gives 3',
    );
    const one = { ...calibration, activationRanges: calibration.activationRanges.slice(0, 1) };
    expect(() => quantizeMlpForIntegerInference([{ ...layers[0], kernel: new Float32Array(5) }], one)).toThrow(
      /kernel has 5 values, expected inputs × units = 12/,
    );
    expect(() => quantizeMlpForIntegerInference(layers, calibration, { weightBits: 9 })).toThrow(/weightBits/);
    const model = quantizeMlpForIntegerInference(layers, calibration);
    expect(() => runIntegerMlp(model, new Uint8Array(7), 2)).toThrow('expected 2 inputs of 4 values (8), got 7 values');
  });
});
