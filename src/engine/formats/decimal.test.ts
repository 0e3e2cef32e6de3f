import { describe as group, expect, it } from 'vitest';
import { decode, encode, roundingError } from './codec';
import { exactDecimal, shortestDecimal } from './decimal';
import { FORMATS } from './table';
import { float64Bits, float64FromBits, randomDouble, seededUint32 } from './testing';

group('exactDecimal', () => {
  it('expands known doubles digit for digit', () => {
    expect(exactDecimal(0.1)).toBe('0.1000000000000000055511151231257827021181583404541015625');
    expect(exactDecimal(0.2)).toBe('0.200000000000000011102230246251565404236316680908203125');
    expect(exactDecimal(1 / 3)).toBe('0.333333333333333314829616256247390992939472198486328125');
    expect(exactDecimal(1e23)).toBe('99999999999999991611392');
    expect(exactDecimal(0.0999755859375)).toBe('0.0999755859375');
    expect(exactDecimal(-2.5)).toBe('-2.5');
    expect(exactDecimal(65504)).toBe('65504');
  });

  it('writes zeros, infinities and NaN by name', () => {
    expect([0, -0, Infinity, -Infinity, NaN].map(exactDecimal)).toEqual(['0', '-0', 'Infinity', '-Infinity', 'NaN']);
  });

  it('expands the smallest subnormal to all 1074 decimal places', () => {
    const s = exactDecimal(Number.MIN_VALUE);
    expect(s.length).toBe(2 + 1074);
    expect(s.startsWith(`0.${'0'.repeat(323)}49406564584124654417656879286822137236505980`)).toBe(true);
    expect(s.endsWith('5')).toBe(true);
  });

  it('expands the largest double to its 309 integer digits', () => {
    expect(exactDecimal(Number.MAX_VALUE)).toBe(((2n ** 53n - 1n) << 971n).toString());
    expect(exactDecimal(2 ** 1023)).toBe((1n << 1023n).toString());
  });

  it('parses back to the same double, with as many places as the lowest set bit needs', () => {
    const next = seededUint32(5);
    for (let i = 0; i < 3000; i++) {
      const x = randomDouble(next);
      const s = exactDecimal(x);
      if (Number(s) !== x) throw new Error(`exactDecimal(${x}) = ${s}`);
      // x = odd · 2^j has exactly max(0, -j) decimal places (5^-j never ends in 0).
      const bits = float64Bits(Math.abs(x));
      const biased = Number(bits >> 52n);
      let mantissa = (bits & (2n ** 52n - 1n)) | (biased ? 2n ** 52n : 0n);
      let j = Math.max(biased, 1) - 1075;
      for (; mantissa % 2n === 0n; mantissa /= 2n) j++;
      const places = s.includes('.') ? s.length - s.indexOf('.') - 1 : 0;
      if (places !== Math.max(0, -j)) throw new Error(`exactDecimal(${x}) has ${places} places, expected ${-j}`);
    }
  });
});

/** Significant digits of a JS number string: "0.00123" → 3, "65500" → 3, "6e-8" → 1. */
function significantDigits(s: string): number {
  const digits = s.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.max(digits.length, 1);
}

/**
 * For every positive pattern, the fewest significant digits of any decimal D·10^s (D below
 * 10^maxDigits) that rounds to it without overflow, found by trying them all.
 */
function fewestDigitsByBruteForce(name: 'fp16' | 'bf16' | 'fp8e4m3' | 'fp8e5m2', maxDigits: number): Map<bigint, number> {
  const f = FORMATS[name];
  const best = new Map<bigint, number>();
  const lowest = Math.floor(Math.log10(f.minSubnormal)) - maxDigits;
  const highest = Math.ceil(Math.log10(f.maxFinite));
  for (let s = lowest; s <= highest; s++) {
    for (let d = 1; d < 10 ** maxDigits; d++) {
      if (d % 10 === 0) continue; // the same decimal is tried with fewer digits
      const x = Number(`${d}e${s}`);
      if (roundingError(name, x).overflow) continue;
      const p = encode(name, x);
      const digits = String(d).length;
      if (!best.has(p) || best.get(p)! > digits) best.set(p, digits);
    }
  }
  return best;
}

group('shortestDecimal', () => {
  it('prints fp16 0.1 as "0.1" and the fp16 limits briefly', () => {
    expect(shortestDecimal('fp16', 0x2e66n)).toBe('0.1');
    expect(shortestDecimal('fp16', 0x3c00n)).toBe('1');
    expect(shortestDecimal('fp16', 0x7bffn)).toBe('65500');
    expect(shortestDecimal('fp16', 0x0001n)).toBe('6e-8');
    expect(shortestDecimal('fp16', 0x0400n)).toBe('0.00006104'); // 2^-14; 0.000061 is nearer 0x03FF
    expect(shortestDecimal('fp16', 0x8000n)).toBe('-0');
    expect(shortestDecimal('fp16', 0x7c00n)).toBe('Infinity');
    expect(shortestDecimal('fp16', 0xfc00n)).toBe('-Infinity');
    expect(shortestDecimal('fp16', 0x7e00n)).toBe('NaN');
    expect(shortestDecimal('fp8e4m3', 0x7en)).toBe('450'); // 448; 500 only gets there by saturating
    expect(shortestDecimal('int8', 0x80n)).toBe('-128');
  });

  it('gives String(x) for fp64', () => {
    const next = seededUint32(6);
    for (let i = 0; i < 2000; i++) {
      const p = (BigInt(next()) << 32n) | BigInt(next());
      const x = float64FromBits(p);
      if (x !== x || x === 0) continue;
      expect(shortestDecimal('fp64', p)).toBe(String(x));
    }
  });

  it.each(['fp16', 'bf16', 'fp8e4m3', 'fp8e5m2'] as const)('round-trips every %s pattern', (name) => {
    for (let i = 0; i < 2 ** FORMATS[name].bits; i++) {
      const p = BigInt(i);
      const v = decode(name, p);
      const s = shortestDecimal(name, p);
      const back = Number(s);
      if (Number.isNaN(v) ? s !== 'NaN' : encode(name, back) !== p) throw new Error(`${name} 0x${i.toString(16)} → ${s}`);
    }
  });

  it.each([['fp16', 4], ['bf16', 3], ['fp8e4m3', 2], ['fp8e5m2', 2]] as const)('uses no more digits than the shortest found by brute force in %s', (name, maxDigits) => {
    const best = fewestDigitsByBruteForce(name, maxDigits);
    for (let i = 1; i < 2 ** (FORMATS[name].bits - 1); i++) {
      const v = decode(name, BigInt(i));
      if (!Number.isFinite(v)) continue;
      const digits = significantDigits(shortestDecimal(name, BigInt(i)));
      const expected = best.get(BigInt(i)) ?? maxDigits + 1;
      if (digits > expected || (digits < expected && digits <= maxDigits)) throw new Error(`${name} 0x${i.toString(16)}: ${shortestDecimal(name, BigInt(i))} has ${digits} digits, brute force ${expected}`);
    }
  });
});
