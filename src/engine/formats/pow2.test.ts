import { describe as group, expect, it } from 'vitest';
import { exponentOf, pow2 } from './pow2';
import { float64FromBits, seededUint32 } from './testing';

group('pow2 and exponentOf', () => {
  it('give every power of two from 2^-1074 to 2^1023 exactly', () => {
    for (let k = -1074; k <= 1023; k++) {
      // 2^k has a single set bit: exponent field k + 1023, or mantissa bit k + 1074 for subnormals.
      const bits = k >= -1022 ? BigInt(k + 1023) << 52n : 1n << BigInt(k + 1074);
      if (pow2(k) !== float64FromBits(bits) || exponentOf(pow2(k)) !== k) throw new Error(`2^${k}`);
    }
    expect([pow2(1024), pow2(-1075)]).toEqual([Infinity, 0]);
  });

  it('finds floor(log2 a) just below and above powers of two and for random doubles', () => {
    expect(exponentOf(1 - 2 ** -53)).toBe(-1);
    expect(exponentOf(2 ** 1023 * (2 - 2 ** -52))).toBe(1023);
    expect(exponentOf(2 ** -1022 - 2 ** -1074)).toBe(-1023);
    const next = seededUint32(9);
    for (let i = 0; i < 10000; i++) {
      const bits = ((BigInt(next() & 0x7fffffff) << 32n) | BigInt(next()));
      const a = float64FromBits(bits);
      if (!Number.isFinite(a) || a === 0) continue;
      const e = exponentOf(a);
      if (!(pow2(e) <= a && a < pow2(e + 1))) throw new Error(`exponentOf(${a}) = ${e}`);
    }
  });
});
