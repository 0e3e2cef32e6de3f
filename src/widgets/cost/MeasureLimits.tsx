import type { BrowserLimits } from '../../runtime/contract/roofline';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { formatBytes, formatSI, formatTime } from './format';

/** A limit as typed into a GFLOP/s or GB/s field: three significant digits. */
export const asGiga = (perSecond: number) => String(Number((perSecond / 1e9).toPrecision(3)));

/**
 * "Measure this browser": times a large matrix product and a large add in the model worker, with
 * the backend the models run on, and hands the peak and bandwidth to the widget. Shows how each
 * was measured, so the reader can judge the figures.
 */
export function MeasureLimits({ onMeasured }: { onMeasured: (limits: BrowserLimits) => void }) {
  const { worker, backend } = useModelWorker();
  const job = useJob<BrowserLimits>();
  const measure = () => job.start(async (signal, progress) => {
    const limits = await worker.jobs.roofline.limits({}, { signal, onProgress: progress });
    onMeasured(limits);
    return limits;
  });
  const r = job.result;
  return (
    <div className="measure-limits">
      <button type="button" onClick={() => void measure()} disabled={job.running || backend.status !== 'ready'}>Measure this browser</button>
      <JobStatus state={job.state} onCancel={job.cancel} failed="Measuring this browser failed" cancelled="Measurement cancelled; the limits are unchanged." />
      {r && (
        <p className="muted" data-testid="measured-limits">
          Measured on {r.backend}: a {r.matmulSize}×{r.matmulSize} matrix product in {formatTime(r.matmulMs / 1000)} ({formatSI(r.peakFlops, 'FLOP/s')}),
          a 1×{r.streamSize} by {r.streamSize}×{r.streamSize} matrix–vector product over {formatBytes(r.streamBytes)} in {formatTime(r.streamMs / 1000)} ({formatSI(r.bandwidth, 'B/s')}); fastest of several runs.
        </p>
      )}
    </div>
  );
}
