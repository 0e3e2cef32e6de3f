import { useEffect, useRef, useState } from 'react';
import { isAbortError } from '../../runtime/contract/abort';
import type { LatencyProgress, LatencyRow } from '../../runtime/worker/latency';
import type { ModelWorker } from '../../runtime/page/client';

export type LatencyRun =
  | { status: 'idle' }
  | { status: 'running'; progress?: LatencyProgress }
  | { status: 'done' }
  | { status: 'cancelled' }
  | { status: 'error'; message: string };

/**
 * One latency measurement in the model worker at a time: its status and progress, the rows as
 * they arrive, and cancel. A measurement still running when the widget unmounts is cancelled.
 */
export function useLatencyRun(worker: ModelWorker) {
  const [run, setRun] = useState<LatencyRun>({ status: 'idle' });
  const [rows, setRows] = useState<LatencyRow[]>([]);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  async function start(model: string, batchSizes: readonly number[]) {
    const c = new AbortController();
    controller.current = c;
    setRows([]);
    setRun({ status: 'running' });
    try {
      await worker.measureLatency(model, batchSizes, {
        signal: c.signal,
        onProgress: (progress) => setRun({ status: 'running', progress }),
        onRow: (row) => setRows((r) => [...r, row]),
      });
      setRun({ status: 'done' });
    } catch (e) {
      setRun(isAbortError(e) ? { status: 'cancelled' } : { status: 'error', message: (e as Error).message });
    } finally {
      if (controller.current === c) controller.current = null;
    }
  }

  return {
    run,
    rows,
    running: run.status === 'running',
    progress: run.status === 'running' ? run.progress : undefined,
    start,
    cancel: () => controller.current?.abort(),
    clearRows: () => setRows([]),
  };
}
