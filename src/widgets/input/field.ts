// The one parser for numbers a reader types: every field of every widget reads its text through
// parseField, so bad input always gets the same kind of message naming the field and its range.

/** What a field accepts. `label` is the field's name as the reader sees it, e.g. "Weight bits". */
export interface FieldRule {
  label: string;
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** Shown after the numbers of the range, e.g. "%" or " steps". */
  unit?: string;
}

export type FieldResult = { ok: true; value: number } | { ok: false; message: string };

/** Longest echo of the reader's text in a message; longer text is cut with an ellipsis. */
const ECHO_CHARS = 24;

const echo = (text: string) => {
  const t = text.trim();
  return `“${t.length > ECHO_CHARS ? `${t.slice(0, ECHO_CHARS)}…` : t}”`;
};

/** A bound in words: grouped digits, or e-notation from 10¹² up (where digit groups stop being readable). */
const show = (n: number) => (Math.abs(n) >= 1e12 ? n.toExponential().replace('e+', 'e') : n.toLocaleString('en-US', { maximumFractionDigits: 6 }));

/** "a whole number from 1 to 8 bits": the allowed values in words. */
export function describeRule(rule: FieldRule): string {
  const unit = rule.unit ?? '';
  const kind = rule.integer ? 'a whole number' : 'a number';
  const low = Number.isFinite(rule.min);
  const high = Number.isFinite(rule.max);
  if (low && high) return `${kind} from ${show(rule.min)}${unit} to ${show(rule.max)}${unit}`;
  if (low) return `${kind} of at least ${show(rule.min)}${unit}`;
  if (high) return `${kind} of at most ${show(rule.max)}${unit}`;
  return kind;
}

/**
 * Reads `text` as a value of the field: digits with an optional sign, decimal point and exponent,
 * and thousands separators (spaces, commas, underscores). Never clamps: a value out of range is
 * refused with a message, as are blank text, words, NaN and infinities.
 */
export function parseField(text: string, rule: FieldRule): FieldResult {
  const allowed = describeRule(rule);
  const cleaned = text.trim().replace(/[\s,_]/g, '');
  if (cleaned === '') return { ok: false, message: `${rule.label} is empty: enter ${allowed}.` };
  const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(cleaned) ? Number(cleaned) : Number.NaN;
  if (!Number.isFinite(value)) return { ok: false, message: `${rule.label} must be ${allowed}; ${echo(text)} is not a number.` };
  if (rule.integer && !Number.isInteger(value)) return { ok: false, message: `${rule.label} must be ${allowed}; ${echo(text)} is not whole.` };
  if (value < rule.min || value > rule.max) return { ok: false, message: `${rule.label} must be ${allowed}; got ${echo(text)}.` };
  return { ok: true, value };
}
