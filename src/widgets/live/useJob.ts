import { useCallback, useEffect, useRef, useState } from 'react';
import { createJobRun, type JobRun, type JobState, type JobWork } from './jobRun';
export type { JobState, ReportProgress } from './jobRun';

export interface Job<T> {
  state: JobState;
  /** The result of the last run that finished; kept through later errors and cancels. */
  result: T | undefined;
  running: boolean;
  /** Starts `work`, cancelling any run still going (its result is dropped). */
  start(work: JobWork<T>): Promise<void>;
  cancel(): void;
}

/**
 * One cancellable piece of worker work behind a widget's button: its progress, its last result,
 * and its error as a message with a retry (see jobRun.ts). Unmounting the widget cancels the run.
 */
export function useJob<T>(): Job<T> {
  const [state, setState] = useState<JobState>({ status: 'idle' });
  const [result, setResult] = useState<T | undefined>();
  const run = useRef<JobRun<T>>(null);
  run.current ??= createJobRun<T>(setState, (r) => setResult(() => r));
  useEffect(() => () => run.current?.cancel(), []);
  const start = useCallback((work: JobWork<T>) => run.current!.start(work), []);
  const cancel = useCallback(() => run.current!.cancel(), []);
  return { state, result, running: state.status === 'running', start, cancel };
}
