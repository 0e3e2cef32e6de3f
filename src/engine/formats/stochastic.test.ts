import fc from 'fast-check';
import { describe as group, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { decode, encode } from './codec';
import { bracket, withinRange } from './neighbours';
import { compareRepeatedSums, repeatedSum, roundStochastic } from './stochastic';

/** A source that returns 0, 1/n, 2/n, … (n−1)/n in turn: an exactly uniform sample of [0, 1). */
const evenly = (n: number) => { let k = 0; return () => (k++ % n) / n; };

group('roundStochastic', () => {
  it('rounds fp16 1 + 2^-12 (a quarter of the way to 1 + 2^-10) up once in four draws of a uniform grid', () => {
    const x = 1 + 2 ** -12;
    const random = evenly(4);
    const results = [0, 1, 2, 3].map(() => roundStochastic('fp16', x, random));
    expect(results).toEqual([1 + 2 ** -10, 1, 1, 1]);
    // So the mean of the four is x exactly.
    expect(results.reduce((a, b) => a + b) / 4).toBe(x);
  });

  it('has expected value exactly x: towardZero + P(away) · gap = x, in every format', () => {
    const names = ['fp32', 'tf32', 'fp16', 'bf16', 'fp8e4m3', 'fp8e5m2', 'int8', 'uint16'] as const;
    fc.assert(fc.property(fc.constantFrom(...names), fc.oneof(fc.double({ min: -400, max: 400, noNaN: true }), fc.double({ min: -1e-30, max: 1e-30, noNaN: true })), (name, x) => {
      fc.pre(withinRange(name, x));
      const { below, above, towardZero, awayFromZero, position } = bracket(name, x);
      expect(below).toBeLessThanOrEqual(x);
      expect(above).toBeGreaterThanOrEqual(x);
      expect(Math.abs(towardZero)).toBeLessThanOrEqual(Math.abs(awayFromZero));
      expect(position).toBeGreaterThanOrEqual(0);
      expect(position).toBeLessThan(1);
      expect(towardZero + position * (awayFromZero - towardZero) === x).toBe(true); // === so that -0 matches 0
      // The two outcomes are the only ones, and they are neighbours in the format.
      const r = roundStochastic(name, x, Math.random);
      expect(r === below || r === above).toBe(true);
    }), { seed: 20261204, numRuns: 5000 });
  });

  it('averages to x over many seeded draws, within five standard errors', () => {
    const x = 0.1; // in bf16 between 0.099609375 and 0.10009765625
    const { towardZero: below, awayFromZero: above, position } = bracket('bf16', x);
    const random = seededRandom(11);
    const n = 100_000;
    let sum = 0;
    let ups = 0;
    for (let i = 0; i < n; i++) {
      const r = roundStochastic('bf16', x, random);
      sum += r;
      if (r === above) ups++;
    }
    const spread = (above - below) * Math.sqrt(position * (1 - position) / n);
    expect(Math.abs(sum / n - x)).toBeLessThan(5 * spread);
    expect(Math.abs(ups / n - position)).toBeLessThan(5 * Math.sqrt(position * (1 - position) / n));
  });

  it('repeats for a seed, keeps representable values, and rounds NaN and overflow as encode does', () => {
    const draw = (seed: number) => { const r = seededRandom(seed); return Array.from({ length: 20 }, () => roundStochastic('fp16', 1.0003, r)); };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
    const never = () => { throw new Error('drew for a representable value'); };
    expect(roundStochastic('fp16', 0.5, never)).toBe(0.5);
    expect(roundStochastic('fp16', NaN, never)).toBeNaN();
    expect(roundStochastic('fp16', 70000, never)).toBe(Infinity);
    expect(roundStochastic('fp8e4m3', 1000, never)).toBe(448);
    expect(roundStochastic('uint16', -3, never)).toBe(0);
    expect(roundStochastic('uint16', -0.2, never)).toBe(0);
    expect(roundStochastic('fp8e4m3', 449, never)).toBe(448);
    expect(() => bracket('fp16', 65505)).toThrow('outside the range of fp16');
    expect(() => roundStochastic('int8', NaN, never)).toThrow('NaN has no int8 representation');
  });
});

group('repeatedSum', () => {
  it('stalls at 1 in bf16 when 0.001 is added by round-to-nearest (half the gap at 1 is 2^-8)', () => {
    const sums = repeatedSum('bf16', 1, 0.001, 1000);
    expect(sums.length).toBe(1001);
    expect(sums.every((s) => s === 1)).toBe(true);
  });

  it('adds exactly where each step is representable (fp16, 0.25 from 0)', () => {
    expect(Array.from(repeatedSum('fp16', 0, 0.25, 4))).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('tracks the exact sum on average with stochastic rounding, and every value is stored in the format', () => {
    const { exact, nearest, stochastic, stochasticMean } = compareRepeatedSums('bf16', 1, 0.001, 1000, 1, 16);
    expect(exact[1000]).toBeCloseTo(2, 12);
    expect(nearest[1000]).toBe(1);
    // Near 2 the bf16 gap is 2^-6; 16 runs of 1000 draws average well within a couple of gaps.
    expect(Math.abs(stochasticMean[1000] - 2)).toBeLessThan(2 ** -5);
    for (const run of stochastic) for (const s of run) if (decode('bf16', encode('bf16', s)) !== s) throw new Error(`${s} is not a bf16 value`);
    expect(() => repeatedSum('bf16', 1, 0.001, 2.5)).toThrow('steps must be a whole number');
    expect(() => compareRepeatedSums('bf16', 1, 0.001, 10, 1, 0)).toThrow('runs must be a whole number');
  });
});
