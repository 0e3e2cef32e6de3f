import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { klDivergence, softCrossEntropy } from './divergence';
import { softmaxWithTemperature } from './softmax';

const logits = fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 5, maxLength: 5 });

describe('klDivergence', () => {
  it('computes hand examples in nats, with 0 · log 0 = 0', () => {
    expect(klDivergence([1, 0], [0.5, 0.5], 2)).toBeCloseTo(Math.LN2, 15);
    expect(klDivergence([0.5, 0.5], [0.25, 0.75], 2)).toBeCloseTo(0.5 * Math.log(2) + 0.5 * Math.log(2 / 3), 15);
  });

  it('is Infinity where q gives zero probability to an outcome p allows', () => {
    expect(klDivergence([0.5, 0.5], [1, 0], 2)).toBe(Infinity);
  });

  it('averages over rows', () => {
    expect(klDivergence([1, 0, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5], 2)).toBeCloseTo(Math.LN2 / 2, 15);
  });

  it('is ≥ 0 and 0 only for equal distributions (Gibbs)', () => {
    fc.assert(
      fc.property(logits, logits, (a, b) => {
        const p = softmaxWithTemperature(a, 1);
        const q = softmaxWithTemperature(b, 1);
        expect(klDivergence(p, q, 5)).toBeGreaterThanOrEqual(-1e-7);
        expect(klDivergence(p, p, 5)).toBe(0);
      }),
    );
  });

  it('refuses negative probabilities and mismatched lengths', () => {
    expect(() => klDivergence([-0.5, 1.5], [0.5, 0.5], 2)).toThrow('p holds a negative probability -0.5 at index 0');
    expect(() => klDivergence([1], [0.5, 0.5], 2)).toThrow('p and q differ in length (1 and 2)');
  });
});

describe('softCrossEntropy', () => {
  it('is −log softmax(z)[label] for one-hot targets', () => {
    expect(softCrossEntropy([0, 1], [0, Math.log(3)], 2)).toBeCloseTo(-Math.log(0.75), 14);
  });

  it('equals entropy(t) + KL(t ‖ softmax(z))', () => {
    fc.assert(
      fc.property(logits, logits, (a, z) => {
        const t = Float64Array.from(softmaxWithTemperature(a, 1));
        const sum = t.reduce((s, v) => s + v, 0);
        t.forEach((v, i) => (t[i] = v / sum));
        let entropy = 0;
        t.forEach((v) => (entropy -= v > 0 ? v * Math.log(v) : 0));
        const q = Float64Array.from(z, Math.exp);
        const qs = q.reduce((s, v) => s + v, 0);
        q.forEach((v, i) => (q[i] = v / qs));
        expect(softCrossEntropy(t, z, 5)).toBeCloseTo(entropy + klDivergence(t, q, 5), 6);
      }),
    );
  });

  it('stays finite for extreme logits', () => {
    expect(softCrossEntropy([1, 0], [1000, -1000], 2)).toBe(0);
    expect(softCrossEntropy([0, 1], [1000, -1000], 2)).toBe(2000);
  });
});
