import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quantParams, type QuantParams } from './params';
import { dequantize, fakeQuant, quantize, roundHalfEven } from './uniform';

const p: QuantParams = { scale: 0.5, zeroPoint: 10, qmin: 0, qmax: 255 };

describe('roundHalfEven', () => {
  it('rounds ties to the even neighbour', () => {
    expect([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5].map(roundHalfEven)).toEqual([0, 2, 2, 4, 0, -2, -2]);
  });

  it('is within 1/2 of its input and even whenever exactly 1/2 away', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (v) => {
        const r = roundHalfEven(v);
        expect(Number.isInteger(r)).toBe(true);
        expect(Math.abs(r - v)).toBeLessThanOrEqual(0.5);
        if (Math.abs(r - v) === 0.5) expect(r % 2).toBe(0);
      }),
    );
  });
});

describe('quantize', () => {
  it('rounds x / scale, adds the zero point and saturates', () => {
    const x = [0, 0.25, 0.75, 1, -100, 1000, Infinity, -Infinity, -5];
    expect(Array.from(quantize(x, p))).toEqual([10, 10, 12, 12, 0, 255, 255, 0, 0]);
  });

  it('agrees with clamp(roundHalfEven(x / s) + z) on every value, ties and infinities included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -600, max: 600 }).map((k) => k / 4)), { maxLength: 200 }),
        fc.constantFrom(0.5, 0.25, 0.1, 3),
        fc.integer({ min: -20, max: 20 }),
        (xs, scale, zeroPoint) => {
          const params: QuantParams = { scale, zeroPoint, qmin: -128, qmax: 127 };
          const expected = xs.map((x) => Math.min(127, Math.max(-128, roundHalfEven(x / scale) + zeroPoint)));
          expect(Array.from(quantize(Float64Array.from(xs), params))).toEqual(expected);
        },
      ),
    );
  });

  it('fills a given output array, and refuses one of the wrong length', () => {
    const x = Float32Array.of(-1, 0, 2.25, 100);
    const out = new Int32Array(4);
    expect(quantize(x, p, undefined, out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(quantize(x, p)));
    const back = new Float32Array(4);
    expect(dequantize(out, p, back)).toBe(back);
    expect(Array.from(back)).toEqual(Array.from(dequantize(out, p)));
    expect(() => quantize(x, p, undefined, new Int32Array(3))).toThrow(/3 elements; 4 are needed/);
  });

  it('refuses NaN, saying where it is', () => {
    expect(() => quantize([1, Number.NaN], p)).toThrow('cannot quantize NaN (at index 1)');
  });

  it('refuses a zero scale and an unknown rounding mode', () => {
    expect(() => quantize([1], { ...p, scale: 0 })).toThrow(/scale must be positive/);
    // @ts-expect-error testing a bad name from untyped callers
    expect(() => quantize([1], p, { rounding: 'up' })).toThrow('unknown rounding: up');
  });

  it('has error at most scale/2 inside the representable range', () => {
    fc.assert(
      fc.property(
        fc.float({ min: -10, max: 10, noNaN: true }),
        fc.float({ min: Math.fround(0.01), max: 10, noNaN: true }),
        fc.integer({ min: 2, max: 16 }),
        (x, width, bits) => {
          const params = quantParams(-width, width, bits);
          const lo = params.scale * (params.qmin - params.zeroPoint);
          const hi = params.scale * (params.qmax - params.zeroPoint);
          fc.pre(x >= lo && x <= hi);
          const err = Math.abs(fakeQuant([x], params)[0] - x);
          expect(err).toBeLessThanOrEqual(params.scale / 2 + 4e-7 * width);
        },
      ),
    );
  });

  it('rounds stochastically to a neighbour, without bias (E[q] = x / scale)', () => {
    const unit: QuantParams = { scale: 1, zeroPoint: 0, qmin: -100, qmax: 100 };
    const n = 100_000;
    for (const v of [0.3, -2.7, 5.5]) {
      const q = quantize(new Float64Array(n).fill(v), unit, { rounding: 'stochastic', seed: 7 });
      let sum = 0;
      let strays = 0;
      for (const k of q) {
        if (k !== Math.floor(v) && k !== Math.ceil(v)) strays++;
        sum += k;
      }
      expect(strays).toBe(0);
      const frac = v - Math.floor(v);
      const sigma = Math.sqrt((frac * (1 - frac)) / n);
      expect(Math.abs(sum / n - v)).toBeLessThan(4 * sigma);
    }
  });

  it('repeats stochastic rounding for the same seed and changes it for another', () => {
    const x = new Float32Array(1000).fill(0.25); // halfway between two steps
    const a = quantize(x, p, { rounding: 'stochastic', seed: 3 });
    expect(quantize(x, p, { rounding: 'stochastic', seed: 3 })).toEqual(a);
    expect(quantize(x, p, { rounding: 'stochastic', seed: 4 })).not.toEqual(a);
  });
});

describe('dequantize', () => {
  it('computes scale · (q − zeroPoint)', () => {
    expect(Array.from(dequantize([10, 12, 0], p))).toEqual([0, 1, -5]);
  });

  it('inverts quantize on the integer grid', () => {
    const params = quantParams(-3, 5, 6);
    const q = Int32Array.from({ length: 64 }, (_, k) => k);
    expect(quantize(dequantize(q, params), params)).toEqual(q);
  });
});
