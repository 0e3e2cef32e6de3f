import { describe, expect, it } from 'vitest';
import { readEntry } from './entry';

describe('readEntry', () => {
  it('keeps a plain number without notes', () => {
    expect(readEntry('fp16', '0.1')).toEqual({ value: 0.1, notes: [] });
  });

  it('turns text that is not a number into an error, not a value', () => {
    const e = readEntry('fp16', 'abc');
    expect(e.value).toBeUndefined();
    expect(e.error).toMatch(/not a number/);
  });

  it('says that 70000 overflows fp16 to infinity but saturates fp8 E4M3 at 448', () => {
    expect(readEntry('fp16', '70000').notes.join(' ')).toMatch(/largest finite fp16 \(65504\): it overflows to \+∞/);
    expect(readEntry('fp8e4m3', '70000').notes.join(' ')).toMatch(/saturates to 448/);
  });

  it('explains that 1e999 is already infinite in fp64, and that E4M3 has no infinity', () => {
    expect(readEntry('fp32', '1e999')).toMatchObject({ value: Infinity });
    expect(readEntry('fp32', '1e999').notes.join(' ')).toMatch(/too large even for fp64/);
    expect(readEntry('fp8e4m3', 'inf').notes.join(' ')).toMatch(/no infinity: it saturates to \+?448/);
  });

  it('notes underflow to zero only below half the smallest subnormal', () => {
    // fp16's smallest subnormal is 2^-24; 2^-26 rounds to 0, 2^-24 is stored exactly.
    expect(readEntry('fp16', String(2 ** -26)).notes.join(' ')).toMatch(/rounds to zero/);
    expect(readEntry('fp16', String(2 ** -24)).notes).toEqual([]);
  });

  it('explains negative zero in floats and its absence in integers', () => {
    expect(Object.is(readEntry('fp32', '-0').value, -0)).toBe(true);
    expect(readEntry('fp32', '-0').notes.join(' ')).toMatch(/−0 has its own pattern/);
    expect(readEntry('int8', '-0').notes.join(' ')).toMatch(/single zero/);
  });

  it('refuses NaN for integers but describes it for floats', () => {
    expect(readEntry('int8', 'NaN').error).toMatch(/int8 has no pattern for NaN/);
    expect(Number.isNaN(readEntry('fp16', 'NaN').value)).toBe(true);
    expect(readEntry('fp8e4m3', 'nan').notes.join(' ')).toMatch(/one pattern per sign/);
  });

  it('saturates out-of-range integers and rounds fractions half to even', () => {
    expect(readEntry('uint8', '-5').notes.join(' ')).toMatch(/uint8 has no negative numbers: -5 saturates to 0/);
    expect(readEntry('int8', '300').notes.join(' ')).toMatch(/\[-128, 127\]: it saturates to 127/);
    expect(readEntry('int8', '2.5').notes.join(' ')).toMatch(/rounds to the nearest one/);
    expect(readEntry('int8', '127').notes).toEqual([]);
  });

  it('says when a decimal is beyond fp64 itself, so no false rounding error of 0 is shown', () => {
    expect(readEntry('fp32', '1e999')).toMatchObject({ value: Infinity, beyondDouble: 'overflow' });
    const tiny = readEntry('fp16', '1e-400');
    expect(tiny).toMatchObject({ value: 0, beyondDouble: 'underflow' });
    expect(tiny.notes.join(' ')).toMatch(/closer to 0 than even fp64/);
    expect(readEntry('fp16', '0e-400').beyondDouble).toBeUndefined();
    expect(readEntry('fp16', '0.5').beyondDouble).toBeUndefined();
  });

  it('never repeats more than 24 characters of what was typed', () => {
    const long = '1'.repeat(5000);
    for (const text of [long, `${long}x`, `0x${long}`]) {
      const e = readEntry('fp32', text);
      for (const message of [e.error ?? '', ...e.notes]) expect(message.length).toBeLessThan(300);
    }
    expect(readEntry('int8', long).notes.join(' ')).toMatch(/^1{24}… is outside/);
  });
});

