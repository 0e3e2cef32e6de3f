import { describe, expect, it } from 'vitest';
import { type LayerSpec, layerCost } from '../cost';
import { layerMatmul, layerSystolic } from './gemm';
import { systolicCycles } from './systolic';

describe('layers as matrix products', () => {
  it('turns a Dense layer into batch × inputs by inputs × units', () => {
    expect(layerMatmul({ kind: 'dense', inputs: 784, units: 300 }, 8)).toEqual({ n: 8, k: 784, m: 300, count: 1 });
  });

  it('turns LeNet-5’s first convolution into 576 positions × 25 taps × 6 filters, with the cost model’s MACs', () => {
    const conv = { kind: 'conv2d', inputShape: [28, 28, 1], filters: 6, kernelSize: [5, 5] } satisfies LayerSpec;
    const p = layerMatmul(conv, 1)!;
    expect(p).toEqual({ n: 576, k: 25, m: 6, count: 1 });
    expect(p.n * p.k * p.m).toBe(layerCost(conv).macs);
  });

  it('splits a depthwise convolution into one product per channel', () => {
    const dw = { kind: 'conv2d', inputShape: [14, 14, 16], filters: 16, groups: 16, kernelSize: [3, 3], padding: 'same' } satisfies LayerSpec;
    const p = layerMatmul(dw, 2)!;
    expect(p).toEqual({ n: 2 * 196, k: 9, m: 1, count: 16 });
    expect(p.count * p.n * p.k * p.m).toBe(2 * layerCost(dw).macs);
    const s = layerSystolic(dw, 2, { rows: 4, cols: 4 })!;
    expect(s.cycles).toBe(16 * systolicCycles(392, 9, 1, { rows: 4, cols: 4 }));
  });

  it('has nothing to multiply for pooling', () => {
    expect(layerMatmul({ kind: 'maxpool', inputShape: [4, 4, 1], poolSize: [2, 2] }, 1)).toBeUndefined();
  });
});
