import { useId, useMemo } from 'react';
import { layersRooflineTime, modelCost } from '../../engine';
import { BATCH_SIZES } from '../../runtime/contract/names';
import { ZOO, ZOO_IDS, type ZooId } from '../../runtime/contract/zoo';
import { BackendPicker } from '../live';
import { JobStatus } from '../live/JobStatus';
import { LatencyChart } from '../live/LatencyChart';
import { useLatencyRun } from '../live/useLatencyRun';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { useZooArchitecture } from './architecture';
import { formatCount, formatSI, formatTime } from './format';
import { BROWSER_GUESS, LIMIT_RULES, override } from './limits';
import { asGiga, MeasureLimits } from './MeasureLimits';
import './cost.css';

const MAX_EXP = Math.log2(BATCH_SIZES[BATCH_SIZES.length - 1]);

const schema = {
  model: param.oneOf(ZOO_IDS, 'lenet-300-100'),
  /** log2 of the largest batch measured. */
  max: param.integer(8, 0, MAX_EXP),
  /** This browser's limits in GFLOP/s and GB/s, as typed or measured; empty means the rough default. */
  peak: param.string(''),
  bw: param.string(''),
};

/**
 * Times a zoo model in the page's model worker for batch sizes 1, 2, 4, … and sets each time next
 * to the roofline's prediction for this browser, Σ over layers of max(FLOPs / peak, bytes / bandwidth)
 * in fp32, with the peak and bandwidth measured by the same backend: a table and a chart.
 */
export function MeasuredVsPredicted() {
  const [state, set] = useUrlState('mvp', schema);
  const id = useId();
  const { worker, backend } = useModelWorker();
  const arch = useZooArchitecture(state.model);
  const { job, rows, running, start, cancel, clearRows } = useLatencyRun(worker);

  const peak = override(state.peak, BROWSER_GUESS.peakFlops, LIMIT_RULES.peak);
  const bw = override(state.bw, BROWSER_GUESS.bandwidth, LIMIT_RULES.bw);
  const batchSizes = BATCH_SIZES.filter((b) => b <= 2 ** state.max);

  const predicted = useMemo(() => {
    if (arch.status !== 'ready') return new Map<number, number>();
    const sizes = BATCH_SIZES.filter((b) => b <= 2 ** state.max);
    return new Map(sizes.map((b) => [b, layersRooflineTime(modelCost(arch.value.specs, { batch: b }).layers, peak.value, bw.value)]));
  }, [arch, state.max, peak.value, bw.value]);

  const measureLatency = () => start(state.model, batchSizes);
  const guessed = state.peak === '' && state.bw === '';

  return (
    <section className="widget cost-widget" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Measured versus predicted</h3>
      <BackendPicker />
      <div className="controls">
        <label htmlFor={`${id}-peak`}>
          This browser’s peak (GFLOP/s)
          <input id={`${id}-peak`} className="cost-size" type="text" inputMode="decimal" value={state.peak}
            placeholder={String(BROWSER_GUESS.peakFlops / 1e9)} onChange={(e) => set({ peak: e.target.value })} />
        </label>
        <label htmlFor={`${id}-bw`}>
          Bandwidth (GB/s)
          <input id={`${id}-bw`} className="cost-size" type="text" inputMode="decimal" value={state.bw}
            placeholder={String(BROWSER_GUESS.bandwidth / 1e9)} onChange={(e) => set({ bw: e.target.value })} />
        </label>
      </div>
      <MeasureLimits onMeasured={(l) => set({ peak: asGiga(l.peakFlops), bw: asGiga(l.bandwidth) })} />
      {[peak.message, bw.message].filter(Boolean).map((m) => <p key={m} role="alert" className="cost-message">{m}</p>)}
      <p className="muted" data-testid="mvp-limits">
        Predicted with {formatSI(peak.value, 'FLOP/s')} and {formatSI(bw.value, 'B/s')}, fp32
        {guessed ? ' (rough defaults: press “Measure this browser”)' : ''}.
      </p>
      <div className="controls">
        <label htmlFor={`${id}-model`}>
          Model
          <select id={`${id}-model`} value={state.model} disabled={running} onChange={(e) => { clearRows(); set({ model: e.target.value as ZooId }); }}>
            {ZOO_IDS.map((m) => <option key={m} value={m}>{ZOO[m].name}</option>)}
          </select>
        </label>
        <label htmlFor={`${id}-max`}>
          Batch sizes 1 to {2 ** state.max}
          <input id={`${id}-max`} type="range" min={0} max={MAX_EXP} step={1} value={state.max} disabled={running}
            aria-valuetext={`up to ${2 ** state.max} images`} onChange={(e) => set({ max: e.target.valueAsNumber })} />
        </label>
        <button type="button" className="primary" onClick={() => void measureLatency()} disabled={running || backend.status !== 'ready'}>Measure latency</button>
      </div>
      <JobStatus state={job.state} onCancel={cancel} failed="The measurement failed" cancelled="Measurement cancelled." />
      {arch.status === 'error' && <div role="alert" className="error-box">{ZOO[state.model].name} could not be loaded: {arch.message}</div>}
      {rows.length > 0 && (
        <LatencyChart rows={rows} maxBatch={2 ** state.max} measuredLabel="measured median (band: 10th–90th percentile)"
          reference={{ label: 'roofline prediction', points: [...predicted].map(([batchSize, t]) => ({ batchSize, ms: t * 1000 })) }} />
      )}
      <div className="cost-table-wrap" tabIndex={0} role="region" aria-label="Measured and predicted latency by batch size">
        <table className="cost-table" data-testid="mvp-table">
          <caption className="muted">Time per forward pass of the whole batch; measured = median in the worker after warm-up.</caption>
          <thead>
            <tr>
              <th scope="col">Batch</th><th scope="col">Predicted</th><th scope="col">Measured</th>
              <th scope="col">Predicted images/s</th><th scope="col">Measured images/s</th><th scope="col">Measured ÷ predicted</th>
            </tr>
          </thead>
          <tbody>
            {batchSizes.map((b) => {
              const t = predicted.get(b);
              const m = rows.find((r) => r.batchSize === b);
              return (
                <tr key={b} data-batch={b}>
                  <th scope="row">{b}</th>
                  <td className="num">{t === undefined ? '…' : formatTime(t)}</td>
                  <td className="num">{m ? formatTime(m.medianMs / 1000) : '—'}</td>
                  <td className="num">{t === undefined ? '…' : formatCount(Math.round(b / t))}</td>
                  <td className="num">{m ? formatCount(Math.round(m.imagesPerSecond)) : '—'}</td>
                  <td className="num" data-testid="mvp-ratio">{m && t !== undefined ? `${(m.medianMs / 1000 / t).toFixed(1)}×` : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
