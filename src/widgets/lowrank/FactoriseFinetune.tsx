import { maxRankOf, type FactorOutcome } from '../../runtime/contract/lowrank';
import { lowRankParams } from '../../engine';
import { NumberField, useFieldsValid } from '../input';
import { formatInt, formatMs, formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { LiveWidget } from '../live/LiveWidget';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import './lowrank.css';

const [ROWS, COLS] = [784, 300];
const MAX_RANK = maxRankOf(ROWS, COLS);
/** The recipe measured in bench/low-rank.bench.ts: Adam, batches of 64. */
export const FINETUNE = { batchSize: 64, seed: 1 };

// Not clamped: a URL holding rank 0 shows a message instead of silently changing.
const schema = {
  rank: param.number(32),
  steps: param.number(1000),
  lr: param.number(1e-4),
};

/**
 * Replaces LeNet-300-100's first layer (784×300) by two thin Dense layers 784→k→300 initialised
 * from the SVD, then fine-tunes the whole model in the worker, with progress and cancel; shows
 * the accuracy before and after and the parameters saved.
 * URL state: `ff.rank`, `ff.steps`, `ff.lr` (learning rate).
 */
export function FactoriseFinetune({ id = 'ff' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const fields = useFieldsValid();
  const { worker, backend } = useModelWorker();
  const job = useJob<FactorOutcome>();
  const rankOk = Number.isInteger(url.rank) && url.rank >= 1 && url.rank <= MAX_RANK;
  const stepsOk = Number.isInteger(url.steps) && url.steps >= 1 && url.steps <= 5000;
  const lrOk = url.lr >= 1e-6 && url.lr <= 0.1;
  const planned = rankOk ? lowRankParams(ROWS, COLS, url.rank) : undefined;

  function run() {
    void job.start((signal, progress) => worker.jobs.lowrank.factorise(
      { key: 'lenet-300-100', weight: 'dense1/kernel', rank: url.rank, steps: url.steps, learningRate: url.lr, ...FINETUNE }, { signal, onProgress: progress }));
  }

  const o = job.result;
  return (
    <LiveWidget title="Factorise fc1, then fine-tune">
      <div className="controls">
        <NumberField rule={{ label: 'Rank k of fc1', min: 1, max: MAX_RANK, integer: true }} value={url.rank} onValue={(rank) => setUrl({ rank })} disabled={job.running} />
        <NumberField rule={{ label: 'Fine-tuning steps', min: 1, max: 5000, integer: true, unit: ' steps' }} value={url.steps} onValue={(steps) => setUrl({ steps })} disabled={job.running} />
        <NumberField rule={{ label: 'Learning rate', min: 1e-6, max: 0.1 }} value={url.lr} onValue={(lr) => setUrl({ lr })} disabled={job.running} />
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running || !rankOk || !stepsOk || !lrOk || !fields.valid} aria-describedby={fields.describedBy} onClick={run}>Factorise and fine-tune</button>
      </div>
      {planned !== undefined && (
        <p>
          fc1 becomes 784→{url.rank}→300: {formatInt(ROWS * COLS)} weights → {formatInt(planned)} (<span data-testid="planned-ratio">{((ROWS * COLS) / planned).toFixed(2)}×</span> {planned < ROWS * COLS ? 'fewer' : 'more: no saving'}).
          {' '}Fine-tuning trains every weight with Adam (batches of {FINETUNE.batchSize}).
        </p>
      )}
      <JobStatus state={job.state} onCancel={job.cancel} failed="Fine-tuning failed" cancelled="Cancelled; the numbers below are from the last finished run." />
      {o && (
        <div className="lowrank-results" role="status" aria-live="polite">
          <table className="lowrank-table">
            <thead><tr><th scope="col">model</th><th scope="col">fc1 weights</th><th scope="col">test accuracy</th></tr></thead>
            <tbody>
              <tr><td>original</td><td>{formatInt(o.layerParams)}</td><td data-testid="ff-original" data-value={o.originalAccuracy}>{formatPercent(o.originalAccuracy)}</td></tr>
              <tr><td>rank {o.rank}, straight from the SVD</td><td>{formatInt(o.factoredParams)}</td><td data-testid="ff-before" data-value={o.accuracyBefore}>{formatPercent(o.accuracyBefore)}</td></tr>
              <tr><td>rank {o.rank}, after {formatInt(o.steps)} steps</td><td>{formatInt(o.factoredParams)}</td><td data-testid="ff-after" data-value={o.accuracyAfter}>{formatPercent(o.accuracyAfter)}</td></tr>
            </tbody>
          </table>
          <p>
            fc1 holds <strong data-testid="ff-ratio" data-value={o.layerParams / o.factoredParams}>{(o.layerParams / o.factoredParams).toFixed(2)}×</strong> fewer weights;
            the whole model {formatInt(o.modelParams)} → {formatInt(o.modelParamsFactored)} parameters. Fine-tuning took <span data-testid="ff-ms" data-value={o.trainMs}>{formatMs(o.trainMs)}</span>.
          </p>
        </div>
      )}
    </LiveWidget>
  );
}
