import { describe, expect, it } from 'vitest';
import { describeSettings, parseActivations, parseWidth } from './quantSettings';

describe('quantization settings from the URL', () => {
  it('turns widths into specs, ternary included, and refuses 0 and 17 by value', () => {
    expect(parseWidth('4', 'channel', 'affine')).toEqual({ ok: true, value: { bits: 4, granularity: 'channel', scheme: 'affine' } });
    expect(parseWidth('ternary', 'tensor', 'symmetric')).toEqual({ ok: true, value: { bits: 2, ternary: true, granularity: 'tensor', scheme: 'symmetric' } });
    expect(parseWidth('0', 'tensor', 'symmetric')).toEqual({ ok: false, problem: expect.stringContaining('asks for “0”') });
    expect(parseWidth('17', 'tensor', 'symmetric').ok).toBe(false);
  });

  it('reads activation settings and names what is wrong', () => {
    expect(parseActivations('off', 'minmax', 'junk', '0')).toEqual({ ok: true, value: null });
    expect(parseActivations('8', 'percentile', '99.9', '500')).toEqual({ ok: true, value: { bits: 8, method: 'percentile', percentile: 99.9, calibrationImages: 500 } });
    const bad = (...a: Parameters<typeof parseActivations>) => { const p = parseActivations(...a); return p.ok ? '' : p.problem; };
    expect(bad('0', 'minmax', '99', '500')).toContain('from 2 to 16 (the link asks for “0”)');
    expect(bad('17', 'minmax', '99', '500')).toContain('“17”');
    expect(bad('8', 'percentile', '0', '500')).toContain('above 0 and at most 100 (got 0)');
    expect(bad('8', 'percentile', '100.5', '500')).toContain('(got 100.5)');
    expect(bad('8', 'minmax', '99', '0')).toContain('at least one image');
    expect(bad('8', 'minmax', '99', '')).toBe('Calibration images is empty: enter a number.');
    // One strict reader: hexadecimal and words are not numbers (Number() took "0x10" as 16).
    expect(bad('8', 'percentile', '0x10', '500')).toBe('Percentile kept must be a number; “0x10” is not a number.');
    expect(bad('8', 'minmax', '99', '1e3x')).toContain('“1e3x” is not a number');
    // The percentile only matters for the percentile method.
    expect(parseActivations('8', 'mse', '0', '100').ok).toBe(true);
  });

  it('describes a result’s settings in words', () => {
    expect(describeSettings({ bits: 4, granularity: 'channel', scheme: 'affine' }, { bits: 8, method: 'mse', percentile: 99, calibrationImages: 1000 }))
      .toBe('4-bit affine weights per channel, 8-bit activations (MSE-optimal on 1,000 images)');
    expect(describeSettings({ bits: 1, granularity: 'tensor', scheme: 'symmetric' }, null)).toBe('binary weights per tensor, float32 activations');
  });
});
