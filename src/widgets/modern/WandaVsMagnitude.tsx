import type { WandaOutcome } from '../../runtime/contract/modern';
import { NumberField, parseField, type FieldRule, useFieldsValid } from '../input';
import { LiveWidget } from '../live/LiveWidget';
import { formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { ModelSelect } from './ModelSelect';
import { CALIBRATION_RULE, modelParam } from './settings';

const SPARSITY_RULE: FieldRule = { label: 'Sparsity', min: 0, max: 95, unit: ' %' };

const schema = {
  model: modelParam,
  /** Percent of every kernel's weights pruned. */
  sparsity: param.field(70, SPARSITY_RULE),
  calibration: param.field(128, CALIBRATION_RULE),
};

/**
 * Prunes a fully connected model of the zoo once, without retraining, by magnitude (smallest |w|
 * of each layer) and by Wanda (smallest |w| · ‖x‖ within each output, Sun et al. 2024), and scores
 * both on the test set. URL state: `wa.model`, `wa.sparsity` (percent), `wa.calibration`.
 */
export function WandaVsMagnitude({ id = 'wa' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const fields = useFieldsValid();
  const { worker, backend } = useModelWorker();
  const job = useJob<WandaOutcome>();
  const problem = [parseField(String(url.sparsity), SPARSITY_RULE), parseField(String(url.calibration), CALIBRATION_RULE)].find((c) => !c.ok);

  function run() {
    void job.start((signal, progress) => worker.jobs.modern.wanda({ key: url.model, sparsity: url.sparsity / 100, calibration: url.calibration }, { signal, onProgress: progress }));
  }

  const r = job.result;
  return (
    <LiveWidget title="Wanda against magnitude, no retraining">
      <div className="controls">
        <ModelSelect value={url.model} onChange={(model) => setUrl({ model })} disabled={job.running} />
        <NumberField rule={SPARSITY_RULE} value={url.sparsity} onValue={(sparsity) => setUrl({ sparsity })} disabled={job.running} size={4} />
        <NumberField rule={CALIBRATION_RULE} value={url.calibration} onValue={(calibration) => setUrl({ calibration })} disabled={job.running} />
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running || problem !== undefined || !fields.valid} aria-describedby={fields.describedBy} onClick={run}>Prune both ways</button>
      </div>
      <p className="muted">Both prune {url.sparsity} % of every layer's weights in one shot; Wanda reads the activations of the calibration images (from the training set) once.</p>
      <JobStatus state={job.state} onCancel={job.cancel} failed="Pruning failed" cancelled="Cancelled; the last finished comparison stays below." />
      {r && (
        <p data-testid="wa-result" data-float={r.floatAccuracy} data-magnitude={r.magnitudeAccuracy} data-wanda={r.wandaAccuracy} data-sparsity={r.kernelSparsity}>
          At {formatPercent(r.kernelSparsity, 1)} of the weights pruned: magnitude <strong>{formatPercent(r.magnitudeAccuracy)}</strong>,
          Wanda <strong>{formatPercent(r.wandaAccuracy)}</strong> (the unpruned model: {formatPercent(r.floatAccuracy)}).
        </p>
      )}
    </LiveWidget>
  );
}
