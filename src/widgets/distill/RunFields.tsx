import { useId } from 'react';
import { STUDENT_WIDTH } from '../../runtime/contract/distill';
import { MAX_STEPS, type RunText } from './settings';

/** The inputs of a two-student run (hidden width, T, alpha, steps, learning rate), as text. */
export function RunFields({ text, onChange, invalid, describedBy, disabled }: {
  text: RunText;
  onChange: (patch: Partial<RunText>) => void;
  invalid: boolean;
  describedBy?: string;
  disabled: boolean;
}) {
  const ids = { width: useId(), t: useId(), alpha: useId(), steps: useId(), lr: useId() };
  const common = { 'aria-describedby': invalid ? describedBy : undefined, disabled, size: 6, step: 'any' as const };
  return (
    <div className="controls">
      <label htmlFor={ids.width}>Student hidden units ({STUDENT_WIDTH.min}–{STUDENT_WIDTH.max})
        <input id={ids.width} type="number" {...common} min={STUDENT_WIDTH.min} max={STUDENT_WIDTH.max} value={text.width} onChange={(e) => onChange({ width: e.target.value })} />
      </label>
      <label htmlFor={ids.t}>Temperature T
        <input id={ids.t} type="number" {...common} min={1} max={20} value={text.temperature} onChange={(e) => onChange({ temperature: e.target.value })} />
      </label>
      <label htmlFor={ids.alpha}>Weight of the teacher α (0–1)
        <input id={ids.alpha} type="number" {...common} min={0} max={1} value={text.alpha} onChange={(e) => onChange({ alpha: e.target.value })} />
      </label>
      <label htmlFor={ids.steps}>Training steps (batches of 32)
        <input id={ids.steps} type="number" {...common} min={1} max={MAX_STEPS} value={text.steps} onChange={(e) => onChange({ steps: e.target.value })} />
      </label>
      <label htmlFor={ids.lr}>Learning rate (Adam)
        <input id={ids.lr} type="number" {...common} min={0} value={text.lr} onChange={(e) => onChange({ lr: e.target.value })} />
      </label>
    </div>
  );
}
