import { describe, expect, it } from 'vitest';
import { type PruningSchedule, sparsityAt } from './schedule';

const base: PruningSchedule = { kind: 'polynomial', initialSparsity: 0, finalSparsity: 0.9, startStep: 0, pruningSteps: 10, frequency: 100 };

describe('sparsityAt', () => {
  it('follows Zhu & Gupta (2017) s_t = s_f + (s_i − s_f)(1 − (t − t0)/(nΔt))³ at hand-computed points', () => {
    expect(sparsityAt(base, 0)).toBe(0);
    expect(sparsityAt(base, 100)).toBeCloseTo(0.9 - 0.9 * 0.729, 12); // (1 − 0.1)³ = 0.729
    expect(sparsityAt(base, 500)).toBeCloseTo(0.7875, 12); // 0.9 − 0.9 · 0.5³
    expect(sparsityAt(base, 1000)).toBeCloseTo(0.9, 12);
    expect(sparsityAt(base, 5000)).toBeCloseTo(0.9, 12);
  });

  it('holds the sparsity between pruning events and before the start', () => {
    expect(sparsityAt(base, 599)).toBe(sparsityAt(base, 500));
    const later = { ...base, startStep: 200, initialSparsity: 0.5 };
    expect(sparsityAt(later, 150)).toBe(0.5);
    expect(sparsityAt(later, 200 + 300)).toBeCloseTo(0.9 + (0.5 - 0.9) * 0.7 ** 3, 12);
  });

  it('takes n equal steps for iterative pruning, the first at t0', () => {
    const s: PruningSchedule = { ...base, kind: 'iterative', pruningSteps: 4, finalSparsity: 0.8 };
    const expected = [0, 0.2, 0.2, 0.4, 0.6, 0.8, 0.8];
    [-1, 0, 99, 100, 200, 300, 1000].forEach((t, i) => expect(sparsityAt(s, t)).toBeCloseTo(expected[i], 12));
  });

  it('jumps straight to the final sparsity for one-shot pruning', () => {
    const s: PruningSchedule = { ...base, kind: 'oneShot', startStep: 50 };
    expect([0, 49, 50, 10_000].map((t) => sparsityAt(s, t))).toEqual([0, 0, 0.9, 0.9]);
  });

  it('never decreases the sparsity over time', () => {
    for (const kind of ['oneShot', 'iterative', 'polynomial'] as const) {
      let previous = -1;
      for (let t = -50; t < 1500; t += 7) {
        const s = sparsityAt({ ...base, kind }, t);
        expect(s).toBeGreaterThanOrEqual(previous);
        previous = s;
      }
    }
  });

  it('names unknown schedules and bad settings', () => {
    expect(() => sparsityAt({ ...base, kind: 'cosine' as 'oneShot' }, 1)).toThrow('unknown schedule: cosine');
    expect(() => sparsityAt({ ...base, finalSparsity: 2 }, 1)).toThrow(/between 0 and 1/);
    expect(() => sparsityAt({ ...base, pruningSteps: 0 }, 1)).toThrow(/pruningSteps must be a whole number ≥ 1/);
    expect(() => sparsityAt({ ...base, frequency: 0 }, 1)).toThrow(/frequency/);
    expect(() => sparsityAt(base, NaN)).toThrow(/step must be a number/);
  });
});
