import { describe, expect, it } from 'vitest';
import { maxClusterBits } from './codebookBits';

describe('maxClusterBits', () => {
  it('gives the largest b whose codebook costs no more than the indices, worked by hand', () => {
    // 99 kept (LeNet-5's conv1 at 66 %): 3 bits → 256 ≤ 297; 4 bits → 512 > 396.
    expect(maxClusterBits(99)).toBe(3);
    // 288 kept (conv2 at 12 %): 5 bits → 1,024 ≤ 1,440; 6 bits → 2,048 > 1,728.
    expect(maxClusterBits(288)).toBe(5);
    // 64 kept: 1 bit → 64 ≤ 64 exactly; 2 bits → 128 ≤ 128; 3 bits → 256 > 192.
    expect(maxClusterBits(64)).toBe(2);
    expect(maxClusterBits(63)).toBe(0); // 64 > 63 and 128 > 126
    expect(maxClusterBits(0)).toBe(0);
    expect(maxClusterBits(1_000_000)).toBe(8);
    expect(maxClusterBits(1_000_000, 6)).toBe(6);
  });

  it('refuses a count that is not a whole number', () => {
    expect(() => maxClusterBits(2.5)).toThrow('kept weights must be a whole number ≥ 0, got 2.5');
  });
});
