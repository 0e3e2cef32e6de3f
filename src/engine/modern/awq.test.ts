import { describe, expect, it } from 'vitest';
import { AWQ_ALPHAS, awqQuantize, awqScales, meanAbsColumns } from './awq';
import { roundToNearestGroups } from './groupQuant';
import { layerOutputError } from './matrix';
import { scaleColumns } from './smoothQuant';
import { lenetSecondLayer, randomLayer, type TestLayer } from './testLayers';
import { seededRandom } from '../random';

/** A random layer whose inputs have a few salient channels, `factor` times larger than the rest. */
function salientLayer(seed: number, rows: number, cols: number, samples: number, salient: number[], factor = 20): TestLayer {
  const layer = randomLayer(seed, rows, cols, samples);
  const inputs = layer.inputs.slice();
  const random = seededRandom(seed + 1000);
  for (let s = 0; s < samples; s++) {
    for (const j of salient) inputs[s * cols + j] = factor * (0.5 + random());
  }
  return { ...layer, inputs };
}

describe('AWQ', () => {
  it('computes mean |x_j| and s_j = mean_j^α normalised to √(max · min) = 1, by hand', () => {
    const mean = meanAbsColumns([1, -4, 0, 3, 4, 0], 2, 3);
    expect(Array.from(mean)).toEqual([2, 4, 0]);
    // α = 1: (2, 4, 2) (the silent channel takes the smallest active mean), divided by √(4 · 2).
    const s = awqScales(mean, 1);
    [2, 4, 2].forEach((v, j) => expect(s[j]).toBeCloseTo(v / Math.sqrt(8), 12));
    expect(Array.from(awqScales(mean, 0))).toEqual([1, 1, 1]);
    expect(() => awqScales(mean, 1.5)).toThrow(/alpha/);
  });

  it('is output-preserving before rounding: (W diag(s)) (diag(s)⁻¹ X) = W X', () => {
    const { weights, rows, cols, inputs, samples } = salientLayer(3, 5, 16, 8, [2, 9]);
    const s = awqScales(meanAbsColumns(inputs, samples, cols), 0.7);
    const ws = scaleColumns(weights, rows, cols, s, 'multiply');
    const xs = scaleColumns(inputs, samples, cols, s, 'divide');
    for (let n = 0; n < samples; n++) {
      for (let r = 0; r < rows; r++) {
        let before = 0;
        let after = 0;
        for (let j = 0; j < cols; j++) {
          before += weights[r * cols + j] * inputs[n * cols + j];
          after += ws[r * cols + j] * xs[n * cols + j];
        }
        expect(after).toBeCloseTo(before, 4);
      }
    }
  });

  it('with α = 0 is exactly group-wise round-to-nearest', () => {
    const { weights, rows, cols, inputs, samples } = salientLayer(4, 6, 64, 32, [5]);
    const grid = { bits: 3, groupSize: 32 };
    const awq = awqQuantize(weights, rows, cols, inputs, samples, { ...grid, alphas: [0] });
    const rtn = roundToNearestGroups(weights, rows, cols, grid);
    expect(Array.from(awq.quantized.codes)).toEqual(Array.from(rtn.codes));
    expect(Array.from(awq.weights)).toEqual(Array.from(rtn.dequantized));
    expect(awq.search).toEqual([{ alpha: 0, error: expect.closeTo(layerOutputError(weights, rtn.dequantized, rows, cols, inputs, samples), 6) }]);
  });

  it('reports each trial’s output error as an independent recompute gives it, and keeps the smallest', () => {
    const { weights, rows, cols, inputs, samples } = salientLayer(5, 8, 64, 40, [1, 30]);
    const awq = awqQuantize(weights, rows, cols, inputs, samples, { bits: 4, groupSize: 32 });
    expect(awq.search.map((t) => t.alpha)).toEqual(AWQ_ALPHAS);
    const chosen = awq.search.find((t) => t.alpha === awq.alpha)!;
    expect(chosen.error).toBe(Math.min(...awq.search.map((t) => t.error)));
    const recomputed = layerOutputError(weights, awq.weights, rows, cols, inputs, samples);
    expect(chosen.error / recomputed).toBeCloseTo(1, 9);
  });

  it('beats round-to-nearest clearly on random layers with a few salient input channels (int3 and int4)', () => {
    for (const seed of [10, 11, 12]) {
      for (const [bits, groupSize] of [[4, 64], [3, 64], [3, 32]]) {
        const { weights, rows, cols, inputs, samples } = salientLayer(seed, 16, 128, 96, [3, 40, 77, 100]);
        const rtn = layerOutputError(weights, roundToNearestGroups(weights, rows, cols, { bits, groupSize }).dequantized, rows, cols, inputs, samples);
        const awq = awqQuantize(weights, rows, cols, inputs, samples, { bits, groupSize });
        expect(awq.alpha).toBeGreaterThan(0);
        expect(layerOutputError(weights, awq.weights, rows, cols, inputs, samples)).toBeLessThan(0.8 * rtn);
      }
    }
  });

  it('never does worse than round-to-nearest on LeNet-300-100’s second layer', () => {
    const { weights, rows, cols, inputs, samples } = lenetSecondLayer(128);
    for (const bits of [4, 3]) {
      const grid = { bits, groupSize: 64 };
      const rtn = layerOutputError(weights, roundToNearestGroups(weights, rows, cols, grid).dequantized, rows, cols, inputs, samples);
      const awq = awqQuantize(weights, rows, cols, inputs, samples, grid);
      expect(layerOutputError(weights, awq.weights, rows, cols, inputs, samples)).toBeLessThanOrEqual(rtn);
    }
  });

  it('names bad shapes and an empty α grid', () => {
    expect(() => awqQuantize([1, 2], 1, 2, [1, 2, 3], 2, { bits: 4, groupSize: 2 })).toThrow(/inputs.*2 × 2/);
    expect(() => awqQuantize([1, 2], 1, 2, [1, 2], 1, { bits: 4, groupSize: 2, alphas: [] })).toThrow(/at least one α/);
    expect(() => awqQuantize([1, 2], 1, 2, [1, 2], 1, { bits: 1, groupSize: 2 })).toThrow(/bits/);
  });
});
