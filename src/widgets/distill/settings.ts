// Reads the distillation widgets' text fields (as kept in the URL) into the settings of a run,
// naming every unusable field. The rules themselves are the runtime's (distillSettings.ts).
import { checkDistillSettings, checkStudentWidth, type StudentRunSettings } from '../../runtime/contract/distill';
import { parseField } from '../input';

/** The widgets' fields as typed (and as kept in the URL). */
export interface RunText {
  width: string;
  temperature: string;
  alpha: string;
  steps: string;
  lr: string;
}

/** Fixed parts of every run on the page: batch, optimizer, seed, how often the probe is scored. */
export const RUN_CONSTANTS = { batchSize: 32, optimizer: 'adam', seed: 1 } as const;
export const MAX_STEPS = 5000;

export type Parsed = { ok: true; value: StudentRunSettings } | { ok: false; problems: string[] };

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The run the fields describe, or one sentence per unusable field. */
export function parseRun(text: RunText, extra: Partial<StudentRunSettings> = {}): Parsed {
  const problems: string[] = [];
  const field = (typed: string, rule: Parameters<typeof parseField>[1]) => {
    const parsed = parseField(typed, rule);
    if (!parsed.ok) problems.push(parsed.message);
    return parsed.ok ? parsed.value : Number.NaN;
  };
  // Text that is a number is read by the shared parser; its range is the runtime's rule, which says why.
  const number = (typed: string, label: string) => field(typed, { label, min: -Infinity, max: Infinity });
  const check = (value: number, f: () => void) => {
    if (Number.isNaN(value)) return;
    try { f(); } catch (e) { problems.push(`${capital((e as Error).message)}.`); }
  };
  const hidden = number(text.width, 'Student hidden units');
  const temperature = number(text.temperature, 'Temperature T');
  const alpha = number(text.alpha, 'Weight of the teacher α');
  check(hidden, () => checkStudentWidth(hidden));
  check(temperature, () => checkDistillSettings({ temperature, alpha: 0 }));
  check(alpha, () => checkDistillSettings({ temperature: 1, alpha }));
  const steps = field(text.steps, { label: 'Training steps', min: 1, max: MAX_STEPS, integer: true });
  // Far too high rates are allowed on purpose: the lesson asks the reader to watch 1e20 turn the loss into NaN.
  const learningRate = field(text.lr, { label: 'Learning rate', min: 1e-6, max: 1e20 });
  if (problems.length) return { ok: false, problems };
  const evalEvery = Math.max(1, Math.round(steps / 30));
  return { ok: true, value: { ...RUN_CONSTANTS, hidden, temperature, alpha, steps, learningRate, evalEvery, ...extra } };
}
