import { describe, expect, it } from 'vitest';
import { quantParams } from './params';
import {
  largestMagnitude,
  channelRanges,
  fakeQuantPerChannel,
  quantParamsPerChannel,
  quantizePerChannel,
  tensorRange,
} from './perChannel';
import { fakeQuant } from './uniform';
import { mse } from './error';
import { gaussianSamples } from './testData';

// A [2, 3] Dense kernel (2 inputs, 3 output units), row-major.
const kernel = Float32Array.from([1, -20, 0.5, -2, 10, 0.25]);

describe('tensorRange', () => {
  it('finds the smallest and largest value', () => {
    expect(tensorRange(kernel)).toEqual({ min: -20, max: 10 });
  });

  it('refuses an empty tensor and NaN', () => {
    expect(() => tensorRange([])).toThrow(/empty/);
    expect(() => tensorRange([1, Number.NaN])).toThrow('the tensor holds NaN (at index 1)');
  });
});

describe('largestMagnitude', () => {
  it('finds the entry of largest absolute value, negative ones included, the first of equals', () => {
    expect(largestMagnitude([0.1, -0.7, 0.3, 0.7])).toEqual({ index: 1, value: -0.7 });
    expect(largestMagnitude(Float32Array.of(2))).toEqual({ index: 0, value: 2 });
    expect(() => largestMagnitude([])).toThrow(/empty/);
  });
});

describe('channelRanges', () => {
  it('splits a Dense kernel [in, out] along its last axis (output units)', () => {
    const expected = [
      { min: -2, max: 1 },
      { min: -20, max: 10 },
      { min: 0.25, max: 0.5 },
    ];
    expect(channelRanges(kernel, [2, 3], 1)).toEqual(expected);
    expect(channelRanges(kernel, [2, 3], -1)).toEqual(expected);
  });

  it('splits along the first axis (rows)', () => {
    expect(channelRanges(kernel, [2, 3], 0)).toEqual([
      { min: -20, max: 1 },
      { min: -2, max: 10 },
    ]);
  });

  it('splits a conv kernel [kh, kw, in, out] along its output channels', () => {
    const x = Float32Array.from({ length: 2 * 2 * 1 * 3 }, (_, i) => (i % 3) * 100 + i);
    expect(channelRanges(x, [2, 2, 1, 3], 3)).toEqual([
      { min: 0, max: 9 },
      { min: 101, max: 110 },
      { min: 202, max: 211 },
    ]);
  });

  it('explains a shape that does not match and an axis that does not exist', () => {
    expect(() => channelRanges(kernel, [4, 2], 1)).toThrow('shape [4, 2] holds 8 values but the tensor has 6');
    expect(() => channelRanges(kernel, [2, 3], 2)).toThrow('axis 2 does not exist in a tensor of rank 2');
    expect(() => channelRanges(kernel, [2, 3], -3)).toThrow(/axis -3/);
    expect(() => channelRanges(kernel, [6, 0.5], 0)).toThrow(/positive whole numbers/);
  });
});

describe('per-channel quantization', () => {
  it('quantizes each column with its own parameters', () => {
    const params = quantParamsPerChannel(kernel, [2, 3], 1, 8, { symmetric: true, narrowRange: true });
    expect(params.map((p) => p.scale)).toEqual([2 / 127, 20 / 127, 0.5 / 127]);
    const fq = fakeQuantPerChannel(kernel, [2, 3], 1, params);
    for (let j = 0; j < 3; j++) {
      const column = [kernel[j], kernel[3 + j]];
      const expected = fakeQuant(column, params[j]);
      expect([fq[j], fq[3 + j]]).toEqual(Array.from(expected));
    }
  });

  it('stores integers in the same layout as the tensor', () => {
    const params = quantParamsPerChannel(kernel, [2, 3], 1, 8, { symmetric: true, narrowRange: true });
    expect(Array.from(quantizePerChannel(kernel, [2, 3], 1, params))).toEqual([64, -127, 127, -127, 64, 64]);
  });

  it('refuses a parameter list of the wrong length', () => {
    const params = quantParamsPerChannel(kernel, [2, 3], 1, 8);
    expect(() => fakeQuantPerChannel(kernel, [2, 3], 0, params)).toThrow('got 3 sets of parameters for 2 channels');
  });

  it('beats one scale per tensor when channel ranges differ by 100x (Jacob et al. §3)', () => {
    const [rows, cols] = [64, 8];
    const g = gaussianSamples(rows * cols, 5);
    const x = g.map((v, i) => v * (i % cols === 0 ? 100 : 1));
    const options = { symmetric: true, narrowRange: true };
    const { min, max } = tensorRange(x);
    const perTensor = mse(x, fakeQuant(x, quantParams(min, max, 8, options)));
    const perChannel = mse(x, fakeQuantPerChannel(x, [rows, cols], 1, quantParamsPerChannel(x, [rows, cols], 1, 8, options)));
    expect(perChannel).toBeLessThan(perTensor / 5);
  });
});
