// The roofline limits a reader can type in, shared by the Roofline and the measured-versus-predicted widget.

/** Until the reader measures, "this browser" starts from round figures of a laptop running JavaScript. */
export const BROWSER_GUESS = { peakFlops: 2e9, bandwidth: 5e9 };

/** A typed override in giga-units, or the preset when empty; a message when it is not a positive number. */
export function override(text: string, preset: number, what: string): { value: number; message?: string } {
  if (text.trim() === '') return { value: preset };
  const giga = Number(text);
  if (!Number.isFinite(giga) || giga <= 0) return { value: preset, message: `${what} must be a positive number; using the preset.` };
  return { value: giga * 1e9 };
}
