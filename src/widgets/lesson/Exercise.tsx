import { useId, useState, type ReactNode } from 'react';
import { param, useUrlState } from '../urlState';
import { isCorrect, type Answer } from './answer';
import './exercise.css';

export type { Answer };

interface Props {
  /** Unique on the page; names the exercise's state in the URL (`ex-<id>.…`). */
  id: string;
  question: ReactNode;
  answer: Answer;
  hint?: ReactNode;
  /** The worked answer, shown on request. */
  solution: ReactNode;
}

const schema = { answer: param.string(''), hint: param.boolean(false), solution: param.boolean(false) };

/** A question with an answer checked on the page, a hint and a worked answer on request. */
export function Exercise({ id, question, answer, hint, solution }: Props) {
  const [state, set] = useUrlState(`ex-${id}`, schema);
  const [draft, setDraft] = useState(state.answer);
  const uid = useId();
  const verdict = state.answer === '' ? undefined : isCorrect(answer, state.answer);

  function check(event: React.FormEvent) {
    event.preventDefault();
    set({ answer: draft.trim() });
  }

  return (
    <form className="exercise" onSubmit={check} aria-labelledby={`${uid}-q`}>
      <div id={`${uid}-q`} className="exercise-question"><strong>Exercise.</strong> {question}</div>
      {answer.type === 'number' ? (
        <label htmlFor={`${uid}-a`} className="exercise-answer">
          Your answer{answer.unit ? ` (${answer.unit})` : ''}{' '}
          <input id={`${uid}-a`} type="text" inputMode="decimal" value={draft} onChange={(e) => setDraft(e.target.value)} autoComplete="off" />
        </label>
      ) : (
        <fieldset>
          <legend className="muted">Choose one</legend>
          {answer.options.map((option, i) => (
            <label key={option}>
              <input type="radio" name={`${uid}-choice`} value={i} checked={draft === String(i)} onChange={() => setDraft(String(i))} /> {option}
            </label>
          ))}
        </fieldset>
      )}
      <div className="exercise-actions">
        <button type="submit" className="primary">Check</button>
        {hint && <button type="button" aria-expanded={state.hint} onClick={() => set({ hint: !state.hint })}>{state.hint ? 'Hide hint' : 'Hint'}</button>}
        <button type="button" aria-expanded={state.solution} onClick={() => set({ solution: !state.solution })}>
          {state.solution ? 'Hide the worked answer' : 'Show the worked answer'}
        </button>
        <span aria-live="polite" data-testid={`exercise-${id}-feedback`}>
          {verdict === true && <span className="feedback-ok">✓ Correct.</span>}
          {verdict === false && <span className="feedback-no">✗ Not yet — try again{hint ? ' or open the hint' : ''}.</span>}
          {verdict === undefined && state.answer !== '' && <span className="feedback-no">“{state.answer}” is not {answer.type === 'number' ? 'a number' : 'one of the choices'}.</span>}
        </span>
      </div>
      {hint && state.hint && <p className="muted"><strong>Hint:</strong> {hint}</p>}
      {state.solution && <div className="exercise-solution">{solution}</div>}
    </form>
  );
}
