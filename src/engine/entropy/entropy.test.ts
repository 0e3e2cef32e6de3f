import { describe, expect, it } from 'vitest';
import { averageCodeLength, entropyBits } from './entropy';

describe('entropyBits', () => {
  it('is log2(m) bits for m equally likely symbols and 0 for a certain one', () => {
    expect(entropyBits([1, 1, 1, 1])).toBe(2);
    expect(entropyBits([0, 5, 0])).toBe(0);
  });

  it('matches a hand computation: p = ½, ¼, ¼ → 1.5 bits', () => {
    expect(entropyBits([2, 1, 1])).toBe(1.5);
  });

  it('rejects empty, all-zero and negative frequencies', () => {
    expect(() => entropyBits([])).toThrow('no symbol has a non-zero frequency');
    expect(() => entropyBits([0, 0])).toThrow('no symbol has a non-zero frequency');
    expect(() => entropyBits([1, -2])).toThrow(/symbol 1/);
  });
});

describe('averageCodeLength', () => {
  it('weights each length by its probability: CLRS example = 2.24 bits', () => {
    expect(averageCodeLength([45, 13, 12, 16, 9, 5], [1, 3, 3, 3, 4, 4])).toBeCloseTo(2.24, 12);
  });

  it('rejects mismatched lengths', () => {
    expect(() => averageCodeLength([1, 2], [1])).toThrow('2 frequencies but 1 code lengths');
  });
});
