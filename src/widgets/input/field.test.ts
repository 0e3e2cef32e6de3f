import { describe, expect, it } from 'vitest';
import { describeRule, parseField } from './field';

const bits = { label: 'Weight bits', min: 1, max: 8, integer: true };
const percent = { label: 'Sparsity', min: 0, max: 99.9, unit: ' %' };

describe('parseField', () => {
  it('reads plain, signed, decimal, exponent and grouped numbers', () => {
    expect(parseField('4', bits)).toEqual({ ok: true, value: 4 });
    expect(parseField(' +8 ', bits)).toEqual({ ok: true, value: 8 });
    expect(parseField('.5', percent)).toEqual({ ok: true, value: 0.5 });
    expect(parseField('9.e0', percent)).toEqual({ ok: true, value: 9 });
    expect(parseField('1e1', percent)).toEqual({ ok: true, value: 10 });
    expect(parseField('1,000', { label: 'Steps', min: 1, max: 5000, integer: true })).toEqual({ ok: true, value: 1000 });
  });

  it('names the field and the range for blank, non-numeric, non-finite, fractional and out-of-range text', () => {
    const cases: [string, string][] = [
      ['', 'Weight bits is empty: enter a whole number from 1 to 8.'],
      ['   ', 'Weight bits is empty: enter a whole number from 1 to 8.'],
      ['four', 'Weight bits must be a whole number from 1 to 8; “four” is not a number.'],
      ['NaN', 'Weight bits must be a whole number from 1 to 8; “NaN” is not a number.'],
      ['Infinity', 'Weight bits must be a whole number from 1 to 8; “Infinity” is not a number.'],
      ['1e999', 'Weight bits must be a whole number from 1 to 8; “1e999” is not a number.'],
      ['0x10', 'Weight bits must be a whole number from 1 to 8; “0x10” is not a number.'],
      ['3.5', 'Weight bits must be a whole number from 1 to 8; “3.5” is not whole.'],
      ['9', 'Weight bits must be a whole number from 1 to 8; got “9”.'],
      ['-1', 'Weight bits must be a whole number from 1 to 8; got “-1”.'],
    ];
    for (const [text, message] of cases) expect(parseField(text, bits)).toEqual({ ok: false, message });
  });

  it('never clamps: the edges are accepted and the first value past them is refused', () => {
    expect(parseField('99.9', percent)).toEqual({ ok: true, value: 99.9 });
    expect(parseField('0', percent)).toEqual({ ok: true, value: 0 });
    expect(parseField('99.91', percent).ok).toBe(false);
    expect(parseField('-0.001', percent).ok).toBe(false);
  });

  it('cuts a long echo of the reader’s text', () => {
    const result = parseField('9'.repeat(5000), bits);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeLessThan(120);
  });

  it('puts units and large bounds in words', () => {
    expect(describeRule(percent)).toBe('a number from 0 % to 99.9 %');
    expect(describeRule({ label: 'Images', min: 1, max: 10000, integer: true })).toBe('a whole number from 1 to 10,000');
    expect(describeRule({ label: 'Learning rate', min: 1e-6, max: 1e20 })).toBe('a number from 0.000001 to 1e20');
    expect(describeRule({ label: 'Index', min: -2, max: Infinity, integer: true })).toBe('a whole number of at least -2');
    expect(describeRule({ label: 'Offset', min: -Infinity, max: 5 })).toBe('a number of at most 5');
    expect(describeRule({ label: 'Scale', min: -Infinity, max: Infinity })).toBe('a number');
  });
});
