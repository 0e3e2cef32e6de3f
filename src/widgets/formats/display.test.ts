import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES, roundingError } from '../../engine';
import { bitAt, fieldLabel, formatQuantity, formatRelative, patternBinary, patternHex, patternLabel, storedText, texValue, withBit } from './display';

describe('pattern text', () => {
  it('pads hex and binary to the format width', () => {
    expect(patternHex(0x2e66n, 16)).toBe('2e66');
    expect(patternLabel(0x1dn, 8)).toBe('0x1D');
    expect(patternLabel(0x1ee66n, 19)).toBe('0x1EE66');
    expect(patternBinary(5n, 8)).toBe('00000101');
  });

  it('reads and writes single bits of wide patterns', () => {
    const top = 1n << 63n;
    expect(bitAt(top, 63)).toBe(1);
    expect(bitAt(top, 62)).toBe(0);
    expect(withBit(top, 63, 0)).toBe(0n);
    expect(withBit(0n, 10, 1)).toBe(1024n);
    expect(withBit(1024n, 10, 1)).toBe(1024n);
  });
});

describe('number text', () => {
  it('writes whole numbers exactly and others to four significant digits', () => {
    expect(formatQuantity(65504)).toBe('65504');
    expect(formatQuantity(57344)).toBe('57344');
    expect(formatQuantity(2 ** -24)).toBe('5.96e−8');
    expect(formatQuantity(0.0999755859375)).toBe('0.09998');
    expect(formatQuantity(-3.4028234663852886e38)).toBe('−3.403e38');
    expect(formatQuantity(-0)).toBe('−0');
    expect(formatQuantity(-Infinity)).toBe('−∞');
  });

  it('writes relative errors as percentages', () => {
    expect(formatRelative(2 ** -12)).toBe('0.02441 %');
    expect(formatRelative(NaN)).toBe('NaN');
  });

  it('shows short stored values exactly and long ones to 17 digits after ≈', () => {
    expect(storedText(0.0999755859375)).toBe('0.0999755859375');
    expect(storedText(Math.fround(0.1))).toBe('≈\u00a00.10000000149011612');
    expect(storedText(-1.5)).toBe('−1.5');
    expect(storedText(Number.MAX_VALUE)).toBe('≈\u00a01.7976931348623157e308');
    expect(storedText(-(2 ** -1074))).toBe('≈\u00a0−4.9406564584124654e−324');
  });

  it('gives TeX an equals sign only for exact decimals', () => {
    expect(texValue(0.0999755859375)).toEqual({ rel: '=', tex: '0.0999755859375' });
    expect(texValue(0.1).rel).toBe('\\approx');
    expect(texValue(-Infinity)).toEqual({ rel: '=', tex: '-\\infty' });
  });
});

/** The page's text read back as a JavaScript number. */
const readBack = (text: string) => Number(text.replace('≈\u00a0', '').replace(/−/g, '-'));

describe('stored values over the whole range', () => {
  // Every format, exponents ±1…±300, several mantissas: the shown text names the stored value.
  const cases: [string, number][] = [];
  for (const name of FORMAT_NAMES) {
    for (let e = 1; e <= 300; e++) {
      for (const m of [1, 1.5, 3.14159, 9.99]) {
        for (const x of [m * 10 ** e, m * 10 ** -e, -m * 10 ** e]) {
          const stored = roundingError(name, x).stored;
          if (Number.isFinite(stored) && stored !== 0) cases.push([name, stored]);
        }
      }
    }
  }

  it('reads back as exactly the stored value (no digit of the exponent lost)', () => {
    const wrong = cases.filter(([, v]) => readBack(storedText(v)) !== v).map(([n, v]) => `${n} ${v} → ${storedText(v)}`);
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(cases.length).toBeGreaterThan(10000);
  });

  it('writes ≈ only where the text is not the exact value', () => {
    expect(storedText(Math.fround(1e30))).toBe('≈\u00a01.0000000150474662e30');
    expect(storedText(1e22)).toBe('10000000000000000000000');
    expect(storedText(2 ** 80)).toBe('≈\u00a01.2089258196146292e24');
    expect(storedText(1e-9)).toBe('≈\u00a01.0000000000000001e−9');
    expect(storedText(2 ** -30)).toBe('9.31322574615478515625e−10');
    for (const [, v] of cases) if (!storedText(v).startsWith('≈')) expect(readBack(storedText(v))).toBe(v);
  });

  it('keeps four significant digits in quantities and TeX values at every exponent', () => {
    for (const [, v] of cases) {
      expect(Math.abs(readBack(formatQuantity(v)) - v)).toBeLessThanOrEqual(Math.abs(v) * 5e-4);
      const t = texValue(v);
      const [mant, exp] = t.tex.split('\\times 10^');
      const read = exp ? Number(mant) * 10 ** Number(exp.slice(1, -1)) : Number(mant);
      expect(Math.abs(read - v)).toBeLessThanOrEqual(Math.abs(v) * 1e-14);
    }
  });
});

describe('field labels', () => {
  it('names int8 as two\'s complement, never sign and magnitude', () => {
    expect(fieldLabel({ name: 'top', offset: 7 })).toBe('−2^7 (two’s complement)');
    expect(fieldLabel({ name: 'low', offset: 0 })).toBe('value bits');
    expect(fieldLabel({ name: 'exponent', offset: 10 })).toBe('exponent');
  });
});
