import type * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { weightValues } from './artifacts';
import { castArtifacts, paramBytes, quantizeArtifacts, quantizeKernel, type WeightQuantSpec } from './quantize';

const spec = (bits: number, more: Partial<WeightQuantSpec> = {}): WeightQuantSpec => ({ bits, granularity: 'tensor', scheme: 'symmetric', ...more });

/** Artifacts of a Dense 3→2 layer: kernel [3, 2] (row-major, channels last) and bias [2]. */
function denseArtifacts(kernel: number[], bias: number[]): tf.io.ModelArtifacts {
  const data = new Float32Array([...kernel, ...bias]);
  return {
    modelTopology: {},
    weightSpecs: [
      { name: 'd/kernel', shape: [3, 2], dtype: 'float32' },
      { name: 'd/bias', shape: [2], dtype: 'float32' },
    ],
    weightData: data.buffer,
  };
}

function seeded(n: number): Float32Array {
  let s = 7;
  return Float32Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 0.2);
}

describe('weight quantization of model artifacts', () => {
  it('rounds a kernel to the symmetric 2-bit grid by hand: scale = absmax / 1', () => {
    // 2-bit signed symmetric: q ∈ {−2, −1, 0, 1}, scale = 0.8 / 1 = 0.8.
    const { values, grids } = quantizeKernel(new Float32Array([0.8, -0.3, 0.5, 0.1, -0.8, 0.2]), [3, 2], spec(2));
    expect(Array.from(values)).toEqual([0.8, 0, 0.8, 0, -0.8, 0].map(Math.fround));
    expect(grids).toHaveLength(1);
    expect(grids[0].levels.map((v) => +v.toFixed(6))).toEqual([-1.6, -0.8, 0, 0.8]);
  });

  it('gives each output channel (last axis) its own grid per channel', () => {
    // Channel 0 holds 1, 0.5, −1; channel 1 holds 0.01, −0.02, 0.02: one grid would flatten channel 1 to 0.
    const x = new Float32Array([1, 0.01, 0.5, -0.02, -1, 0.02]);
    const perTensor = quantizeKernel(x, [3, 2], spec(4));
    const perChannel = quantizeKernel(x, [3, 2], spec(4, { granularity: 'channel' }));
    expect([perTensor.values[1], perTensor.values[3], perTensor.values[5]]).toEqual([0, 0, 0]);
    expect(perChannel.grids).toHaveLength(2);
    expect(perChannel.values[3]).toBeCloseTo(-0.02, 6);
    expect(perChannel.grids[1].clipMax).toBeCloseTo(0.02, 6);
  });

  it('binarizes to ±mean|x| and ternarizes to three levels', () => {
    const x = new Float32Array([0.4, -0.2, 0.1, -0.1, 0.3, 0.5]);
    const bin = quantizeKernel(x, [3, 2], spec(1));
    const alpha = (0.4 + 0.2 + 0.1 + 0.1 + 0.3 + 0.5) / 6;
    expect(Array.from(bin.values)).toEqual([alpha, -alpha, alpha, -alpha, alpha, alpha].map(Math.fround));
    const ter = quantizeKernel(x, [3, 2], spec(2, { ternary: true }));
    expect(new Set(Array.from(ter.values).map((v) => Math.sign(v))).size).toBe(3);
    expect(ter.grids[0].levels).toHaveLength(3);
  });

  it('adds about 6 dB of SQNR per extra bit on spread-out weights', () => {
    const kernel = (): tf.io.ModelArtifacts => ({ weightSpecs: [{ name: 'd/kernel', shape: [2000, 2], dtype: 'float32' }], weightData: seeded(4000).buffer as ArrayBuffer });
    const a = quantizeArtifacts(kernel(), spec(4)).report;
    const b = quantizeArtifacts(kernel(), spec(8)).report;
    expect(b.layers[0].sqnrDb - a.layers[0].sqnrDb).toBeGreaterThan(4 * 6.02 - 1.5);
    expect(b.layers[0].sqnrDb - a.layers[0].sqnrDb).toBeLessThan(4 * 6.02 + 1.5);
  });

  it('quantizes kernels only, leaves biases and the input untouched, and counts bytes', () => {
    const input = denseArtifacts([0.8, -0.3, 0.5, 0.1, -0.8, 0.2], [0.123, -0.456]);
    const before = new Float32Array((input.weightData as ArrayBuffer).slice(0));
    const { artifacts, report } = quantizeArtifacts(input, spec(2, { scheme: 'affine', granularity: 'channel' }));
    expect(new Float32Array(input.weightData as ArrayBuffer)).toEqual(before);
    expect(Array.from(weightValues(artifacts, 'd/bias'))).toEqual([0.123, -0.456].map(Math.fround));
    expect(report.layers.map((l) => l.weight)).toEqual(['d/kernel']);
    // 6 values × 2 bits = 2 bytes (rounded up), 2 channels × (scale + zero point) = 16 bytes, bias 8 bytes.
    expect(paramBytes(spec(2, { scheme: 'affine' }))).toBe(8);
    expect(report.layers[0].bytes).toBe(2 + 16);
    expect(report.quantBytes).toBe(2 + 16 + 8);
    expect(report.floatBytes).toBe(32);
  });

  it('refuses bit widths outside 1…8 and ternary at other widths, naming the value', () => {
    const a = denseArtifacts([1, 2, 3, 4, 5, 6], [0, 0]);
    expect(() => quantizeArtifacts(a, spec(9))).toThrow('from 1 to 8 (got 9)');
    expect(() => quantizeArtifacts(a, spec(Number.NaN))).toThrow('got NaN');
    expect(() => quantizeArtifacts(a, spec(3, { ternary: true }))).toThrow('ternary weights need 2 bits (got 3)');
  });

  it('names a missing weight', () => {
    expect(() => weightValues(denseArtifacts([1, 2, 3, 4, 5, 6], [0, 0]), 'nope/kernel')).toThrow('no weight named nope/kernel');
  });

  it('casts kernels to bf16 and fp8 by hand and counts 2 and 1 bytes per value', () => {
    // 0.1 in bf16: 0x3DCD → 0.10009765625; 1/3 in fp8 e4m3: 0.3125 and 0.34375 are neighbours, 1/3 is nearer 0.34375;
    // 300 in e4m3 is between 288 and 320 → 288 (ties/nearest), 500 saturates to 448.
    const a = denseArtifacts([0.1, 1 / 3, 300, 500, -0.1, 0], [0.1, 0.2]);
    const bf = castArtifacts(a, 'bf16');
    expect(weightValues(bf.artifacts, 'd/kernel')[0]).toBe(0.10009765625);
    expect(bf.report.quantBytes).toBe(6 * 2 + 8);
    const e4 = castArtifacts(a, 'fp8e4m3');
    expect(Array.from(weightValues(e4.artifacts, 'd/kernel')).slice(1, 4)).toEqual([0.34375, 288, 448]);
    expect(Array.from(weightValues(e4.artifacts, 'd/bias'))).toEqual([0.1, 0.2].map(Math.fround));
    expect(e4.report.quantBytes).toBe(6 + 8);
    expect(() => castArtifacts(a, 'fp4' as never)).toThrow('unknown cast format: fp4');
  });
});
