import { describe, expect, it } from 'vitest';
import { isCorrect } from './answer';

describe('isCorrect', () => {
  const exact = { type: 'number' as const, value: 235_500, tolerance: 0 };
  it('accepts the exact number with or without thousands separators', () => {
    expect(isCorrect(exact, '235500')).toBe(true);
    expect(isCorrect(exact, '235,500')).toBe(true);
    expect(isCorrect(exact, ' 235 500 ')).toBe(true);
  });
  it('rejects a near miss when no tolerance is allowed', () => expect(isCorrect(exact, '235501')).toBe(false));
  it('accepts answers within a relative tolerance, 1 % by default', () => {
    const kb = { type: 'number' as const, value: 260.36 };
    expect(isCorrect(kb, '260')).toBe(true);
    expect(isCorrect(kb, '263.5')).toBe(false);
  });
  it('cannot read text that is not a number', () => {
    expect(isCorrect(exact, 'lots')).toBeUndefined();
    expect(isCorrect(exact, '')).toBeUndefined();
  });
  it('checks a choice by its index', () => {
    const choice = { type: 'choice' as const, options: ['a', 'b', 'c'], correct: 2 };
    expect(isCorrect(choice, '2')).toBe(true);
    expect(isCorrect(choice, '0')).toBe(false);
    expect(isCorrect(choice, '7')).toBeUndefined();
  });
});
