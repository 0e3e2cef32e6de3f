import { describe, expect, it } from 'vitest';
import { formatIntensity, workText } from './format';

describe('cost text', () => {
  it('joins MACs and FLOPs with "=" only when FLOPs are exactly two per MAC', () => {
    // LeNet-300-100: 266,200 MACs in the dense layers, 400 ReLU outputs (300 + 100) with one FLOP each.
    expect(workText(266_200, 532_800)).toBe('266,200 MACs (532,400 FLOPs) + 400 FLOPs in layers without MACs (ReLU, pooling, normalisation) = 532,800 FLOPs');
    expect(workText(1000, 2000)).toBe('1,000 MACs = 2,000 FLOPs');
  });

  it('writes huge intensities in exponent form, not as twelve digits', () => {
    expect(formatIntensity(1e12)).toBe('1.00e12');
    expect(formatIntensity(315.08)).toBe('315');
    expect(formatIntensity(0.25)).toBe('0.250');
  });
});
