import { describe as group, expect, it } from 'vitest';
import { encode, roundingError } from './codec';
import { echoTyped, formatPattern, parseNumber, parsePattern } from './parse';

group('parseNumber', () => {
  it('reads decimals, exponents and signs', () => {
    expect(parseNumber('0.1')).toEqual({ ok: true, value: 0.1 });
    expect(parseNumber('  -2.5e3 ')).toEqual({ ok: true, value: -2500 });
    expect(parseNumber('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseNumber('+7.')).toEqual({ ok: true, value: 7 });
    expect(parseNumber('6.02E23')).toEqual({ ok: true, value: 6.02e23 });
    expect(parseNumber('\u22123')).toEqual({ ok: true, value: -3 });
  });

  it('keeps the sign of -0', () => {
    const r = parseNumber('-0');
    expect(r.ok && Object.is(r.value, -0)).toBe(true);
  });

  it('reads infinities and NaN in any case', () => {
    for (const t of ['inf', 'Infinity', 'INF', '+inf', '∞']) expect(parseNumber(t)).toEqual({ ok: true, value: Infinity });
    for (const t of ['-inf', '-Infinity']) expect(parseNumber(t)).toEqual({ ok: true, value: -Infinity });
    for (const t of ['NaN', 'nan', '-nan']) expect(parseNumber(t)).toEqual({ ok: true, value: NaN });
  });

  it('parses 1e999 to Infinity and 1e-999 to 0, saying that they are beyond fp64', () => {
    expect(parseNumber('1e999')).toEqual({ ok: true, value: Infinity, beyondDouble: 'overflow' });
    expect(parseNumber('-1e999')).toEqual({ ok: true, value: -Infinity, beyondDouble: 'overflow' });
    expect(parseNumber('1e-999')).toEqual({ ok: true, value: 0, beyondDouble: 'underflow' });
    expect(parseNumber('0.000e-999')).toEqual({ ok: true, value: 0 });
    expect(parseNumber('inf')).toEqual({ ok: true, value: Infinity });
  });

  it('repeats at most 24 characters of long text in its messages', () => {
    const long = `${'9'.repeat(5000)}x`;
    const result = parseNumber(long);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toBe(`“${'9'.repeat(24)}…” is not a number. Type digits such as 0.1, -2.5 or 6.02e23, or inf, -inf, NaN.`);
    expect(echoTyped('  abc  ')).toBe('abc');
  });

  it('explains what is wrong with text that is not a number', () => {
    expect(parseNumber('abc')).toEqual({ ok: false, message: '“abc” is not a number. Type digits such as 0.1, -2.5 or 6.02e23, or inf, -inf, NaN.' });
    expect(parseNumber('')).toEqual({ ok: false, message: 'Type a number, for example 0.1, -2.5 or 6.02e23.' });
    expect(parseNumber('   ')).toMatchObject({ ok: false });
    expect(parseNumber('1.2.3')).toEqual({ ok: false, message: '“1.2.3” has more than one decimal point.' });
    expect(parseNumber('1,5')).toEqual({ ok: false, message: 'Use a dot for the decimal point: 1.5, not 1,5.' });
    expect(parseNumber('1e')).toEqual({ ok: false, message: '“1e” needs digits after the e, as in 1e-3.' });
    expect(parseNumber('0x3c00')).toMatchObject({ ok: false, message: expect.stringContaining('bit pattern') });
    expect(parseNumber('1 000')).toMatchObject({ ok: false });
    expect(parseNumber('Infinityx')).toMatchObject({ ok: false });
  });
});

group('parsePattern', () => {
  it('reads hex with 0x or a trailing h, and binary with 0b', () => {
    expect(parsePattern('fp16', '0x2e66')).toEqual({ ok: true, bits: 0x2e66n });
    expect(parsePattern('fp16', '0X2E66')).toEqual({ ok: true, bits: 0x2e66n });
    expect(parsePattern('fp16', '2E66h')).toEqual({ ok: true, bits: 0x2e66n });
    expect(parsePattern('fp16', '0b0010_1110_0110_0110')).toEqual({ ok: true, bits: 0x2e66n });
    expect(parsePattern('fp16', '0b 0 01011 1001100110')).toEqual({ ok: true, bits: 0x2e66n });
    expect(parsePattern('fp8e4m3', '0x0000007f')).toEqual({ ok: true, bits: 0x7fn }); // leading zeros are fine
  });

  it('reads bare 0s and 1s only when there are exactly as many as the format has bits', () => {
    expect(parsePattern('fp8e4m3', '00111000')).toEqual({ ok: true, bits: 0x38n });
    expect(parsePattern('fp8e4m3', '0011100')).toMatchObject({ ok: false, message: expect.stringContaining('0x') });
  });

  it('rejects a prefix with no digits', () => {
    expect(parsePattern('fp16', '0x')).toEqual({ ok: false, message: '“0x” has no hex digits after the prefix.' });
    expect(parsePattern('fp16', '0b')).toEqual({ ok: false, message: '“0b” has no binary digits after the prefix.' });
    expect(parsePattern('fp16', '')).toMatchObject({ ok: false });
  });

  it('rejects more significant bits than the format has', () => {
    expect(parsePattern('fp16', '0x12345')).toEqual({ ok: false, message: 'fp16 patterns have 16 bits; 0x12345 needs 17' });
    expect(parsePattern('int4', '0b10000')).toEqual({ ok: false, message: 'int4 patterns have 4 bits; 0b10000 needs 5' });
    expect(parsePattern('tf32', '0x7ffff')).toEqual({ ok: true, bits: 0x7ffffn });
    expect(parsePattern('tf32', '0x80000')).toMatchObject({ ok: false, message: 'tf32 patterns have 19 bits; 0x80000 needs 20' });
  });

  it('rejects bad digits and signs', () => {
    expect(parsePattern('fp16', '0x2g66')).toEqual({ ok: false, message: '“g” is not a hex digit; use 0–9 and a–f.' });
    expect(parsePattern('fp16', '0b0120')).toEqual({ ok: false, message: '“2” is not a binary digit; use 0 and 1.' });
    expect(parsePattern('fp16', '-0x1')).toMatchObject({ ok: false, message: expect.stringContaining('sign') });
    expect(parsePattern('fp16', 'abc')).toMatchObject({ ok: false });
    expect(() => parsePattern('fp99', '0x1')).toThrow('unknown format: fp99');
  });

  it('reads back what formatPattern writes', () => {
    expect(formatPattern('fp16', 0x2e66n)).toBe('0x2e66');
    expect(formatPattern('fp16', 0x2e66n, 2)).toBe('0b0010111001100110');
    expect(formatPattern('tf32', 0x1n)).toBe('0x00001');
    expect(formatPattern('int4', 0xfn, 2)).toBe('0b1111');
    for (const p of [0n, 1n, 0x7fffn, 0xffffn]) {
      expect(parsePattern('fp16', formatPattern('fp16', p))).toEqual({ ok: true, bits: p });
      expect(parsePattern('fp16', formatPattern('fp16', p, 2))).toEqual({ ok: true, bits: p });
    }
    expect(() => formatPattern('fp8e4m3', 0x100n)).toThrow('wider');
  });
});

group('typed input through to the stored value', () => {
  it('saturates a negative number in uint8 to 0 and reports it', () => {
    const r = parseNumber('-3');
    if (!r.ok) throw new Error(r.message);
    expect(encode('uint8', r.value)).toBe(0n);
    expect(roundingError('uint8', r.value)).toMatchObject({ stored: 0, overflow: true });
  });

  it('overflows 1e999 to fp16 infinity without calling it an overflow of the format', () => {
    const r = parseNumber('1e999');
    if (!r.ok) throw new Error(r.message);
    expect(encode('fp16', r.value)).toBe(0x7c00n);
    expect(roundingError('fp8e4m3', r.value)).toMatchObject({ stored: 448, overflow: true });
  });
});
