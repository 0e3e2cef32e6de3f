import { describe, expect, it } from 'vitest';
import { hasOverflow, nextLossScale, type LossScaleState } from './lossScale';

function run(start: LossScaleState, overflows: boolean[], options = {}): LossScaleState[] {
  const states: LossScaleState[] = [];
  let s = start;
  for (const o of overflows) states.push((s = nextLossScale(s, o, options)));
  return states;
}

describe('nextLossScale', () => {
  it('halves the scale on an overflow and restarts the count of good steps', () => {
    expect(nextLossScale({ scale: 65536, goodSteps: 1234 }, true)).toEqual({ scale: 32768, goodSteps: 0 });
  });

  it('doubles the scale after growthInterval good steps in a row (hand-run, interval 3)', () => {
    const states = run({ scale: 8, goodSteps: 0 }, [false, false, false, false, true, false, false, false], { growthInterval: 3 });
    expect(states.map((s) => s.scale)).toEqual([8, 8, 16, 16, 8, 8, 8, 16]);
    expect(states.map((s) => s.goodSteps)).toEqual([1, 2, 0, 1, 0, 1, 2, 0]);
  });

  it('grows by 2^⌊k/interval⌋ over k good steps with the default interval of 2000', () => {
    const states = run({ scale: 1, goodSteps: 0 }, new Array(4999).fill(false));
    expect(states.at(-1)).toEqual({ scale: 4, goodSteps: 999 });
  });

  it('never goes below minScale, and uses the given factor', () => {
    expect(nextLossScale({ scale: 1, goodSteps: 0 }, true)).toEqual({ scale: 1, goodSteps: 0 });
    expect(nextLossScale({ scale: 3, goodSteps: 0 }, true, { minScale: 2 }).scale).toBe(2);
    expect(nextLossScale({ scale: 1024, goodSteps: 0 }, true, { factor: 4 }).scale).toBe(256);
    expect(nextLossScale({ scale: 1024, goodSteps: 9 }, false, { factor: 4, growthInterval: 10 }).scale).toBe(4096);
  });

  it('names a bad state or option', () => {
    expect(() => nextLossScale({ scale: 0, goodSteps: 0 }, false)).toThrow(/loss scale must be a positive number \(got 0\)/);
    expect(() => nextLossScale({ scale: NaN, goodSteps: 0 }, false)).toThrow(/positive/);
    expect(() => nextLossScale({ scale: -4, goodSteps: 0 }, false)).toThrow(/positive/);
    expect(() => nextLossScale({ scale: 4, goodSteps: 0 }, false, { factor: 1 })).toThrow(/factor must be a number above 1/);
    expect(() => nextLossScale({ scale: 4, goodSteps: 0 }, false, { growthInterval: 0 })).toThrow(/growth interval/);
  });
});

describe('hasOverflow', () => {
  it('finds infinities and NaN, and nothing in finite arrays', () => {
    expect(hasOverflow(Float32Array.of(1, -65504, 0))).toBe(false);
    expect(hasOverflow(Float32Array.of(1, Infinity))).toBe(true);
    expect(hasOverflow([-Infinity])).toBe(true);
    expect(hasOverflow([0, NaN])).toBe(true);
  });
});
