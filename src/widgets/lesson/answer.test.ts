import { describe, expect, it } from 'vitest';
import { comparePrediction, isCorrect, matchesSettings, readNumber, toleranceText } from './answer';

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

describe('toleranceText', () => {
  it('states an exact answer, a relative tolerance and a prediction margin', () => {
    expect(toleranceText({ type: 'number', value: 3, tolerance: 0 })).toBe('The exact number is expected.');
    expect(toleranceText({ type: 'number', value: 3 })).toBe('Answers within 1 % of the exact value count as right.');
    expect(toleranceText({ type: 'number', value: 3, tolerance: 0.05 })).toBe('Answers within 5 % of the exact value count as right.');
    expect(toleranceText({ type: 'measure', key: 'k', run: 'run it', within: 2, unit: '%' })).toBe('A prediction within 2 percentage points of the measurement counts as good.');
    expect(toleranceText({ type: 'choice', options: ['a'], correct: 0 })).toBe('');
  });
});

describe('predictions', () => {
  const predict = { type: 'measure' as const, key: 'quant.accuracy', run: 'run it', within: 2, where: { bits: '3' } };
  it('are good within the margin, either side, and name the signed difference', () => {
    expect(comparePrediction(predict, 90, 91.5)).toEqual({ difference: -1.5, good: true });
    expect(comparePrediction(predict, 94, 91.5)).toEqual({ difference: 2.5, good: false });
    expect(comparePrediction(predict, 93.5, 91.5).good).toBe(true);
  });
  it('use only a measurement taken with the asked settings', () => {
    expect(matchesSettings(predict.where, { bits: '3', granularity: 'tensor' })).toBe(true);
    expect(matchesSettings(predict.where, { bits: '4' })).toBe(false);
    expect(matchesSettings(undefined, {})).toBe(true);
  });
  it('read numbers with thousands separators and refuse empty text', () => {
    expect(readNumber('1,024')).toBe(1024);
    expect(readNumber('1e-3')).toBe(0.001);
    expect(readNumber('  ')).toBeUndefined();
    expect(readNumber('12 %')).toBeUndefined();
  });
});
