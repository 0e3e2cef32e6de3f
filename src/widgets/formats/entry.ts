import { echoTyped, getFormat, isFloatFormat, parseNumber, roundingError, type DoubleRange, type FormatName } from '../../engine';
import { FORMAT_LABEL, formatQuantity } from './display';

/** A number the reader typed, read for one format: its value, or why it cannot be stored. */
export interface Entry {
  /** The typed value as a JavaScript number (fp64), when the text is a number the format can take. */
  value?: number;
  /** Why nothing was stored (shown as an alert). */
  error?: string;
  /** What happened on the way in: overflow, saturation, underflow, −0, NaN (shown as a note). */
  notes: string[];
  /** The typed decimal is outside fp64 itself, so its rounding error cannot be computed (a note says so). */
  beyondDouble?: DoubleRange;
}

/**
 * Reads typed text as a number for `name` and explains what storing it does. Never throws:
 * every problem becomes an error or a note the page can show.
 */
export function readEntry(name: FormatName, text: string): Entry {
  const parsed = parseNumber(text);
  if (!parsed.ok) return { error: parsed.message, notes: [] };
  const value = parsed.value;
  const typed = echoTyped(text);
  const format = getFormat(name);
  const label = FORMAT_LABEL[name];
  const notes: string[] = [];

  if (!isFloatFormat(format)) {
    if (Number.isNaN(value)) return { error: `${label} has no pattern for NaN: only floating-point formats can store “not a number”.`, notes };
    if (value < format.min || value > format.max) {
      const bound = value < format.min ? format.min : format.max;
      notes.push(
        value < 0 && !format.signed
          ? `${label} has no negative numbers: ${typed} saturates to 0.`
          : `${typed} is outside ${label}’s range [${format.min}, ${format.max}]: it saturates to ${bound}.`,
      );
    } else if (!Number.isInteger(value)) {
      notes.push(`${label} stores whole numbers only: ${typed} rounds to the nearest one (a tie goes to the even one).`);
    } else if (Object.is(value, -0)) {
      notes.push(`Integers have a single zero, so −0 is stored as 0.`);
    }
    return { value, notes };
  }

  if (Number.isNaN(value)) {
    notes.push(
      name === 'fp8e4m3'
        ? 'NaN (“not a number”) has one pattern per sign in fp8 E4M3: every exponent and mantissa bit set.'
        : `NaN (“not a number”) is stored with the exponent bits all 1 and a mantissa that is not 0.`,
    );
    return { value, notes };
  }
  const beyondDouble = parsed.beyondDouble;
  if (beyondDouble === 'overflow') {
    notes.push(`${typed} is too large even for fp64 (the largest is about 1.8e308), so it reads as ${value > 0 ? '+∞' : '−∞'}; its rounding error is not shown, being beyond what a double can compute.`);
  }
  if (beyondDouble === 'underflow') {
    notes.push(`${typed} is closer to 0 than even fp64’s smallest subnormal (about 4.9e−324), so it reads as 0; its rounding error is not shown, being beyond what a double can compute.`);
  }
  const error = roundingError(name, value);
  if (error.overflow && Number.isFinite(value)) {
    notes.push(
      Number.isFinite(error.stored)
        ? `${typed} is beyond the largest ${label} (${format.maxFinite}): it saturates to ${formatQuantity(error.stored)}.`
        : `${typed} is beyond the largest finite ${label} (${format.maxFinite}): it overflows to ${formatQuantity(error.stored)}.`,
    );
  } else if (!Number.isFinite(value) && Number.isFinite(error.stored)) {
    notes.push(`${label} has no infinity: it saturates to ${formatQuantity(error.stored)}.`);
  }
  if (error.underflowToZero && !beyondDouble) {
    notes.push(`${typed} is closer to 0 than to the smallest ${label} subnormal (${formatQuantity(format.minSubnormal)}): it rounds to zero.`);
  }
  if (Object.is(value, -0)) {
    notes.push('−0 has its own pattern: the sign bit set and all other bits 0. It compares equal to +0, but 1/−0 is −∞.');
  }
  return beyondDouble ? { value, notes, beyondDouble } : { value, notes };
}
