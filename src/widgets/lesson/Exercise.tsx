import { useEffect, useId, useState, type ReactNode } from 'react';
import { param, useUrlState } from '../urlState';
import { comparePrediction, isCorrect, matchesSettings, readNumber, toleranceText, type Answer, type MeasureAnswer } from './answer';
import { useMeasurement } from './measurements';
import { updateProgress, useLessonSlug, withExercise } from './progress';
import './exercise.css';

export type { Answer };

interface Props {
  /** Unique on the page; names the exercise's state in the URL (`ex-<id>.…`) and in the reader's progress. */
  id: string;
  question: ReactNode;
  answer: Answer;
  /** Shown on request, and by itself after a wrong answer. */
  hint?: ReactNode;
  /** The worked answer: offered after two wrong tries or a right answer (or, for a prediction, once measured). */
  solution: ReactNode;
}

const schema = {
  answer: param.string(''),
  tries: param.integer(0, 0),
  hint: param.boolean(false),
  solution: param.boolean(false),
};

/** Wrong tries after which the worked answer opens by itself. */
const TRIES_BEFORE_SOLUTION = 2;

const show = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 2 });

/**
 * A question checked on the page. Numbers are checked within a stated tolerance; an empty or
 * unreadable answer is named and does not count as a try; a wrong answer opens the hint, and the
 * second wrong one the worked answer. A `measure` answer is a prediction: the reader commits to a
 * number, runs the widget, and the exercise compares with what the widget measured.
 */
export function Exercise({ id, question, answer, hint, solution }: Props) {
  const [state, set] = useUrlState(`ex-${id}`, schema);
  const [draft, setDraft] = useState(state.answer);
  const [problem, setProblem] = useState<string | null>(null);
  const uid = useId();
  const slug = useLessonSlug();
  const verdict = answer.type === 'measure' || state.answer === '' ? undefined : isCorrect(answer, state.answer);
  const solved = verdict === true;
  const offerSolution = solved || state.tries >= TRIES_BEFORE_SOLUTION;

  useEffect(() => {
    if (slug && verdict !== undefined) updateProgress((p) => withExercise(p, slug, id, verdict ? 'done' : 'tried'));
  }, [slug, id, verdict]);

  function check(event: React.FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (text === '') {
      setProblem(answer.type === 'choice' ? 'Choose one of the options first.' : `Type your ${answer.type === 'measure' ? 'prediction' : 'answer'} first.`);
      return;
    }
    if (answer.type !== 'choice' && readNumber(text) === undefined) {
      setProblem(`“${text.length > 24 ? `${text.slice(0, 24)}…` : text}” is not a number. Write it with digits, like 0.125, 1e-3 or 235,500.`);
      return;
    }
    setProblem(null);
    if (answer.type === 'measure') { set({ answer: text }); return; }
    const right = isCorrect(answer, text) === true;
    const tries = right ? state.tries : state.tries + 1;
    set({
      answer: text,
      tries,
      hint: state.hint || (!right && hint !== undefined),
      solution: state.solution || (!right && tries >= TRIES_BEFORE_SOLUTION),
    });
  }

  const unit = answer.type === 'choice' ? undefined : answer.unit;
  const tolerance = toleranceText(answer);
  return (
    <form className="exercise" onSubmit={check} aria-labelledby={`${uid}-q`} noValidate>
      <div id={`${uid}-q`} className="exercise-question">
        <strong>{answer.type === 'measure' ? 'Predict, then measure.' : 'Exercise.'}</strong> {question}
      </div>
      {answer.type === 'choice' ? (
        <fieldset>
          <legend className="muted">Choose one</legend>
          {answer.options.map((option, i) => (
            <label key={option}>
              <input type="radio" name={`${uid}-choice`} value={i} checked={draft === String(i)} onChange={() => setDraft(String(i))} /> {option}
            </label>
          ))}
        </fieldset>
      ) : (
        <label htmlFor={`${uid}-a`} className="exercise-answer">
          {answer.type === 'measure' ? 'Your prediction' : 'Your answer'}{unit ? ` (${unit})` : ''}{' '}
          <input
            id={`${uid}-a`} type="text" inputMode="decimal" value={draft} autoComplete="off"
            aria-describedby={tolerance ? `${uid}-tol` : undefined} aria-invalid={problem !== null}
            onChange={(e) => { setDraft(e.target.value); setProblem(null); }}
          />
        </label>
      )}
      {tolerance && <p id={`${uid}-tol`} className="exercise-tolerance muted">{tolerance}</p>}
      <div className="exercise-actions">
        <button type="submit" className="primary">{answer.type === 'measure' ? 'Lock in my prediction' : 'Check'}</button>
        {hint && <button type="button" aria-expanded={state.hint} onClick={() => set({ hint: !state.hint })}>{state.hint ? 'Hide hint' : 'Hint'}</button>}
        {answer.type !== 'measure' && offerSolution && (
          <button type="button" aria-expanded={state.solution} onClick={() => set({ solution: !state.solution })}>
            {state.solution ? 'Hide the worked answer' : 'Show the worked answer'}
          </button>
        )}
        <span aria-live="polite" data-testid={`exercise-${id}-feedback`}>
          {problem && <span className="feedback-no">{problem}</span>}
          {!problem && verdict === true && <span className="feedback-ok">✓ Correct.</span>}
          {!problem && verdict === false && (
            <span className="feedback-no">
              ✗ Not yet: “{state.answer}” is not right.{' '}
              {state.tries >= TRIES_BEFORE_SOLUTION ? 'The worked answer is below.' : hint ? 'Read the hint and try again.' : 'Try again.'}
            </span>
          )}
          {!problem && verdict === undefined && answer.type !== 'measure' && state.answer !== '' && (
            <span className="feedback-no">“{state.answer}” is not {answer.type === 'number' ? 'a number' : 'one of the choices'}.</span>
          )}
        </span>
      </div>
      {hint && state.hint && <p className="exercise-hint"><strong>Hint:</strong> {hint}</p>}
      {answer.type === 'measure' && state.answer !== '' && readNumber(state.answer) !== undefined && (
        <PredictionResult id={id} answer={answer} predicted={readNumber(state.answer)!} solution={solution} />
      )}
      {answer.type !== 'measure' && offerSolution && state.solution && <div className="exercise-solution"><strong>Worked answer.</strong> {solution}</div>}
    </form>
  );
}

/** The second half of a prediction: waits for the widget's measurement, then compares. */
function PredictionResult({ id, answer, predicted, solution }: { id: string; answer: MeasureAnswer; predicted: number; solution: ReactNode }) {
  const measurement = useMeasurement(answer.key);
  const slug = useLessonSlug();
  const usable = measurement && matchesSettings(answer.where, measurement.settings) ? measurement : undefined;
  useEffect(() => {
    if (slug && usable) updateProgress((p) => withExercise(p, slug, id, 'done'));
  }, [slug, id, usable]);
  const unit = answer.unit ? ` ${answer.unit}` : '';
  if (!usable) {
    return (
      <p className="exercise-pending" data-testid={`exercise-${id}-measured`}>
        Your prediction: <strong>{show(predicted)}{unit}</strong>. Now {answer.run}; the measured number will appear here.
        {measurement && ' (The widget’s last measurement used other settings.)'}
      </p>
    );
  }
  const { difference, good } = comparePrediction(answer, predicted, usable.value);
  return (
    <div className="exercise-solution" data-testid={`exercise-${id}-measured`}>
      <p>
        Predicted <strong>{show(predicted)}{unit}</strong>, measured <strong>{show(usable.value)}{unit}</strong>:{' '}
        {difference === 0 ? 'exactly right.' : `${show(Math.abs(difference))}${unit} ${difference > 0 ? 'too high' : 'too low'}.`}{' '}
        <span className={good ? 'feedback-ok' : 'feedback-no'}>{good ? '✓ A good prediction.' : `✗ Further off than ${show(answer.within)}${unit}.`}</span>
      </p>
      <div><strong>Why.</strong> {solution}</div>
    </div>
  );
}
