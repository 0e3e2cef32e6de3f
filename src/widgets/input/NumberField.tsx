import { useEffect, useId, useState } from 'react';
import { parseField, type FieldRule } from './field';
import { useReportValidity } from './validity';

interface Props {
  /** What the field accepts; `rule.label` is the visible label. */
  rule: FieldRule;
  /** The last accepted value (from the widget's URL state). */
  value: number;
  /** Called with each accepted value; text that does not parse only shows its message. */
  onValue: (value: number) => void;
  disabled?: boolean;
  /** Width of the text box in characters. */
  size?: number;
}

/**
 * A labelled number box read through parseField. While the text is not an allowed value, the
 * message says why (announced to screen readers) and the widget keeps its last accepted value,
 * so nothing the reader did is lost, and the widget's Run button is disabled until it is fixed.
 */
export function NumberField({ rule, value, onValue, disabled, size = 6 }: Props) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const parsed = parseField(text, rule);
  // The widget's Run button waits while this field shows an error (useFieldsValid).
  useReportValidity(id, parsed.ok ? null : `${id}-error`);

  // A value changed elsewhere (a link, a preset, a reset) replaces the text unless it already says that.
  useEffect(() => {
    setText((t) => {
      const now = parseField(t, rule);
      return now.ok && now.value === value ? t : String(value);
    });
    // Only a new value may replace the text; a re-render with the same value keeps the reader's draft.
  }, [value]);

  return (
    <span className="number-field">
      <label htmlFor={id}>{rule.label}{rule.unit ? ` (${rule.unit.trim()})` : ''}</label>{' '}
      <input
        id={id} type="text" inputMode="decimal" autoComplete="off" size={size} value={text} disabled={disabled}
        aria-invalid={!parsed.ok} aria-describedby={parsed.ok ? undefined : `${id}-error`}
        onChange={(e) => {
          setText(e.target.value);
          const next = parseField(e.target.value, rule);
          if (next.ok && next.value !== value) onValue(next.value);
        }}
      />
      {!parsed.ok && <span id={`${id}-error`} role="alert" className="field-error">{parsed.message}</span>}
    </span>
  );
}
