import { describe, expect, it } from 'vitest';
import { decodeCompressedModel, encodeCompressedModel } from '../container';
import { pruneAndShare } from './compressLayer';
import { eieSpmv } from './eie';

/** A pruned, clustered Dense layer [inputs, outputs] with a 4-value codebook, through a .clmz file and back. */
function decodedLayer(inputs: number, outputs: number, keepEvery: number) {
  const centroids = Float32Array.of(-0.5, -0.25, 0.25, 0.75);
  const weights = new Float32Array(inputs * outputs);
  for (let i = 0; i < weights.length; i++) if ((i * 7919) % keepEvery === 0) weights[i] = centroids[(i * 31) % 4];
  return decodeCompressedModel(encodeCompressedModel([{ name: 'fc', shape: [inputs, outputs], weights, centroids }]))[0];
}

function dense(weights: Float32Array, x: ArrayLike<number>, inputs: number, outputs: number): Float64Array {
  const y = new Float64Array(outputs);
  for (let i = 0; i < inputs; i++) for (let j = 0; j < outputs; j++) y[j] += x[i] * weights[i * outputs + j];
  return y;
}

describe('eieSpmv', () => {
  const layer = decodedLayer(60, 37, 9);
  const x = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 0 : (i % 7) - 3));

  it('equals the dense product for 1, 4, 16 and 64 PEs', () => {
    const reference = dense(layer.weights, x, 60, 37);
    for (const pes of [1, 4, 16, 64]) {
      const out = eieSpmv(layer, x, pes);
      out.y.forEach((v, j) => expect(v).toBeCloseTo(reference[j], 10));
    }
  });

  it('does one MAC per kept weight in the rows of the non-zero inputs, spread by output mod PEs', () => {
    const out = eieSpmv(layer, x, 4, 8); // 8-bit indices: no padding needed for 37 outputs
    const expected = new Int32Array(4);
    x.forEach((xi, i) => {
      if (xi === 0) return;
      for (let j = 0; j < 37; j++) if (layer.weights[i * 37 + j] !== 0) expected[j % 4]++;
    });
    expect(Array.from(out.workPerPe)).toEqual(Array.from(expected));
    expect(out.broadcasts).toBe(x.filter((v) => v !== 0).length);
    expect(out.queuedCycles).toBe(Math.max(...expected));
    expect(out.lockstepCycles).toBeGreaterThanOrEqual(out.queuedCycles);
  });

  it('adds a padding zero for every 2^b local positions skipped (hand case: 1 PE, 4-bit index)', () => {
    // One input, 40 outputs; kept weights at 0 and 33: 32 zeros between them need 2 padding zeros.
    const weights = new Float32Array(40);
    weights[0] = 1;
    weights[33] = 2;
    const out = eieSpmv({ name: 'hand', shape: [1, 40], weights, centroids: Float32Array.of(1, 2) }, [3], 1, 4);
    expect(Array.from(out.paddingPerPe)).toEqual([2]);
    expect(Array.from(out.workPerPe)).toEqual([4]);
    expect(out.y[33]).toBe(6);
  });

  it('reports perfect balance when every PE has the same work, and less otherwise', () => {
    const even = eieSpmv({ name: 'even', shape: [1, 4], weights: Float32Array.of(1, 1, 1, 1), centroids: Float32Array.of(1) }, [1], 4);
    expect(even.loadBalance).toBe(1);
    const skewed = eieSpmv({ name: 'skew', shape: [1, 8], weights: Float32Array.of(1, 0, 0, 0, 1, 0, 0, 0), centroids: Float32Array.of(1) }, [1], 4);
    expect(Array.from(skewed.workPerPe)).toEqual([2, 0, 0, 0]);
    expect(skewed.loadBalance).toBeCloseTo(2 / 8, 12);
  });

  it('refuses a conv kernel and a wrong input length with messages', () => {
    expect(() => eieSpmv({ name: 'conv', shape: [3, 3, 1, 2], weights: new Float32Array(18), centroids: new Float32Array(0) }, [], 4)).toThrow(/Dense layers/);
    expect(() => eieSpmv(layer, [1, 2], 4)).toThrow(/takes 60 inputs/);
  });
});

describe('pruneAndShare', () => {
  it('keeps the largest 10 % of weights, each one of at most 4 shared values, and survives a .clmz round trip', () => {
    const kernel = Float32Array.from({ length: 200 }, (_, i) => Math.sin(i * 1.7) * (i % 13));
    const layer = pruneAndShare('fc', kernel, [20, 10], 0.9, 4);
    const kept = Array.from(layer.weights).filter((w) => w !== 0);
    expect(kept.length).toBe(20);
    const threshold = [...kernel].map(Math.abs).sort((a, b) => b - a)[19];
    layer.weights.forEach((w, i) => { if (w !== 0) expect(Math.abs(kernel[i])).toBeGreaterThanOrEqual(threshold); });
    expect(new Set(kept).size).toBeLessThanOrEqual(4);
    expect(Array.from(decodeCompressedModel(encodeCompressedModel([layer]))[0].weights)).toEqual(Array.from(layer.weights));
  });
});
