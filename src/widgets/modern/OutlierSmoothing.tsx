import type { OutlierOutcome } from '../../runtime/contract/modern';
import { NumberField, parseField, type FieldRule, useFieldsValid } from '../input';
import { LiveWidget } from '../live/LiveWidget';
import { formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { ModelSelect } from './ModelSelect';
import { CALIBRATION_RULE, modelParam } from './settings';

const FACTOR_RULE: FieldRule = { label: 'Outlier factor', min: 1, max: 1000 };
const ALPHA_RULE: FieldRule = { label: 'Migration strength α', min: 0, max: 1 };

const schema = { model: modelParam, factor: param.field(100, FACTOR_RULE), alpha: param.field(0.5, ALPHA_RULE), calibration: param.field(128, CALIBRATION_RULE) };

/**
 * Makes the largest hidden channel of a fully connected model `factor` times larger without
 * changing what the model computes, runs its second layer in int8 (activations per tensor), and
 * shows the accuracy before and after SmoothQuant's scale migration (Xiao et al. 2023).
 * URL state: `ol.model`, `ol.factor`, `ol.alpha`, `ol.calibration`.
 */
export function OutlierSmoothing({ id = 'ol' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const fields = useFieldsValid();
  const { worker, backend } = useModelWorker();
  const job = useJob<OutlierOutcome>();
  const problem = [parseField(String(url.factor), FACTOR_RULE), parseField(String(url.alpha), ALPHA_RULE), parseField(String(url.calibration), CALIBRATION_RULE)].find((c) => !c.ok);

  function run() {
    void job.start((signal, progress) => worker.jobs.modern.outliers({ key: url.model, factor: url.factor, alpha: url.alpha, calibration: url.calibration }, { signal, onProgress: progress }));
  }

  const r = job.result;
  return (
    <LiveWidget title="One outlier channel and SmoothQuant">
      <div className="controls">
        <ModelSelect value={url.model} onChange={(model) => setUrl({ model })} disabled={job.running} />
        <NumberField rule={FACTOR_RULE} value={url.factor} onValue={(factor) => setUrl({ factor })} disabled={job.running} size={5} />
        <NumberField rule={ALPHA_RULE} value={url.alpha} onValue={(alpha) => setUrl({ alpha })} disabled={job.running} size={4} />
        <NumberField rule={CALIBRATION_RULE} value={url.calibration} onValue={(calibration) => setUrl({ calibration })} disabled={job.running} />
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running || problem !== undefined || !fields.valid} aria-describedby={fields.describedBy} onClick={run}>Measure</button>
      </div>
      <p className="muted">The second layer runs in int8: weights per output channel, its input per tensor with the range of the calibration images. Accuracy on all 10,000 test images.</p>
      <JobStatus state={job.state} onCancel={job.cancel} failed="The measurement failed" cancelled="Cancelled; the last finished measurement stays below." />
      {r && (
        <div className="live-table-wrap" data-testid="ol-result" data-int8={r.int8} data-injected={r.int8Injected} data-smoothed={r.int8Smoothed} data-float={r.float} data-float-injected={r.floatInjected}>
          <table className="live-table" aria-label="Accuracy with and without the outlier channel">
            <thead><tr><th scope="col">Model</th><th scope="col">Largest input to layer 2</th><th scope="col">float32</th><th scope="col">int8</th></tr></thead>
            <tbody>
              <tr><th scope="row">as trained</th><td>{r.rangeBefore.toPrecision(3)}</td><td>{formatPercent(r.float)}</td><td>{formatPercent(r.int8)}</td></tr>
              <tr><th scope="row">channel {r.channel} × {url.factor}</th><td>{r.rangeInjected.toPrecision(3)}</td><td>{formatPercent(r.floatInjected)}</td><td>{formatPercent(r.int8Injected)}</td></tr>
              <tr><th scope="row">… after SmoothQuant (α = {url.alpha})</th><td>{r.rangeSmoothed.toPrecision(3)}</td><td>—</td><td>{formatPercent(r.int8Smoothed)}</td></tr>
            </tbody>
          </table>
        </div>
      )}
    </LiveWidget>
  );
}
