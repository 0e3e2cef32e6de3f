import { useState } from 'react';
import type { SemiStructuredOutcome, SparsityRun } from '../../runtime/contract/modern';
import { NumberField, parseField, type FieldRule, useFieldsValid } from '../input';
import { LiveWidget } from '../live/LiveWidget';
import { formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';

const STEPS_RULE: FieldRule = { label: 'Retraining steps', min: 10, max: 3000, integer: true };
const MODEL = 'lenet-300-100';
/** The retraining recipe of both copies (Adam, as the pruning lesson's retraining). */
const RECIPE = { batchSize: 64, learningRate: 1e-4, seed: 1 };

const schema = { steps: param.field(500, STEPS_RULE) };

const PATTERN_NAMES: Record<SparsityRun['pattern'], string> = { '2:4': '2:4 (two of every four inputs)', unstructured: 'unstructured 50 % (smallest |w| of each layer)' };

/**
 * Prunes LeNet-300-100 to 50 % twice, in the 2:4 pattern sparse tensor cores run and without
 * structure, retrains each copy with its mask held for the same number of steps, and shows test
 * accuracy before and after. URL state: `tf.steps`.
 */
export function TwoFourRetrain({ id = 'tf' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const fields = useFieldsValid();
  const { worker, backend } = useModelWorker();
  const job = useJob<SemiStructuredOutcome>();
  const [runs, setRuns] = useState<SparsityRun[]>([]);
  const problem = parseField(String(url.steps), STEPS_RULE);

  function run() {
    setRuns([]);
    void job.start((signal, progress) => worker.jobs.modern.semiStructured({ key: MODEL, settings: { steps: url.steps, ...RECIPE } }, {
      signal, onProgress: progress, onPartial: (r) => setRuns((rs) => [...rs, r]),
    }));
  }

  const float = job.result?.floatAccuracy;
  return (
    <LiveWidget title="2:4 against unstructured 50 %, with retraining">
      <div className="controls">
        <NumberField rule={STEPS_RULE} value={url.steps} onValue={(steps) => setUrl({ steps })} disabled={job.running} />
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running || !problem.ok || !fields.valid} aria-describedby={fields.describedBy} onClick={run}>Prune and retrain both</button>
      </div>
      <p className="muted">LeNet-300-100, every layer at 50 %. Each copy retrains {url.steps} steps (Adam, batches of {RECIPE.batchSize}, learning rate {RECIPE.learningRate}) with its mask held.</p>
      <JobStatus state={job.state} onCancel={job.cancel} failed="Retraining failed" cancelled="Cancelled; the runs that finished stay below." />
      {runs.length > 0 && (
        <div className="live-table-wrap">
          <table className="live-table" aria-label="Test accuracy of the 2:4 and unstructured copies" data-testid="tf-result">
            <thead><tr><th scope="col">Pattern</th><th scope="col">Pruned</th><th scope="col">Accuracy after pruning</th><th scope="col">After retraining</th></tr></thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.pattern} data-pattern={r.pattern} data-before={r.before} data-after={r.after}>
                  <th scope="row">{PATTERN_NAMES[r.pattern]}</th>
                  <td>{formatPercent(r.kernelSparsity, 1)}</td>
                  <td>{formatPercent(r.before)}</td>
                  <td>{formatPercent(r.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {float !== undefined && <p>The unpruned model scores {formatPercent(float)}.</p>}
        </div>
      )}
    </LiveWidget>
  );
}
