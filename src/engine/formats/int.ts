/** The integer codec: round half to even, saturate, and two's complement patterns, as plain numbers. */
import { roundHalfEven } from './float';
import type { IntFormat } from './table';

/**
 * x rounded half to even and clamped to [f.min, f.max] (±infinity clamp too).
 * Throws `NaN has no <name> representation` for NaN. Never returns -0.
 */
export function roundToInt(f: IntFormat, x: number): number {
  if (x !== x) throw new Error(`NaN has no ${f.name} representation`);
  if (x <= f.min) return f.min;
  if (x >= f.max) return f.max;
  return roundHalfEven(x) + 0;
}

/** Whether x, rounded half to even, lies outside [f.min, f.max] so that roundToInt clamped it. */
export function intOverflows(f: IntFormat, x: number): boolean {
  const r = roundHalfEven(x);
  return r < f.min || r > f.max;
}

/** The pattern of the integer v (in range): v itself if v ≥ 0, else v + 2^bits (two's complement). */
export function intPattern(f: IntFormat, v: number): number {
  return v < 0 ? v + 2 ** f.bits : v;
}

/** The integer a pattern stores: for signed formats -sign·2^(bits-1) + rest, else the pattern itself. */
export function intValue(f: IntFormat, pattern: number): number {
  return f.signed && pattern >= 2 ** (f.bits - 1) ? pattern - 2 ** f.bits : pattern;
}
