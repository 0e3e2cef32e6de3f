import { describe, expect, it } from 'vitest';
import { rooflineTime } from '../../engine';
import { LIMIT_RULES, override } from './limits';

describe('typed roofline limits', () => {
  it('keeps the preset and names the field and range for values that would crash the roofline', () => {
    for (const text of ['1e308', 'abc', 'NaN', '-5', '0', 'Infinity']) {
      const peak = override(text, 2e9, LIMIT_RULES.peak);
      expect(peak.value).toBe(2e9);
      expect(peak.message).toMatch(/^Peak must be a number from 0\.001 GFLOP\/s to 1,000,000,000 GFLOP\/s/);
      expect(() => rooflineTime(1, 1, peak.value, 1e9)).not.toThrow();
    }
    expect(override('  ', 5e9, LIMIT_RULES.bw)).toEqual({ value: 5e9 });
    expect(override('12.5', 5e9, LIMIT_RULES.bw)).toEqual({ value: 12.5e9 });
  });
});
