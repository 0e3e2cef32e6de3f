// The life of the job behind a widget's button, without React (useJob wraps it), so that its
// paths can be tested: every run ends in exactly one final state, and nothing after it counts.
import { isAbortError } from '../../runtime/contract/abort';
import { describeProgress, type JobProgress } from '../../runtime/contract/jobs';

export type JobState =
  | { status: 'idle' }
  | { status: 'running'; step: string; fraction?: number }
  | { status: 'done' }
  | { status: 'cancelled' }
  /** `retry` runs the same work again. */
  | { status: 'error'; message: string; retry: () => void };

/**
 * Reports what a job is doing: a worker job's progress (put in words by describeProgress), or a
 * sentence of the widget's own and how far along it is in [0, 1] when known.
 */
export type ReportProgress = (step: JobProgress | string, fraction?: number) => void;

export type JobWork<T> = (signal: AbortSignal, progress: ReportProgress) => Promise<T>;

export interface JobRun<T> {
  /** Starts `work`, superseding any run still going (it is cancelled and ends without a state). */
  start(work: JobWork<T>): Promise<void>;
  cancel(): void;
}

/**
 * A run of work reported through `onState` and `onResult`. Each run ends in exactly one of
 * done (with its result), error (with a retry), cancelled, or superseded by a newer run (then it
 * reports nothing more); progress that arrives after a run has ended is dropped.
 */
export function createJobRun<T>(onState: (s: JobState) => void, onResult: (r: T) => void): JobRun<T> {
  let current: AbortController | null = null;

  async function start(work: JobWork<T>): Promise<void> {
    current?.abort();
    const c = new AbortController();
    current = c;
    const live = () => current === c;
    onState({ status: 'running', step: 'Starting…' });
    try {
      const r = await work(c.signal, (step, fraction) => {
        if (!live()) return;
        const { text, fraction: f } = typeof step === 'string' ? { text: step, fraction } : describeProgress(step);
        onState({ status: 'running', step: text, fraction: f });
      });
      if (!live()) return;
      // A cancel that the work did not notice still counts as a cancel.
      if (c.signal.aborted) onState({ status: 'cancelled' });
      else {
        onResult(r);
        onState({ status: 'done' });
      }
    } catch (e) {
      if (!live()) return;
      if (isAbortError(e) || c.signal.aborted) onState({ status: 'cancelled' });
      else onState({ status: 'error', message: errorMessage(e), retry: () => void start(work) });
    } finally {
      if (live()) current = null;
    }
  }

  return { start, cancel: () => current?.abort() };
}

/** A thrown value as a sentence, whatever was thrown. */
export function errorMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.trim() || 'no reason was given';
}
