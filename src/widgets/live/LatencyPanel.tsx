import { useId, useMemo, useState } from 'react';
import { BATCH_SIZES, UPLOAD_KEY } from '../../runtime/contract/names';
import { ZOO_IDS, type ZooId } from '../../runtime/contract/zoo';
import { param, useUrlState } from '../urlState';
import { BackendPicker } from './BackendPicker';
import { formatInt, formatMs } from './format';
import { LatencyChart } from './LatencyChart';
import { useModelWorker } from './useModelWorker';
import { useModelSchema, useZooModels } from './useZooModels';
import { JobStatus } from './JobStatus';
import { useLatencyRun } from './useLatencyRun';
import './live.css';

export interface LatencyPanelProps {
  /** Zoo models to offer (all four by default); the uploaded model is offered when allowUpload. */
  models?: readonly ZooId[];
  defaultModel?: ZooId;
  /** Offer the model the reader uploaded in an EvaluatePanel/ModelUpload on this page. Default false. */
  allowUpload?: boolean;
  /** Largest batch size shown by default (a power of two, 1…1024). Default 256. */
  defaultMaxBatch?: number;
  showBackend?: boolean;
  /** URL prefix: `<id>.model`, `<id>.max` (log2 of the largest batch). Default "latency". */
  id?: string;
  title?: string;
}

const MAX_EXP = Math.log2(BATCH_SIZES[BATCH_SIZES.length - 1]);

/**
 * Measures forward-pass latency in the worker for batch sizes 1, 2, 4, … up to a slider's value
 * (at most 1024): median and 10th–90th percentile spread per batch, throughput, a table and a
 * chart. URL state: `<id>.model`, `<id>.max` (exponent 0…10), plus `rt.backend`.
 */
export function LatencyPanel({ models, defaultModel = 'lenet-300-100', allowUpload = false, defaultMaxBatch = 256, showBackend = true, id = 'latency', title = 'Measure latency against batch size' }: LatencyPanelProps) {
  const offered = models ?? ZOO_IDS;
  const modelSchema = useModelSchema(offered, defaultModel, allowUpload);
  const schema = useMemo(() => ({ ...modelSchema, max: param.integer(Math.round(Math.log2(defaultMaxBatch)), 0, MAX_EXP) }), [modelSchema, defaultMaxBatch]);
  const [url, setUrl] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const zoo = useZooModels(offered);
  const { job, rows, running, start, cancel } = useLatencyRun(worker);
  const [measuredOn, setMeasuredOn] = useState('');
  const ids = { model: useId(), slider: useId() };

  const maxBatch = 2 ** url.max;
  const batchSizes = BATCH_SIZES.filter((b) => b <= maxBatch);

  function measure() {
    setMeasuredOn(backend.status === 'ready' ? backend.info.name : '');
    return start(url.model, batchSizes);
  }


  return (
    <section className="widget live-panel" aria-label={title}>
      <h3>{title}</h3>
      {showBackend && <BackendPicker />}
      <div className="controls">
        <label htmlFor={ids.model}>
          Model
          <select id={ids.model} value={url.model} onChange={(e) => setUrl({ model: e.target.value })} disabled={running}>
            {offered.map((m) => <option key={m} value={m}>{zoo.models.find((z) => z.id === m)?.name ?? m}</option>)}
            {allowUpload && <option value={UPLOAD_KEY}>Your uploaded model</option>}
          </select>
        </label>
        <label htmlFor={ids.slider}>
          Batch sizes 1 to {maxBatch}
          <input id={ids.slider} className="live-slider" type="range" min={0} max={MAX_EXP} step={1} value={url.max}
            aria-valuetext={`up to ${maxBatch} images`} disabled={running}
            onChange={(e) => setUrl({ max: Number(e.target.value) })} />
        </label>
        <button type="button" className="primary" onClick={() => void measure()} disabled={running || backend.status !== 'ready'}>Measure latency</button>
      </div>
      <JobStatus state={job.state} onCancel={cancel} onRetry={() => void measure()} failed="The measurement failed" cancelled="Measurement cancelled." />
      {rows.length > 0 && (
        <>
          <LatencyChart rows={rows} maxBatch={maxBatch} />
          <div className="live-table-wrap">
            <table className="live-table">
              <caption className="muted">Latency of one forward pass on {measuredOn || 'this backend'}; median of the timed runs after warm-up</caption>
              <thead>
                <tr><th scope="col">batch</th><th scope="col">median</th><th scope="col">10th–90th percentile</th><th scope="col">images/s</th><th scope="col">runs</th></tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.batchSize} data-batch={r.batchSize}>
                    <td>{r.batchSize}</td>
                    <td>{formatMs(r.medianMs)}</td>
                    <td>{formatMs(r.p10Ms)} – {formatMs(r.p90Ms)}</td>
                    <td>{formatInt(Math.round(r.imagesPerSecond))}</td>
                    <td>{r.runs}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
