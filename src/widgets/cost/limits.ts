// The roofline limits a reader can type in, shared by the Roofline and the measured-versus-predicted widget.

/** Until the reader measures, "this browser" starts from round figures of a laptop running JavaScript. */
export const BROWSER_GUESS = { peakFlops: 2e9, bandwidth: 5e9 };

import { parseField, type FieldRule } from '../input';

/** What a typed peak or bandwidth may be, in giga-units: from a thousandth to beyond any chip of today. */
export const LIMIT_RULES = {
  peak: { label: 'Peak', min: 0.001, max: 1e9, unit: ' GFLOP/s' },
  bw: { label: 'Bandwidth', min: 0.001, max: 1e7, unit: ' GB/s' },
} satisfies Record<string, FieldRule>;

/**
 * A typed override in giga-units (from the page or a URL), or the preset when empty. Anything
 * parseField refuses (words, NaN, 1e308) keeps the preset and says why; nothing here can throw.
 */
export function override(text: string, preset: number, rule: FieldRule): { value: number; message?: string } {
  if (text.trim() === '') return { value: preset };
  const giga = parseField(text, rule);
  if (!giga.ok) return { value: preset, message: `${giga.message} Using the preset.` };
  return { value: giga.value * 1e9 };
}
