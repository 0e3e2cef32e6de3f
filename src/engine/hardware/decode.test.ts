import { describe, expect, it } from 'vitest';
import { decodeTokensPerSecond, kvCacheBytes } from './decode';

describe('memory-bound decoding', () => {
  it('bounds a 7B int4 model at 100 GB/s by 100e9 / 3.5e9 ≈ 28.6 tokens per second', () => {
    expect(decodeTokensPerSecond(7e9, 4, 100e9)).toBeCloseTo(100 / 3.5, 10);
  });

  it('doubles the bound when the weights halve (fp16 → int8)', () => {
    expect(decodeTokensPerSecond(1e9, 8, 1e11) / decodeTokensPerSecond(1e9, 16, 1e11)).toBeCloseTo(2, 12);
  });

  it('sizes a KV cache: 32 layers, 32 heads of 128, 4096 tokens in fp16 is 2 GiB', () => {
    expect(kvCacheBytes({ layers: 32, kvHeads: 32, headDim: 128, tokens: 4096, bytesPerValue: 2 })).toBe(2 * 1024 ** 3);
    expect(kvCacheBytes({ layers: 32, kvHeads: 8, headDim: 128, tokens: 4096, bytesPerValue: 2, batch: 4 })).toBe(2 * 1024 ** 3);
  });

  it('refuses non-positive inputs', () => {
    expect(() => decodeTokensPerSecond(0, 4, 1)).toThrow(/parameters/);
    expect(() => kvCacheBytes({ layers: 1, kvHeads: 1, headDim: 1, tokens: 0, bytesPerValue: 2 })).toThrow(/tokens/);
  });
});
