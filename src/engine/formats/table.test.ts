import { describe as group, expect, it } from 'vitest';
import { FORMATS, FORMAT_NAMES, getFormat, isFloatFormat, isFormatName } from './table';

group('the format table', () => {
  it('lists all fourteen formats by name', () => {
    expect([...FORMAT_NAMES]).toEqual(['fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8e4m3', 'fp8e5m2', 'int32', 'int16', 'uint16', 'int8', 'uint8', 'int4', 'uint4']);
  });

  it('gives the IEEE field widths and biases', () => {
    const widths = (n: 'fp64' | 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8e4m3' | 'fp8e5m2') => {
      const f = FORMATS[n];
      return [f.bits, f.exponentBits, f.mantissaBits, f.bias];
    };
    expect(widths('fp64')).toEqual([64, 11, 52, 1023]);
    expect(widths('fp32')).toEqual([32, 8, 23, 127]);
    expect(widths('tf32')).toEqual([19, 8, 10, 127]);
    expect(widths('fp16')).toEqual([16, 5, 10, 15]);
    expect(widths('bf16')).toEqual([16, 8, 7, 127]);
    expect(widths('fp8e4m3')).toEqual([8, 4, 3, 7]);
    expect(widths('fp8e5m2')).toEqual([8, 5, 2, 15]);
  });

  it('matches the known limits of fp64 and fp32', () => {
    expect(FORMATS.fp64.maxFinite).toBe(Number.MAX_VALUE);
    expect(FORMATS.fp64.minSubnormal).toBe(Number.MIN_VALUE);
    expect(FORMATS.fp64.minNormal).toBe(2.2250738585072014e-308);
    expect(FORMATS.fp64.epsilon).toBe(Number.EPSILON);
    expect(FORMATS.fp32.maxFinite).toBe(3.4028234663852886e38);
    expect(FORMATS.fp32.minNormal).toBe(1.1754943508222875e-38);
    expect(FORMATS.fp32.minSubnormal).toBe(1.401298464324817e-45);
    expect(FORMATS.fp32.epsilon).toBe(2 ** -23);
  });

  it('matches the known limits of fp16, bf16 and tf32', () => {
    expect(FORMATS.fp16.maxFinite).toBe(65504);
    expect(FORMATS.fp16.minNormal).toBe(2 ** -14);
    expect(FORMATS.fp16.minSubnormal).toBe(2 ** -24);
    expect(FORMATS.fp16.epsilon).toBe(2 ** -10);
    expect(FORMATS.bf16.maxFinite).toBe(3.3895313892515355e38);
    expect(FORMATS.bf16.maxFinite).toBe((2 - 2 ** -7) * 2 ** 127);
    expect(FORMATS.bf16.minNormal).toBe(FORMATS.fp32.minNormal);
    expect(FORMATS.bf16.epsilon).toBe(2 ** -7);
    expect(FORMATS.tf32.epsilon).toBe(2 ** -10);
    expect(FORMATS.tf32.maxFinite).toBe((2 - 2 ** -10) * 2 ** 127);
    expect(FORMATS.tf32.minSubnormal).toBe(2 ** -136);
  });

  it('matches the OCP FP8 limits (E4M3 max 448, E5M2 max 57344)', () => {
    expect(FORMATS.fp8e4m3.maxFinite).toBe(448);
    expect(FORMATS.fp8e4m3.minNormal).toBe(2 ** -6);
    expect(FORMATS.fp8e4m3.minSubnormal).toBe(2 ** -9);
    expect(FORMATS.fp8e4m3.epsilon).toBe(2 ** -3);
    expect(FORMATS.fp8e4m3.specials).toBe('fn');
    expect(FORMATS.fp8e5m2.maxFinite).toBe(57344);
    expect(FORMATS.fp8e5m2.minNormal).toBe(2 ** -14);
    expect(FORMATS.fp8e5m2.minSubnormal).toBe(2 ** -16);
    expect(FORMATS.fp8e5m2.specials).toBe('ieee');
  });

  it('documents one canonical NaN pattern per float format', () => {
    expect(FORMATS.fp64.canonicalNaN).toBe(0x7ff8000000000000n);
    expect(FORMATS.fp32.canonicalNaN).toBe(0x7fc00000n);
    expect(FORMATS.tf32.canonicalNaN).toBe(0x3fe00n);
    expect(FORMATS.fp16.canonicalNaN).toBe(0x7e00n);
    expect(FORMATS.bf16.canonicalNaN).toBe(0x7fc0n);
    expect(FORMATS.fp8e4m3.canonicalNaN).toBe(0x7fn);
    expect(FORMATS.fp8e5m2.canonicalNaN).toBe(0x7en);
  });

  it('gives integer ranges', () => {
    const range = (n: 'int32' | 'int16' | 'uint16' | 'int8' | 'uint8' | 'int4' | 'uint4') => [FORMATS[n].bits, FORMATS[n].signed, FORMATS[n].min, FORMATS[n].max];
    expect(range('int32')).toEqual([32, true, -2147483648, 2147483647]);
    expect(range('int16')).toEqual([16, true, -32768, 32767]);
    expect(range('uint16')).toEqual([16, false, 0, 65535]);
    expect(range('int8')).toEqual([8, true, -128, 127]);
    expect(range('uint8')).toEqual([8, false, 0, 255]);
    expect(range('int4')).toEqual([4, true, -8, 7]);
    expect(range('uint4')).toEqual([4, false, 0, 15]);
  });

  it('throws an error naming an unknown format', () => {
    expect(() => getFormat('fp12')).toThrow('unknown format: fp12');
    expect(() => getFormat('toString')).toThrow('unknown format: toString');
    expect(isFormatName('constructor')).toBe(false);
  });

  it('tells floats from integers', () => {
    expect(FORMAT_NAMES.filter((n) => isFloatFormat(n))).toEqual(['fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8e4m3', 'fp8e5m2']);
    expect(isFloatFormat(FORMATS.int8)).toBe(false);
  });
});
