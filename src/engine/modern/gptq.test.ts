import { describe, expect, it } from 'vitest';
import { gptqQuantize } from './gptq';
import { engineProduct, type MatrixProduct } from '../linalg';
import { roundToNearestGroups } from './groupQuant';
import { layerHessian, layerOutputError } from './matrix';
import { lenetSecondLayer, randomLayer, type TestLayer } from './testLayers';

function compare(layer: TestLayer, bits: number, groupSize: number, blockSize = 128) {
  const { weights, rows, cols, inputs, samples } = layer;
  const h = layerHessian(inputs, samples, cols);
  const gptq = gptqQuantize(weights, rows, cols, h, { bits, groupSize, blockSize, damp: 0.01 });
  const rtn = roundToNearestGroups(weights, rows, cols, { bits, groupSize });
  return {
    gptq,
    rtn,
    gptqError: layerOutputError(weights, gptq.dequantized, rows, cols, inputs, samples),
    rtnError: layerOutputError(weights, rtn.dequantized, rows, cols, inputs, samples),
  };
}

describe('GPTQ', () => {
  it('uses the same grid as round-to-nearest: same group parameters, codes in range, values on the grid', () => {
    const { gptq, rtn } = compare(randomLayer(1, 8, 64, 128), 3, 32);
    expect(gptq.params).toEqual(rtn.params);
    gptq.codes.forEach((q, i) => {
      const p = gptq.params[Math.floor(i / 64) * 2 + Math.floor((i % 64) / 32)];
      expect(q).toBeGreaterThanOrEqual(p.qmin);
      expect(q).toBeLessThanOrEqual(p.qmax);
      expect(gptq.dequantized[i]).toBe(Math.fround(p.scale * (q - p.zeroPoint)));
    });
  });

  it('equals round-to-nearest when the inputs are uncorrelated (H diagonal: nothing to compensate)', () => {
    // Each sample excites one input only, so H is diagonal and U has no off-diagonal terms.
    const cols = 16;
    const inputs = new Float32Array(cols * cols);
    for (let j = 0; j < cols; j++) inputs[j * cols + j] = 1 + j;
    const layer = { ...randomLayer(2, 4, cols, 1), inputs, samples: cols };
    const { gptq, rtn } = compare(layer, 3, 8);
    expect(Array.from(gptq.codes)).toEqual(Array.from(rtn.codes));
  });

  it('hand case: the first column’s rounding error moves into the second through H⁻¹', () => {
    // H couples inputs 0 and 1: H = [[1, 1, 0], [1, 2, 0], [0, 0, 1]], so H⁻¹ = [[2, −1, 0], [−1, 1, 0], [0, 0, 1]]
    // and U = [[√2, −1/√2, 0], [0, 1/√2, 0], [0, 0, 1]]. Symmetric int3 on w = [0.14, 0.24, 0.3]: scale 0.1.
    // Column 0 rounds to 0.1 (error 0.04); column 1 becomes 0.24 + 0.04 / 2 = 0.26 and rounds to 0.3,
    // where round-to-nearest gives 0.2. Output error δᵀHδ: GPTQ 0.004, round-to-nearest 0.008.
    const h = [1, 1, 0, 1, 2, 0, 0, 0, 1];
    const options = { bits: 3, groupSize: 3, damp: 0, zeroPoint: false };
    const { codes } = gptqQuantize([0.14, 0.24, 0.3], 1, 3, h, options);
    expect(Array.from(codes)).toEqual([1, 3, 3]);
    expect(Array.from(roundToNearestGroups([0.14, 0.24, 0.3], 1, 3, options).codes)).toEqual([1, 2, 3]);
  });

  it('gives the same result for any block size (lazy batch updates are exact)', () => {
    const layer = randomLayer(4, 6, 48, 100);
    const a = compare(layer, 3, 16, 48).gptq;
    const b = compare(layer, 3, 16, 5).gptq;
    expect(Array.from(b.codes)).toEqual(Array.from(a.codes));
  });

  it('never has a larger output error than round-to-nearest on random layers (4, 3, 2 bits; groups 16–64)', () => {
    for (const seed of [10, 11, 12, 13, 14]) {
      for (const [bits, groupSize] of [[4, 64], [3, 32], [2, 16]]) {
        const { gptqError, rtnError } = compare(randomLayer(seed, 12, 128, 256), bits, groupSize);
        expect(gptqError).toBeLessThan(rtnError);
      }
    }
  });

  it('runs its Cholesky factor and block updates through an injected product, and stays ahead of rounding with a float32 one', () => {
    const layer = randomLayer(15, 12, 300, 256);
    const h = layerHessian(layer.inputs, layer.samples, layer.cols);
    let calls = 0;
    const float32: MatrixProduct = (...args) => { calls++; return Float64Array.from(Float32Array.from(engineProduct(...args))); };
    const options = { bits: 3, groupSize: 64, blockSize: 128 };
    const gptq = gptqQuantize(layer.weights, layer.rows, layer.cols, h, { ...options, product: float32 });
    expect(calls).toBe(4 + 4 + 2); // Cholesky, inverse (two per block after the first), two lazy updates
    const rtn = roundToNearestGroups(layer.weights, layer.rows, layer.cols, options);
    const error = (w: ArrayLike<number>) => layerOutputError(layer.weights, w, layer.rows, layer.cols, layer.inputs, layer.samples);
    expect(error(gptq.dequantized)).toBeLessThan(error(rtn.dequantized));
    const exact = gptqQuantize(layer.weights, layer.rows, layer.cols, h, options);
    expect(error(gptq.dequantized) / error(exact.dequantized)).toBeCloseTo(1, 2);
  });

  it('never has a larger output error than round-to-nearest on LeNet-300-100’s second layer', () => {
    const layer = lenetSecondLayer(256);
    for (const [bits, groupSize] of [[4, 64], [3, 64], [2, 64], [3, 300]]) {
      const { gptqError, rtnError } = compare(layer, bits, groupSize);
      expect(gptqError).toBeLessThan(rtnError);
    }
  });

  it('names bad settings and a singular Hessian without damping', () => {
    const w = [0.1, 0.2];
    expect(() => gptqQuantize(w, 1, 2, [1, 0, 0], { bits: 4, groupSize: 2 })).toThrow(/hessian.*2 × 2/);
    expect(() => gptqQuantize(w, 1, 2, [1, 0, 0, 1], { bits: 4, groupSize: 2, damp: -1 })).toThrow(/damp/);
    expect(() => gptqQuantize(w, 1, 2, [1, 0, 0, 1], { bits: 4, groupSize: 2, blockSize: 0 })).toThrow(/blockSize/);
    expect(() => gptqQuantize(w, 1, 2, [1, 1, 1, 1], { bits: 4, groupSize: 2, damp: 0 })).toThrow(/not positive definite/);
  });
});
