import { describe, expect, it } from 'vitest';
import { formatPicojoules } from './format';

describe('formatPicojoules', () => {
  it('picks pJ, nJ, µJ or mJ and keeps three significant digits', () => {
    expect(formatPicojoules(4.6)).toBe('4.6 pJ');
    expect(formatPicojoules(415_000)).toBe('415 nJ');
    expect(formatPicojoules(171_863_000)).toBe('172 µJ');
    expect(formatPicojoules(2.5e9)).toBe('2.5 mJ');
    expect(formatPicojoules(0)).toBe('0 J');
  });
});
