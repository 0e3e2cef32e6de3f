import { describe, expect, it } from 'vitest';
import { magnitudeMask } from '../prune/sparsity';
import { inputNorms, rowwiseMask, wandaScores } from './wanda';

describe('Wanda', () => {
  it('computes input norms and scores by hand', () => {
    // Inputs (3 samples × 2 features): feature 0 = (3, 0, 4) → norm 5; feature 1 = (0, 1, 0) → 1.
    const norms = inputNorms([3, 0, 0, 1, 4, 0], 3, 2);
    expect(Array.from(norms)).toEqual([5, 1]);
    expect(Array.from(wandaScores([0.1, -0.4, -0.2, 0.3], 2, 2, norms))).toEqual([0.5, 0.4, 1, 0.3].map(Math.fround));
  });

  it('keeps a small weight on a loud input that magnitude pruning would drop', () => {
    const weights = Float32Array.from([0.1, -0.4, -0.2, 0.3]);
    const norms = [5, 1];
    // Magnitude (layer-wise, 50 %) prunes 0.1 and −0.2, both on the loud input 0.
    expect(Array.from(magnitudeMask(weights, 0.5))).toEqual([0, 1, 0, 1]);
    // Wanda compares within each row: row 0 scores (0.5, 0.4), row 1 (1.0, 0.3).
    expect(Array.from(rowwiseMask(wandaScores(weights, 2, 2, norms), 2, 2, 0.5))).toEqual([1, 0, 1, 0]);
  });

  it('prunes the same count in every row, ties to the lower column', () => {
    const mask = rowwiseMask([1, 1, 1, 1, 3, 2, 1, 0], 2, 4, 0.5);
    expect(Array.from(mask)).toEqual([0, 0, 1, 1, 1, 1, 0, 0]);
  });

  it('with equal input norms, is magnitude pruning within each row', () => {
    const w = Float32Array.from({ length: 40 }, (_, i) => Math.cos(i * 7.3));
    const perRow = Array.from({ length: 4 }, (_, r) => Array.from(magnitudeMask(w.slice(r * 10, r * 10 + 10), 0.3)));
    expect(Array.from(rowwiseMask(wandaScores(w, 4, 10, new Array(10).fill(2)), 4, 10, 0.3))).toEqual(perRow.flat());
  });

  it('names a norm count that does not match', () => {
    expect(() => wandaScores([1, 2], 1, 2, [1])).toThrow(/2 inputs but 1 input norms/);
    expect(() => rowwiseMask([1, 2], 1, 2, 1.5)).toThrow(/sparsity/);
  });
});
