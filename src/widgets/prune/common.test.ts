import { describe, expect, it } from 'vitest';
import { accuracyDomain, checkFraction, followUrl, parsePercentList, readSparsity, unitFractions, unitLayers } from './common';

describe('checkFraction', () => {
  it('accepts 0 and 1 and refuses negative, above-one and non-numbers with a message', () => {
    expect(checkFraction(0)).toEqual({ ok: true, value: 0 });
    expect(checkFraction(1)).toEqual({ ok: true, value: 1 });
    expect(checkFraction(-0.1)).toEqual({ ok: false, message: 'Sparsity must be between 0 % and 100 %; -10 % is outside.' });
    expect(checkFraction(1.5)).toEqual({ ok: false, message: 'Sparsity must be between 0 % and 100 %; 150 % is outside.' });
    expect(checkFraction(Number.NaN).ok).toBe(false);
  });
});

describe('parsePercentList', () => {
  it('reads one percent per layer as fractions', () => {
    expect(parsePercentList('92, 91,74', 3)).toEqual({ ok: true, value: [0.92, 0.91, 0.74] });
  });
  it('says what is wrong with a short list, a blank or an out-of-range entry', () => {
    expect(parsePercentList('92,91', 3)).toMatchObject({ ok: false, message: expect.stringContaining('3 numbers') });
    expect(parsePercentList('92,,74', 3)).toMatchObject({ ok: false });
    expect(parsePercentList('92,120,74', 3)).toEqual({ ok: false, message: 'Each layer\'s sparsity must be a number from 0 % to 100 %; got “120”.' });
    expect(parsePercentList('92,abc,74', 3)).toMatchObject({ ok: false, message: expect.stringContaining('“abc” is not a number') });
  });
});

describe('readSparsity', () => {
  it('refuses blank, words, NaN and out-of-range text instead of falling back to a default', () => {
    expect(readSparsity('90')).toEqual({ ok: true, value: 0.9 });
    expect(readSparsity(' 0 ')).toEqual({ ok: true, value: 0 });
    for (const text of ['', 'abc', 'NaN', '150', '-1', 'Infinity']) {
      const r = readSparsity(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/^Sparsity (is empty|must be a number from 0 % to 100 %)/);
    }
  });
});

describe('followUrl', () => {
  it('replaces the box text when a link changes the sparsity, and keeps a draft that says the same value', () => {
    expect(followUrl(-0.2)('abc')).toBe('-20');
    expect(followUrl(0.9)('90.0')).toBe('90.0');
  });
});

describe('accuracyDomain', () => {
  it('zooms to the measured accuracies with a tenth of their spread on each side', () => {
    const [lo, hi] = accuracyDomain([0.9835, 0.961, 0.9584, 0.5], false);
    expect(lo).toBeCloseTo(0.5 - 0.04835, 12);
    expect(hi).toBe(1);
    // 96.10 % against 95.84 %: a quarter-point gap fills most of the axis instead of 0.26 % of it.
    const [a, b] = accuracyDomain([0.961, 0.9584], false);
    expect([a, b].map((v) => +v.toFixed(4))).toEqual([0.9534, 0.966]);
  });
  it('gives the full 0–100 % scale when asked, or before anything was measured', () => {
    expect(accuracyDomain([0.97, 0.98], true)).toEqual([0, 1]);
    expect(accuracyDomain([], false)).toEqual([0, 1]);
  });
});

describe('unitFractions', () => {
  it('removes filters of LeNet-5’s convolutions only, and neurons of its dense layers only', () => {
    expect(unitFractions('lenet-5', 'filters', 0.5)).toEqual({ conv1: 0.5, conv2: 0.5, fc1: 0, fc2: 0 });
    expect(unitFractions('lenet-5', 'neurons', 0.25)).toEqual({ conv1: 0, conv2: 0, fc1: 0.25, fc2: 0.25 });
    expect(unitFractions('lenet-300-100', 'neurons', 0.5)).toEqual({ dense1: 0.5, dense2: 0.5 });
    expect(unitLayers('lenet-300-100', 'filters')).toEqual([]);
  });
});
