import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activationMemory, DEVICES, layerCost, layersRooflineTime, modelCost, outputShape, roofline, rooflineTime, sparse24WeightBytes, type LayerSpec } from '../index';

describe('dense layers', () => {
  it('count inputs·units weights plus units biases, and inputs·units MACs per image', () => {
    const c = layerCost({ kind: 'dense', inputs: 784, units: 300 });
    expect(c.params).toBe(784 * 300 + 300);
    expect(c.macs).toBe(235_200);
    expect(c.flops).toBe(470_400);
    expect(c.outputShape).toEqual([300]);
  });

  it('move weights once and activations once per image, at 4 bytes by default', () => {
    // 3 inputs, 2 units: 6 weights + 2 biases; 3 inputs + 2 outputs per image.
    const c = layerCost({ kind: 'dense', inputs: 3, units: 2 }, { batch: 10 });
    expect(c.bytes).toBe(4 * (8 + 10 * (3 + 2)));
    expect(c.macs).toBe(60);
    expect(c.intensity).toBeCloseTo(120 / 232, 12);
  });

  it('drop the biases when useBias is false', () => {
    expect(layerCost({ kind: 'dense', inputs: 10, units: 5, useBias: false }).params).toBe(50);
  });
});

describe('LeNet-300-100', () => {
  const lenet: LayerSpec[] = [
    { kind: 'dense', inputs: 784, units: 300 },
    { kind: 'relu', inputShape: [300] },
    { kind: 'dense', inputs: 300, units: 100 },
    { kind: 'relu', inputShape: [100] },
    { kind: 'dense', inputs: 100, units: 10 },
  ];

  it('has 266,610 parameters and 266,200 MACs per image', () => {
    const m = modelCost(lenet);
    expect(m.params).toBe(266_610);
    expect(m.macs).toBe(266_200);
    expect(m.totals.params).toBe(266_610);
    // 266,610 fp32 numbers: 1,066,440 bytes, the "1070 KB" of Han et al. (in 1000-byte KB).
    expect(m.weightBytes).toBe(1_066_440);
    expect(m.layers.map((l) => l.outputShape)).toEqual([[300], [300], [100], [100], [10]]);
  });

  it('scales MACs with the batch but not parameters', () => {
    const m = modelCost(lenet, { batch: 64 });
    expect(m.params).toBe(266_610);
    expect(m.macs).toBe(64 * 266_200);
    expect(m.flops).toBe(2 * 64 * 266_200 + 64 * 400);
  });

  it('keeps layer names in the rows', () => {
    const m = modelCost([{ name: 'fc1', kind: 'dense', inputs: 2, units: 2 }]);
    expect(m.layers[0].name).toBe('fc1');
  });
});

describe('convolutions follow the lecture’s formulas', () => {
  // 32×32×16 input, 3×3 kernels, 'same' padding: output 32×32.
  const base = { kind: 'conv2d' as const, inputShape: [32, 32, 16] as [number, number, number], kernelSize: [3, 3] as [number, number], padding: 'same' as const };

  it('standard: params = kh·kw·Cin·Cout (+Cout), MACs = Hout·Wout·kh·kw·Cin·Cout', () => {
    const c = layerCost({ ...base, filters: 32 });
    expect(c.params).toBe(3 * 3 * 16 * 32 + 32);
    expect(c.macs).toBe(32 * 32 * 3 * 3 * 16 * 32);
    expect(c.outputShape).toEqual([32, 32, 32]);
  });

  it('depthwise: params = kh·kw·1·C, MACs = Hout·Wout·kh·kw·C', () => {
    const c = layerCost({ ...base, filters: 16, groups: 16, useBias: false });
    expect(c.params).toBe(3 * 3 * 16);
    expect(c.macs).toBe(32 * 32 * 3 * 3 * 16);
  });

  it('group: params = kh·kw·(Cin/G)·Cout, MACs = Hout·Wout·kh·kw·(Cin/G)·Cout', () => {
    const c = layerCost({ ...base, filters: 32, groups: 4, useBias: false });
    expect(c.params).toBe(3 * 3 * 4 * 32);
    expect(c.macs).toBe(32 * 32 * 3 * 3 * 4 * 32);
  });

  it('pointwise: a 1×1 standard conv, params = Cin·Cout, MACs = H·W·Cin·Cout', () => {
    const c = layerCost({ kind: 'conv2d', inputShape: [32, 32, 16], kernelSize: [1, 1], filters: 64, useBias: false });
    expect(c.params).toBe(16 * 64);
    expect(c.macs).toBe(32 * 32 * 16 * 64);
  });

  it('valid padding and strides shrink the output as Keras does', () => {
    // LeNet-5 style: 28×28×1, 5×5 kernels, valid → 24×24; stride 2 on 7×7 with 3×3 → 3×3.
    expect(outputShape({ kind: 'conv2d', inputShape: [28, 28, 1], kernelSize: [5, 5], filters: 6 })).toEqual([24, 24, 6]);
    expect(outputShape({ kind: 'conv2d', inputShape: [7, 7, 4], kernelSize: [3, 3], strides: [2, 2], filters: 8 })).toEqual([3, 3, 8]);
    expect(outputShape({ kind: 'conv2d', inputShape: [7, 7, 4], kernelSize: [3, 3], strides: [2, 2], padding: 'same', filters: 8 })).toEqual([4, 4, 8]);
  });

  it('a hand-counted 4×4×2 input with two 3×3 filters costs 2·2·3·3·2·2 = 144 MACs', () => {
    const c = layerCost({ kind: 'conv2d', inputShape: [4, 4, 2], kernelSize: [3, 3], filters: 2 });
    expect(c.macs).toBe(144);
    expect(c.params).toBe(38);
    // fp32 bytes: 38 weights + 32 inputs + 8 outputs.
    expect(c.bytes).toBe(4 * (38 + 32 + 8));
  });
});

describe('pooling, ReLU and normalisation', () => {
  it('pooling costs k·k FLOPs per output and has no parameters', () => {
    const c = layerCost({ kind: 'maxpool', inputShape: [28, 28, 6], poolSize: [2, 2] });
    expect(c.outputShape).toEqual([14, 14, 6]);
    expect(c.flops).toBe(14 * 14 * 6 * 4);
    expect(c.params).toBe(0);
    expect(c.macs).toBe(0);
  });

  it('ReLU costs one FLOP per element', () => {
    expect(layerCost({ kind: 'relu', inputShape: [5, 5, 3] }).flops).toBe(75);
  });

  it('batch norm stores 4 numbers per channel and costs one MAC per element', () => {
    const c = layerCost({ kind: 'batchnorm', inputShape: [8, 8, 10] });
    expect(c.params).toBe(40);
    expect(c.macs).toBe(640);
    expect(c.flops).toBe(1280);
  });

  it('layer norm stores γ and β per feature and costs 7 FLOPs per element', () => {
    const c = layerCost({ kind: 'layernorm', inputShape: [16, 64] });
    expect(c.params).toBe(128);
    expect(c.flops).toBe(7 * 16 * 64);
  });
});

describe('the lecture’s fp16 intensity table (NVIDIA A100)', () => {
  const fp16 = { bytesPerElement: 2 };
  it('Linear 1024→4096 at batch 512 does about 315 FLOP/B', () => {
    expect(layerCost({ kind: 'dense', inputs: 1024, units: 4096 }, { ...fp16, batch: 512 }).intensity).toBeCloseTo(315, 0);
  });
  it('the same layer at batch 1 does about 1 FLOP/B', () => {
    expect(layerCost({ kind: 'dense', inputs: 1024, units: 4096 }, fp16).intensity).toBeCloseTo(1, 1);
  });
  it('3×3 max pooling, stride 1, same padding, does 2.25 FLOP/B whatever the size', () => {
    for (const shape of [[56, 56, 64], [7, 7, 512], [1, 1, 1]] as [number, number, number][]) {
      const c = layerCost({ kind: 'maxpool', inputShape: shape, poolSize: [3, 3], strides: [1, 1], padding: 'same' }, { ...fp16, batch: 8 });
      expect(c.intensity).toBe(2.25);
    }
  });
  it('ReLU does 0.25 FLOP/B', () => {
    expect(layerCost({ kind: 'relu', inputShape: [4096] }, fp16).intensity).toBe(0.25);
  });
  it('layer norm stays under 10 FLOP/B', () => {
    expect(layerCost({ kind: 'layernorm', inputShape: [512, 1024] }, fp16).intensity).toBeLessThan(10);
  });
});

describe('invalid specs throw errors that name the problem', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['negative units', () => layerCost({ kind: 'dense', inputs: 3, units: -2 }), /dense: units must be a positive integer, got -2/],
    ['zero inputs', () => layerCost({ kind: 'dense', inputs: 0, units: 2 }), /dense: inputs/],
    ['groups not dividing channels', () => layerCost({ kind: 'conv2d', inputShape: [8, 8, 6], kernelSize: [3, 3], filters: 8, groups: 4 }), /groups \(4\) must divide the input channels \(6\)/],
    ['groups not dividing filters', () => layerCost({ kind: 'conv2d', inputShape: [8, 8, 6], kernelSize: [3, 3], filters: 8, groups: 3 }), /groups \(3\) must divide the filters \(8\)/],
    ['a kernel larger than the input', () => layerCost({ kind: 'conv2d', inputShape: [2, 2, 1], kernelSize: [3, 3], filters: 1 }), /larger than the input/],
    ['batch 0', () => layerCost({ kind: 'relu', inputShape: [3] }, { batch: 0 }), /batch must be a positive integer, got 0/],
    ['a fractional batch', () => layerCost({ kind: 'relu', inputShape: [3] }, { batch: 1.5 }), /batch must be a positive integer, got 1.5/],
    ['NaN sizes', () => layerCost({ kind: 'relu', inputShape: [NaN] }), /relu: inputShape\[0\] must be a positive integer/],
    ['an unknown kind', () => layerCost({ kind: 'lstm' } as unknown as LayerSpec), /unknown layer kind: lstm/],
    ['a bad layer in a model', () => modelCost([{ kind: 'relu', inputShape: [2] }, { name: 'fc', kind: 'dense', inputs: 2, units: 0 }]), /layer 2 \(fc\): dense: units/],
  ];
  for (const [what, run, message] of cases) it(`for ${what}`, () => expect(run).toThrow(message));
});

describe('roofline', () => {
  it('is memory-bound below the ridge and compute-bound above it', () => {
    // A100 fp16: 312 TFLOP/s, 1555 GB/s → ridge ≈ 200.6 FLOP/B.
    const low = roofline(1, 312e12, 1555e9);
    expect(low.ridge).toBeCloseTo(200.64, 2);
    expect(low.bound).toBe('memory');
    expect(low.attainable).toBe(1555e9);
    const high = roofline(315, 312e12, 1555e9);
    expect(high.bound).toBe('compute');
    expect(high.attainable).toBe(312e12);
  });
  it('gives the time as the larger of compute time and memory time', () => {
    expect(rooflineTime(1e12, 1e9, 1e12, 1e10)).toBe(1);
    expect(rooflineTime(1e9, 1e10, 1e12, 1e10)).toBe(1);
  });
  it('adds each layer’s own bottleneck for a sequence of layers', () => {
    // One compute-bound layer (1 s of maths) and one memory-bound layer (2 s of traffic).
    const t = layersRooflineTime([{ flops: 1e12, bytes: 1e9 }, { flops: 1e9, bytes: 2e10 }], 1e12, 1e10);
    expect(t).toBeCloseTo(3, 12);
    expect(t).toBeGreaterThan(rooflineTime(1e12 + 1e9, 1e9 + 2e10, 1e12, 1e10));
  });
  it('rejects a zero bandwidth', () => expect(() => roofline(1, 1, 0)).toThrow(/bandwidth must be a positive number/));
});

describe('properties', () => {
  const size = fc.integer({ min: 1, max: 64 });
  const denseSpec = fc.record({ inputs: fc.integer({ min: 1, max: 5000 }), units: fc.integer({ min: 1, max: 5000 }), useBias: fc.boolean() });

  it('FLOPs are twice the MACs for dense and conv layers', () => {
    fc.assert(fc.property(denseSpec, fc.integer({ min: 1, max: 1024 }), (d, batch) => {
      const c = layerCost({ kind: 'dense', ...d }, { batch });
      return c.flops === 2 * c.macs;
    }));
    fc.assert(fc.property(size, size, size, size, fc.integer({ min: 1, max: 5 }), fc.constantFrom('same', 'valid'), (h, w, c, f, k, padding) => {
      fc.pre(padding === 'same' || (k <= h && k <= w));
      const cost = layerCost({ kind: 'conv2d', inputShape: [h, w, c], kernelSize: [k, k], filters: f, padding: padding as 'same' | 'valid' });
      return cost.flops === 2 * cost.macs;
    }));
  });

  it('a conv with g groups has 1/g of the MACs and weights of the standard conv', () => {
    fc.assert(fc.property(size, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), (hw, g, cPerGroup, fPerGroup) => {
      const spec = { kind: 'conv2d' as const, inputShape: [hw, hw, g * cPerGroup] as [number, number, number], kernelSize: [3, 3] as [number, number], filters: g * fPerGroup, padding: 'same' as const, useBias: false };
      const standard = layerCost(spec);
      const grouped = layerCost({ ...spec, groups: g });
      return grouped.macs * g === standard.macs && grouped.params * g === standard.params;
    }));
  });

  it('the intensity of a dense layer grows with the batch', () => {
    fc.assert(fc.property(denseSpec, fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 4096 }), (d, b1, extra) => {
      const small = layerCost({ kind: 'dense', ...d }, { batch: b1 }).intensity;
      const large = layerCost({ kind: 'dense', ...d }, { batch: b1 + extra }).intensity;
      return large > small;
    }));
  });

  it('model totals are the sums of the rows', () => {
    fc.assert(fc.property(fc.array(denseSpec, { minLength: 1, maxLength: 5 }), (ds) => {
      const m = modelCost(ds.map((d) => ({ kind: 'dense' as const, ...d })), { batch: 3 });
      return m.params === m.layers.reduce((a, l) => a + l.params, 0) && m.bytes === m.layers.reduce((a, l) => a + l.bytes, 0);
    }));
  });
});

describe('weights stored 2:4 sparse', () => {
  it('take half the values plus a 2-bit position each: 0.625 B per int8 weight, 1.125 B per fp16 weight', () => {
    expect(sparse24WeightBytes(1)).toBe(0.625);
    expect(sparse24WeightBytes(2)).toBe(1.125);
  });

  it('change only the weight bytes of a layer, not its activations or FLOPs', () => {
    const dense = { kind: 'dense', inputs: 784, units: 300 } as const;
    const plain = layerCost(dense, { bytesPerElement: 1 });
    const sparse = layerCost(dense, { bytesPerElement: 1, weightBytesPerElement: 0.625 });
    expect(sparse.weightBytes).toBe(235_500 * 0.625);
    expect(sparse.activationBytes).toBe(plain.activationBytes);
    expect(sparse.flops).toBe(plain.flops);
    expect(sparse.bytes).toBe(235_500 * 0.625 + 784 + 300);
    expect(() => layerCost(dense, { weightBytesPerElement: 0 })).toThrow(/weightBytesPerElement must be a positive number/);
  });

  it('double the A100’s int8 peak and so its ridge point, from 401 to 803 operations per byte', () => {
    expect(DEVICES['a100-int8'].peakFlops / DEVICES['a100-int8'].bandwidth).toBeCloseTo(401.3, 1);
    expect(DEVICES['a100-int8-sparse'].peakFlops / DEVICES['a100-int8-sparse'].bandwidth).toBeCloseTo(802.6, 1);
  });
});

describe('activation memory from layer shapes', () => {
  const lenet = [
    { kind: 'dense', inputs: 784, units: 300, name: 'dense1' },
    { kind: 'relu', inputShape: [300], name: 'relu1' },
    { kind: 'dense', inputs: 300, units: 100, name: 'dense2' },
  ] satisfies (LayerSpec & { name: string })[];

  it('counts the input and every output for all-at-once, and the biggest in+out for one layer at a time', () => {
    // 64 images, fp32: (784 + 300 + 300 + 100) · 64 · 4 and (784 + 300) · 64 · 4.
    expect(activationMemory(lenet, { batch: 64 })).toEqual({ allBytes: 1484 * 256, largestLayerBytes: 1084 * 256, largestLayer: 'dense1' });
    expect(activationMemory(lenet, { batch: 1, bytesPerElement: 1 }).allBytes).toBe(1484);
    expect(activationMemory([]).allBytes).toBe(0);
  });
});
