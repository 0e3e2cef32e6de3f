import { useState } from 'react';
import type { LatencyRow } from '../../runtime/contract/models';
import type { ModelWorker } from '../../runtime/page/client';
import { useJob } from './useJob';

/**
 * One latency measurement in the model worker at a time (a `useJob`), with the rows as they
 * arrive. Starting again cancels the run before; rows of a superseded run are dropped.
 */
export function useLatencyRun(worker: ModelWorker) {
  const job = useJob<LatencyRow[]>();
  const [rows, setRows] = useState<LatencyRow[]>([]);

  function start(model: string, batchSizes: readonly number[]) {
    setRows([]);
    void job.start((signal, progress) => worker.jobs.models.latency({ key: model, batchSizes: [...batchSizes] }, {
      signal, onProgress: progress, onPartial: (row) => setRows((r) => [...r, row]),
    }));
  }

  return { job, rows, running: job.running, start, cancel: job.cancel, clearRows: () => setRows([]) };
}
