import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  multiplyByQuantizedMultiplier,
  quantizeMultiplier,
  roundingDivideByPowerOfTwo,
  saturatingRoundingDoublingHighMul,
} from './fixedPoint';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const int32 = fc.oneof(
  fc.integer({ min: INT32_MIN, max: INT32_MAX }),
  fc.constantFrom(INT32_MIN, INT32_MAX, 0, 1, -1, 2 ** 30, -(2 ** 30)),
);

// BigInt references, written from gemmlowp's definitions.
function srdhmRef(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return Number((ab + nudge) / (1n << 31n)); // BigInt division truncates, like C
}

/** x / 2^e rounded to nearest, ties away from zero. */
function roundShiftRef(x: number, e: number): number {
  const d = 1n << BigInt(e);
  const big = BigInt(x);
  const mag = big < 0n ? -big : big;
  const q = (2n * mag + d) / (2n * d); // floor(|x| / d + 1/2)
  return Number(big < 0n ? -q : q);
}

function mbqmRef(acc: number, m0: number, shift: number): number {
  if (shift >= 0) return roundShiftRef(srdhmRef(acc, m0), shift);
  const scaled = BigInt(acc) << BigInt(-shift);
  const sat = scaled > BigInt(INT32_MAX) ? INT32_MAX : scaled < BigInt(INT32_MIN) ? INT32_MIN : Number(scaled);
  return srdhmRef(sat, m0);
}

describe('quantizeMultiplier', () => {
  it('splits hand-picked multipliers into Q31 mantissa and shift', () => {
    expect(quantizeMultiplier(0.5)).toEqual({ m0: 2 ** 30, shift: 0 });
    expect(quantizeMultiplier(0.75)).toEqual({ m0: 0.75 * 2 ** 31, shift: 0 });
    expect(quantizeMultiplier(0.25)).toEqual({ m0: 2 ** 30, shift: 1 });
    expect(quantizeMultiplier(1)).toEqual({ m0: 2 ** 30, shift: -1 });
    expect(quantizeMultiplier(3)).toEqual({ m0: 0.75 * 2 ** 31, shift: -2 });
  });

  it('gives m0 in [2^30, 2^31) and the nearest Q31 value for M in (0, 1)', () => {
    fc.assert(
      fc.property(fc.double({ min: 2 ** -31, max: 1, maxExcluded: true, noNaN: true }), (M) => {
        const { m0, shift } = quantizeMultiplier(M);
        expect(Number.isInteger(m0)).toBe(true);
        expect(m0).toBeGreaterThanOrEqual(2 ** 30);
        expect(m0).toBeLessThan(2 ** 31);
        // shift −1 only when M is so close to 1 that its nearest Q31 value is 1 itself
        expect(shift).toBeGreaterThanOrEqual(M > 1 - 2 ** -32 ? -1 : 0);
        expect(shift).toBeLessThanOrEqual(31);
        const unit = 2 ** (-31 - shift); // value of one step of m0
        expect(Math.abs(m0 * unit - M)).toBeLessThanOrEqual(unit / 2);
        // at least 30 bits of relative accuracy (Jacob et al. 2018, §2.2)
        expect(Math.abs(m0 * unit - M) / M).toBeLessThanOrEqual(2 ** -31);
      }),
    );
  });

  it('rounds a mantissa of 2^31 up to the next power of two', () => {
    expect(quantizeMultiplier(1 - 2 ** -40)).toEqual({ m0: 2 ** 30, shift: -1 });
  });

  it('flushes multipliers below 2^-32 to zero and refuses bad ones', () => {
    expect(quantizeMultiplier(2 ** -40)).toEqual({ m0: 0, shift: 0 });
    expect(() => quantizeMultiplier(0)).toThrow(/positive and finite/);
    expect(() => quantizeMultiplier(Number.NaN)).toThrow(/positive and finite/);
    expect(() => quantizeMultiplier(2 ** 31)).toThrow(/too large/);
  });
});

describe('saturatingRoundingDoublingHighMul', () => {
  it('matches a BigInt reference on random int32 pairs', () => {
    fc.assert(
      fc.property(int32, int32, (a, b) => {
        expect(saturatingRoundingDoublingHighMul(a, b)).toBe(srdhmRef(a, b));
      }),
      { numRuns: 20_000 },
    );
  });

  it('saturates the one overflowing product', () => {
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN)).toBe(INT32_MAX);
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MAX)).toBe(-INT32_MAX);
  });

  it('rounds exact ties up, as gemmlowp does', () => {
    // 3 · 2^30 / 2^31 = 1.5 → 2 ; −1.5 → −1 ; 0.5 → 1 ; −0.5 → 0
    expect(saturatingRoundingDoublingHighMul(3, 2 ** 30)).toBe(2);
    expect(saturatingRoundingDoublingHighMul(-3, 2 ** 30)).toBe(-1);
    expect(saturatingRoundingDoublingHighMul(1, 2 ** 30)).toBe(1);
    expect(saturatingRoundingDoublingHighMul(-1, 2 ** 30)).toBe(0);
    expect(saturatingRoundingDoublingHighMul(7, 2 ** 29)).toBe(2); // 1.75 → 2
    expect(saturatingRoundingDoublingHighMul(-7, 2 ** 29)).toBe(-2);
  });
});

describe('roundingDivideByPowerOfTwo', () => {
  it('matches round-half-away-from-zero for every exponent 0..31', () => {
    fc.assert(
      fc.property(int32, fc.integer({ min: 0, max: 31 }), (x, e) => {
        expect(roundingDivideByPowerOfTwo(x, e)).toBe(roundShiftRef(x, e));
      }),
      { numRuns: 20_000 },
    );
    expect([5, 6, 7, -5, -6, -7].map((x) => roundingDivideByPowerOfTwo(x, 2))).toEqual([1, 2, 2, -1, -2, -2]);
  });
});

describe('multiplyByQuantizedMultiplier', () => {
  it('matches the BigInt reference for any accumulator and multiplier', () => {
    fc.assert(
      fc.property(int32, fc.double({ min: 2 ** -32, max: 1000, noNaN: true }), (acc, M) => {
        const { m0, shift } = quantizeMultiplier(M);
        expect(multiplyByQuantizedMultiplier(acc, m0, shift)).toBe(mbqmRef(acc, m0, shift));
      }),
      { numRuns: 20_000 },
    );
  });

  it('is within one of acc · M when the result fits in int32', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 24), max: 2 ** 24 }), fc.double({ min: 1e-6, max: 100, noNaN: true }), (acc, M) => {
        const { m0, shift } = quantizeMultiplier(M);
        expect(Math.abs(multiplyByQuantizedMultiplier(acc, m0, shift) - acc * M)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('computes a hand example: 25400 · (0.5/127) = 100', () => {
    const { m0, shift } = quantizeMultiplier(0.5 / 127);
    expect(multiplyByQuantizedMultiplier(25400, m0, shift)).toBe(100);
    expect(multiplyByQuantizedMultiplier(-25400, m0, shift)).toBe(-100);
  });
});
