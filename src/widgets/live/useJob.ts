import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbortError } from '../../runtime/contract/abort';
import { describeProgress, type JobProgress } from '../../runtime/contract/jobs';

export type JobState =
  | { status: 'idle' }
  | { status: 'running'; step: string; fraction?: number }
  | { status: 'done' }
  | { status: 'cancelled' }
  | { status: 'error'; message: string };

/**
 * Reports what a job is doing: a worker job's progress (put in words by describeProgress), or a
 * sentence of the widget's own and how far along it is in [0, 1] when known.
 */
export type ReportProgress = (step: JobProgress | string, fraction?: number) => void;

export interface Job<T> {
  state: JobState;
  /** The result of the last run that finished; kept through later errors and cancels. */
  result: T | undefined;
  running: boolean;
  /** Starts `work`, cancelling any run still going (its result is dropped). */
  start(work: (signal: AbortSignal, progress: ReportProgress) => Promise<T>): Promise<void>;
  cancel(): void;
}

/**
 * One cancellable piece of worker work behind a widget's button: its progress, its last result,
 * and its error as a message. Unmounting the widget cancels the run.
 */
export function useJob<T>(): Job<T> {
  const [state, setState] = useState<JobState>({ status: 'idle' });
  const [result, setResult] = useState<T | undefined>();
  const current = useRef<AbortController | null>(null);
  useEffect(() => () => current.current?.abort(), []);

  const start = useCallback(async (work: (signal: AbortSignal, progress: ReportProgress) => Promise<T>) => {
    current.current?.abort();
    const c = new AbortController();
    current.current = c;
    const live = () => current.current === c;
    setState({ status: 'running', step: 'Starting…' });
    try {
      const r = await work(c.signal, (step, fraction) => {
        if (!live()) return;
        const { text, fraction: f } = typeof step === 'string' ? { text: step, fraction } : describeProgress(step);
        setState({ status: 'running', step: text, fraction: f });
      });
      if (!live()) return;
      setResult(() => r);
      setState({ status: 'done' });
    } catch (e) {
      if (live()) setState(isAbortError(e) ? { status: 'cancelled' } : { status: 'error', message: (e as Error).message });
    } finally {
      if (live()) current.current = null;
    }
  }, []);

  const cancel = useCallback(() => current.current?.abort(), []);
  return { state, result, running: state.status === 'running', start, cancel };
}
