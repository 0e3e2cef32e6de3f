import { describe, expect, it } from 'vitest';
import { compressionOfSparsities, sparsitiesFromScan, type ScanPoint } from './scanSparsities';

/** A hand-made curve: accuracy per sparsity for one layer. */
const curve = (layer: string, values: [number, number][]): ScanPoint[] => values.map(([sparsity, accuracy]) => ({ layer, sparsity, accuracy }));

describe('sparsitiesFromScan', () => {
  const scan = [
    ...curve('dense1', [[0, 0.98], [0.5, 0.979], [0.8, 0.975], [0.9, 0.96], [0.95, 0.9]]),
    ...curve('logits', [[0, 0.98], [0.5, 0.95], [0.8, 0.9]]),
  ];

  it('picks per layer the highest sparsity whose drop stays within the threshold', () => {
    expect(sparsitiesFromScan(scan, 0.01)).toEqual([
      { layer: 'dense1', sparsity: 0.8, baseline: 0.98, accuracy: 0.975 },
      // Already 3 points down at 50 %: this layer is left unpruned.
      { layer: 'logits', sparsity: 0, baseline: 0.98, accuracy: 0.98 },
    ]);
    expect(sparsitiesFromScan(scan, 0.03).map((c) => c.sparsity)).toEqual([0.9, 0.5]);
    expect(sparsitiesFromScan(scan, 1).map((c) => c.sparsity)).toEqual([0.95, 0.8]);
  });

  it('counts a drop of exactly the threshold as within it', () => {
    // 0.9835 − 0.9735 is 0.010000000000000009 in floating point.
    expect(sparsitiesFromScan(curve('a', [[0, 0.9835], [0.5, 0.9735]]), 0.01)[0].sparsity).toBe(0.5);
  });

  it('stops at the first point beyond the threshold even when a later point recovers', () => {
    const noisy = curve('a', [[0.9, 0.97], [0, 0.98], [0.5, 0.975], [0.7, 0.95]]);
    expect(sparsitiesFromScan(noisy, 0.01)[0].sparsity).toBe(0.5);
  });

  it('refuses a curve without its unpruned point and a bad threshold', () => {
    expect(() => sparsitiesFromScan(curve('a', [[0.5, 0.9]]), 0.01)).toThrow('layer a has no point at sparsity 0');
    expect(() => sparsitiesFromScan(scan, -0.01)).toThrow('allowed accuracy drop must be a number ≥ 0');
    expect(() => sparsitiesFromScan(scan, Number.NaN)).toThrow('allowed accuracy drop');
  });
});

describe('compressionOfSparsities', () => {
  it('counts the weights magnitude pruning leaves, biases kept (LeNet-300-100 by hand)', () => {
    // 235,200 · 0.2 + 30,000 · 0.1 + 1,000 kept = 47,040 + 3,000 + 1,000, plus 410 biases.
    const r = compressionOfSparsities([235_200, 30_000, 1_000], [0.8, 0.9, 0], 266_610);
    expect(r.nonzeroParams).toBe(47_040 + 3_000 + 1_000 + 410);
    expect(r.compression).toBeCloseTo(266_610 / 51_450, 12);
  });

  it('rounds each layer as magnitude pruning does and checks its inputs', () => {
    expect(compressionOfSparsities([3], [0.5], 3).nonzeroParams).toBe(1); // round(1.5) = 2 pruned
    expect(() => compressionOfSparsities([3, 4], [0.5], 7)).toThrow('2 kernels but 1 sparsities');
    expect(() => compressionOfSparsities([3], [0.5], 2)).toThrow('cannot hold');
  });
});
