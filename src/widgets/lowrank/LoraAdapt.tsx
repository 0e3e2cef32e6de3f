import { type LoraOutcome } from '../../runtime/contract/lowrank';
import { NumberField, useFieldsValid } from '../input';
import { formatInt, formatMs, formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { LiveWidget } from '../live/LiveWidget';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import './lowrank.css';

// Not clamped: a URL holding rank 0 shows a message instead of silently changing.
const schema = {
  rank: param.number(4),
  steps: param.number(300),
  lr: param.number(3e-3),
};
const BATCH = 64;

/**
 * LoRA on LeNet-300-100: the model is frozen and only a rank-r update BA of fc1 is trained on
 * inverted digits (ink and background swapped), in the worker; then, for comparison, every
 * weight is fine-tuned for as many steps. Shows trainable parameters and accuracy on the
 * inverted test images before and after each.
 * URL state: `lo.rank`, `lo.steps`, `lo.lr`.
 */
export function LoraAdapt({ id = 'lo' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const fields = useFieldsValid();
  const { worker, backend } = useModelWorker();
  const job = useJob<LoraOutcome>();
  const rankOk = Number.isInteger(url.rank) && url.rank >= 1 && url.rank <= 300;
  const stepsOk = Number.isInteger(url.steps) && url.steps >= 1 && url.steps <= 5000;
  const lrOk = url.lr >= 1e-6 && url.lr <= 0.1;

  function run() {
    void job.start((signal, progress) => worker.jobs.lowrank.lora(
      { key: 'lenet-300-100', weight: 'dense1/kernel', rank: url.rank, steps: url.steps, learningRate: url.lr, batchSize: BATCH, seed: 1 }, { signal, onProgress: progress }));
  }

  const o = job.result;
  return (
    <LiveWidget title="Adapt with a low-rank update (LoRA)">
      <div className="controls">
        <NumberField rule={{ label: 'LoRA rank r', min: 1, max: 300, integer: true }} value={url.rank} onValue={(rank) => setUrl({ rank })} disabled={job.running} />
        <NumberField rule={{ label: 'Training steps', min: 1, max: 5000, integer: true, unit: ' steps' }} value={url.steps} onValue={(steps) => setUrl({ steps })} disabled={job.running} />
        <NumberField rule={{ label: 'Learning rate', min: 1e-6, max: 0.1 }} value={url.lr} onValue={(lr) => setUrl({ lr })} disabled={job.running} />
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running || !rankOk || !stepsOk || !lrOk || !fields.valid} aria-describedby={fields.describedBy} onClick={run}>Adapt to inverted digits</button>
      </div>
      <p>
        The task: the same MNIST digits with ink and background swapped. Only B (784×r) and A (r×300) are trained, batches of {BATCH} with Adam;
        then a copy with every weight trainable gets as many steps.
      </p>
      <JobStatus state={job.state} onCancel={job.cancel} failed="Adaptation failed" cancelled="Cancelled; the numbers below are from the last finished run." />
      {o && (
        <div className="lowrank-results" role="status" aria-live="polite">
          <table className="lowrank-table">
            <thead><tr><th scope="col">model</th><th scope="col">trained parameters</th><th scope="col">inverted test digits</th></tr></thead>
            <tbody>
              <tr><td>original (normal digits: {formatPercent(o.originalAccuracy)})</td><td>0</td><td data-testid="lo-original" data-value={o.originalOnTask}>{formatPercent(o.originalOnTask)}</td></tr>
              <tr><td>rank-{o.rank} LoRA update of fc1</td><td data-testid="lo-trainable" data-value={o.loraTrainable}>{formatInt(o.loraTrainable)}</td><td data-testid="lo-lora" data-value={o.loraOnTask}>{formatPercent(o.loraOnTask)}</td></tr>
              <tr><td>full fine-tuning</td><td data-testid="lo-full-trainable" data-value={o.fullTrainable}>{formatInt(o.fullTrainable)}</td><td data-testid="lo-full" data-value={o.fullOnTask}>{formatPercent(o.fullOnTask)}</td></tr>
            </tbody>
          </table>
          <p>Training took {formatMs(o.loraMs)} for the update and {formatMs(o.fullMs)} for every weight.</p>
        </div>
      )}
    </LiveWidget>
  );
}
