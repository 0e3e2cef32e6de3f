import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { castTensor } from './cast';

/** bfloat16 by bit manipulation of the float32 pattern: round to nearest even on the low 16 bits. */
function bf16Reference(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer);
  u[0] = ((u[0] + 0x7fff + ((u[0] >>> 16) & 1)) >>> 16) << 16;
  return f[0];
}

/** fp16 from first principles: 11 significant bits, subnormals below 2^-14, overflow past 65520. */
function fp16Reference(x: number): number {
  const a = Math.abs(x);
  if (a >= 65520) return Math.sign(x) * Infinity;
  const exp = Math.max(Math.floor(Math.log2(a)), -14);
  const step = 2 ** (exp - 10);
  const q = a / step;
  const f = Math.floor(q);
  const r = q - f > 0.5 || (q - f === 0.5 && f % 2 === 1) ? f + 1 : f;
  return Math.sign(x) * r * step;
}

describe('castTensor', () => {
  it('rounds to bfloat16 like truncating a float32 with round-to-nearest-even', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e38), max: Math.fround(1e38) }), (x) => {
        expect(castTensor([x], 'bf16')[0]).toBe(bf16Reference(x));
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds to fp16 with subnormals, ties to even, and overflow to infinity', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, min: -70000, max: 70000 }).filter((x) => x !== 0), (x) => {
        expect(castTensor([x], 'fp16')[0]).toBe(fp16Reference(x));
      }),
      { numRuns: 5000 },
    );
    expect(Array.from(castTensor([1 + 2 ** -11, 1 + 3 * 2 ** -11, 65504, 65520, 2 ** -25, 2 ** -24], 'fp16'))).toEqual([
      1,
      1 + 2 ** -9,
      65504,
      Infinity,
      0,
      2 ** -24,
    ]);
  });

  it('saturates fp8e4m3 at ±448 and overflows fp8e5m2 to infinity (Micikevicius et al. 2022)', () => {
    expect(Array.from(castTensor([500, -1e6, 448, 2 ** -9, 2 ** -10], 'fp8e4m3'))).toEqual([448, -448, 448, 2 ** -9, 0]);
    expect(Array.from(castTensor([57344, 61440, 2 ** -16, 1.25], 'fp8e5m2'))).toEqual([57344, Infinity, 2 ** -16, 1.25]);
    // e4m3 has 3 mantissa bits: 1.0625 is a tie between 1 and 1.125 → 1 (even)
    expect(castTensor([1.0625, 1.1875], 'fp8e4m3')).toEqual(Float32Array.of(1, 1.25));
  });

  it('keeps NaN and names an unknown format', () => {
    expect(castTensor([Number.NaN], 'fp16')[0]).toBeNaN();
    // @ts-expect-error testing a bad name from untyped callers
    expect(() => castTensor([1], 'fp4')).toThrow('unknown cast format: fp4');
  });
});
