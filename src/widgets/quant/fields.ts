// The number fields of the quantization widgets: one rule per field, read by its <NumberField> and
// by the check of the value a link carries (the field shows that value's message too, but a bad
// value must also keep the run button from starting).
import { parseField, type FieldRule } from '../input';

export const FIELDS = {
  calibrationImages: { label: 'Calibration images', min: 1, max: 60000, integer: true },
  percentile: { label: 'Percentile', min: 50, max: 100 },
  testImage: { label: 'Test image number', min: 0, max: 9999, integer: true },
  qatSteps: { label: 'Training steps', min: 1, max: 5000, integer: true },
} satisfies Record<string, FieldRule>;

/** Why `value` is not allowed by `rule`, in the field's own words; undefined when it is. */
export function valueProblem(value: number, rule: FieldRule): string | undefined {
  const parsed = parseField(String(value), rule);
  return parsed.ok ? undefined : parsed.message;
}
