import { useId } from 'react';
import type { JobState } from './useJob';

/**
 * A job's progress bar with its Cancel button while it runs, and afterwards a note when it was
 * cancelled or an alert when it failed (`failed` names what went wrong, e.g. "The sweep failed"),
 * with a Retry button. Retry runs the failed work again unless `onRetry` says what to do instead
 * (a widget that resets its own state before a run passes its start function).
 */
export function JobStatus({ state, onCancel, onRetry, failed = 'The run failed', cancelled = 'Cancelled.' }: {
  state: JobState;
  onCancel: () => void;
  onRetry?: () => void;
  failed?: string;
  cancelled?: string;
}) {
  const id = useId();
  if (state.status === 'running') {
    return (
      <div className="live-progress">
        <label htmlFor={id}>{state.step}</label>
        <div className="live-progress-row">
          <progress id={id} className="progress" max={1} value={state.fraction} />
          <button type="button" onClick={onCancel}>Cancel</button>
        </div>
      </div>
    );
  }
  if (state.status === 'cancelled') return <p role="status">{cancelled}</p>;
  if (state.status === 'error') {
    return (
      <div className="error-box live-error">
        <p role="alert">{failed}: {state.message}</p>
        <button type="button" onClick={onRetry ?? state.retry}>Retry</button>
      </div>
    );
  }
  return null;
}
