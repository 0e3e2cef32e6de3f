import { describe as group, expect, it } from 'vitest';
import { decode } from './codec';
import { describe } from './describe';
import { FORMATS } from './table';

function allPatterns(name: keyof typeof FORMATS): bigint[] {
  return Array.from({ length: 2 ** FORMATS[name].bits }, (_, i) => BigInt(i));
}

group('describe', () => {
  it('takes fp16 1.0 apart into sign, exponent and mantissa', () => {
    const d = describe('fp16', 0x3c00n);
    expect(d).toMatchObject({ format: 'fp16', bits: 0x3c00n, width: 16, value: 1, class: 'normal', sign: 0, biasedExponent: 15, exponent: 0, significand: 1, mantissaFraction: 0 });
    expect(d.fields).toEqual([
      { name: 'sign', offset: 15, width: 1, bits: 0n },
      { name: 'exponent', offset: 10, width: 5, bits: 15n },
      { name: 'mantissa', offset: 0, width: 10, bits: 0n },
    ]);
  });

  it('gives subnormals the exponent 1 - bias and a significand below 1', () => {
    expect(describe('fp16', 0x8001n)).toMatchObject({ class: 'subnormal', sign: 1, biasedExponent: 0, exponent: -14, significand: 2 ** -10, value: -(2 ** -24) });
    expect(describe('fp8e4m3', 0x04n)).toMatchObject({ class: 'subnormal', exponent: -6, significand: 0.5, value: 2 ** -7 });
  });

  it('names zeros, infinities and NaNs', () => {
    expect(describe('fp16', 0x8000n)).toMatchObject({ class: 'zero', sign: 1, exponent: -14, significand: 0 });
    const inf = describe('fp16', 0xfc00n);
    expect(inf).toMatchObject({ class: 'infinity', sign: 1, biasedExponent: 31, value: -Infinity });
    expect([inf.exponent, inf.significand]).toEqual([undefined, undefined]);
    expect(describe('fp16', 0x7e00n)).toMatchObject({ class: 'nan', mantissaFraction: 0.5 });
    expect(describe('fp8e4m3', 0x7en)).toMatchObject({ class: 'normal', exponent: 8, significand: 1.75, value: 448 });
    expect(describe('fp8e4m3', 0x7fn).class).toBe('nan');
  });

  it('splits two\'s complement integers into the sign bit and the rest', () => {
    const d = describe('int8', 0x81n);
    expect(d).toMatchObject({ class: 'integer', value: -127, sign: 1, width: 8 });
    expect(d.fields).toEqual([{ name: 'top', offset: 7, width: 1, bits: 1n }, { name: 'low', offset: 0, width: 7, bits: 1n }]);
    // Two's complement, not sign and magnitude: all ones is -1, and the low bits of -1 are 127.
    const minusOne = describe('int8', 0xffn);
    expect(minusOne.value).toBe(-1);
    expect(-128 * Number(minusOne.fields[0].bits) + Number(minusOne.fields[1].bits)).toBe(-1);
    expect(d.exponent).toBeUndefined();
    expect(describe('uint8', 0x81n).fields).toEqual([{ name: 'low', offset: 0, width: 8, bits: 0x81n }]);
    expect(describe('uint8', 0x81n)).toMatchObject({ value: 129, sign: 0 });
  });

  it('refuses patterns wider than the format', () => {
    expect(() => describe('int4', 0x10n)).toThrow('wider');
  });

  it.each(['fp16', 'bf16', 'fp8e4m3', 'fp8e5m2'] as const)('rebuilds every %s pattern and value from its description', (name) => {
    const counts: Record<string, number> = {};
    for (const p of allPatterns(name)) {
      const d = describe(name, p);
      counts[d.class] = (counts[d.class] ?? 0) + 1;
      const rebuilt = d.fields.reduce((acc, f) => acc | (f.bits << BigInt(f.offset)), 0n);
      const widths = d.fields.reduce((acc, f) => acc + f.width, 0);
      const formula = d.exponent === undefined ? NaN : (-1) ** d.sign * 2 ** d.exponent * d.significand!;
      if (rebuilt !== p || widths !== d.width || !Object.is(d.value, decode(name, p))) throw new Error(`${name} 0x${p.toString(16)}`);
      if ((d.class === 'normal' || d.class === 'subnormal' || d.class === 'zero') && !Object.is(formula, d.value)) throw new Error(`${name} formula 0x${p.toString(16)}`);
    }
    const f = FORMATS[name];
    const subnormals = 2 * (2 ** f.mantissaBits - 1);
    expect(counts.zero).toBe(2);
    expect(counts.subnormal).toBe(subnormals);
    expect(counts.infinity).toBe(f.specials === 'ieee' ? 2 : undefined);
  });

  it('rebuilds every int8, uint8 and int4 value as -sign·2^(n-1) + rest', () => {
    for (const name of ['int8', 'uint8', 'int4', 'uint4'] as const) {
      for (const p of allPatterns(name)) {
        const d = describe(name, p);
        const rest = d.fields[d.fields.length - 1].bits;
        const signed = FORMATS[name].signed;
        expect(d.value).toBe((signed ? -d.sign * 2 ** (d.width - 1) : 0) + Number(rest));
      }
    }
  });
});
