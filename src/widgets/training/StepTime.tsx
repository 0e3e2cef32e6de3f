import type { StepTiming } from '../../runtime/contract/training';
import { NumberField, useFieldsValid } from '../input';
import { usePostMeasurement } from '../lesson/measurements';
import { JobStatus, LiveWidget, useJob, useModelWorker } from '../live';
import { param, useUrlState } from '../urlState';
import { formatMs, formatPercent } from './format';
import './training.css';

const schema = { batch: param.integer(64, 1, 1000), steps: param.integer(30, 1, 500) };

const PHASES: { key: 'data' | 'forward' | 'backward' | 'optimizer'; label: string }[] = [
  { key: 'data', label: 'Data (batch to tensors)' },
  { key: 'forward', label: 'Forward pass and loss' },
  { key: 'backward', label: 'Backward pass (gradients)' },
  { key: 'optimizer', label: 'Optimizer step (Adam)' },
];

/** Times the phases of LeNet-300-100 training steps in the worker and shows where the time goes. */
export function StepTime() {
  const [s, set] = useUrlState('steptime', schema);
  const fields = useFieldsValid();
  const { worker, backend } = useModelWorker();
  const job = useJob<StepTiming>();
  const t = job.result;
  usePostMeasurement('training.backwardOverForward', t && t.backward / t.forward, { batch: String(t?.batchSize) });
  const total = t ? t.data + t.forward + t.backward + t.optimizer : 0;
  return (
    <LiveWidget title="Where a training step’s time goes">
      <div className="controls">
        <NumberField rule={{ label: 'Batch size', min: 1, max: 1000, integer: true }} value={s.batch} onValue={(batch) => set({ batch })} disabled={job.running} />
        <NumberField rule={{ label: 'Timed steps', min: 1, max: 500, integer: true }} value={s.steps} onValue={(steps) => set({ steps })} disabled={job.running} />
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running || !fields.valid} aria-describedby={fields.describedBy}
          onClick={() => job.start((signal, progress) => worker.jobs.training.timeSteps({ model: 'lenet-300-100', batchSize: s.batch, steps: s.steps }, { signal, onProgress: progress }))}>
          Time training steps
        </button>
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} failed="Timing failed" />
      {t && (
        <>
          <div className="training-table-wrap" tabIndex={0} role="region" aria-label="Time per phase">
            <table className="training-table" data-testid="step-time">
              <thead><tr><th scope="col">Phase (LeNet-300-100, batch {t.batchSize}, mean of {t.steps} steps)</th><th scope="col" className="num">Time</th><th scope="col" className="num">Share</th></tr></thead>
              <tbody>
                {PHASES.map((p) => (
                  <tr key={p.key}>
                    <th scope="row">{p.label}</th>
                    <td className="num" data-testid={`time-${p.key}`}>{formatMs(t[p.key])}</td>
                    <td className="num">{formatPercent(t[p.key] / total, 0)}</td>
                  </tr>
                ))}
                <tr className="total"><th scope="row">Step</th><td className="num">{formatMs(total)}</td><td className="num">100%</td></tr>
              </tbody>
            </table>
          </div>
          <p className="training-result" aria-live="polite">Backward ÷ forward: <strong data-testid="time-ratio">{(t.backward / t.forward).toFixed(2)}</strong></p>
        </>
      )}
    </LiveWidget>
  );
}
