import { describe, expect, it } from 'vitest';
import { bitAt, formatQuantity, formatRelative, patternBinary, patternHex, patternLabel, storedText, texValue, withBit } from './display';

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
