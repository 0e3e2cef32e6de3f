import { describe, expect, it } from 'vitest';
import { storageBreakdown, storageBytes } from './storage';

// A 4 × 8 matrix with 5 kept weights at flat positions 0, 3, 20, 21 and 31.
const mask = new Uint8Array(32);
for (const p of [0, 3, 20, 21, 31]) mask[p] = 1;
const shape = [4, 8];

describe('storageBytes', () => {
  it('counts dense storage as n · valueBits / 8', () => {
    expect(storageBytes(mask, shape, 'dense')).toBe(128);
    expect(storageBytes(mask, shape, 'dense', { valueBits: 5 })).toBe(20);
  });

  it('counts a bitmask as n bits plus the kept values', () => {
    expect(storageBytes(mask, shape, 'bitmask')).toBe((32 + 5 * 32) / 8);
    expect(storageBytes(mask, shape, 'bitmask', { valueBits: 6 })).toBe(Math.ceil((32 + 30) / 8));
  });

  it('counts CSR as values, column indices and 32-bit row pointers (2a + n + 1 numbers)', () => {
    expect(storageBytes(mask, shape, 'csr32')).toBe(((2 * 5 + 4 + 1) * 32) / 8);
    expect(storageBreakdown(mask, shape, 'csr16')).toMatchObject({ indexBits: 80, pointerBits: 160, valueBits: 160, bytes: 50 });
  });

  it('counts relative indices with filler zeros as stored values', () => {
    // Runs of zeros before each kept weight: 0, 2, 16, 0, 9. With 4 bits (runs ≤ 15) the run of
    // 16 needs one filler; with 5 bits none.
    expect(storageBreakdown(mask, shape, 'relative4')).toMatchObject({ storedValues: 6, fillerCount: 1, bytes: (6 * 36) / 8 });
    expect(storageBreakdown(mask, shape, 'relative5', { valueBits: 5 })).toMatchObject({ storedValues: 5, fillerCount: 0, totalBits: 50, bytes: 7 });
  });

  it('accepts pruned weights in place of a mask', () => {
    const weights = Float32Array.from(mask, (m, i) => m * (i + 1));
    expect(storageBreakdown(weights, shape, 'relative4')).toEqual(storageBreakdown(mask, shape, 'relative4'));
  });

  it('rejects unknown formats, wrong shapes and columns csr16 cannot index', () => {
    expect(() => storageBytes(mask, shape, 'coo' as 'dense')).toThrow('unknown storage format: coo');
    expect(() => storageBytes(mask, [4, 4], 'dense')).toThrow(/shape \[4,4\] has 16 elements but the tensor has 32/);
    expect(() => storageBytes(new Uint8Array(70_000), [70_000], 'csr16')).toThrow(/csr16 cannot index 70000 columns/);
    expect(() => storageBytes(mask, shape, 'dense', { valueBits: 0 })).toThrow(/valueBits/);
  });
});
