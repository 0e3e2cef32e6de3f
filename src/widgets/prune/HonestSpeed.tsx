import { useId, useState } from 'react';
import type { LatencyRow } from '../../runtime/contract/models';
import type { ProductTiming, StructuredOutcome } from '../../runtime/contract/prune';
import { LiveWidget } from '../live/LiveWidget';
import { formatInt, formatMs, formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { checkFraction } from './common';
import './prune.css';

const MODEL = 'lenet-300-100';
const BATCHES = ['1', '64', '256'] as const;

const schema = {
  sparsity: param.number(0.9),
  units: param.number(0.5),
  norm: param.oneOf(['l1', 'l2'] as const, 'l1'),
  batch: param.oneOf(BATCHES, '256'),
};

interface Measured {
  batch: number;
  sparsity: number;
  masked: { accuracy: number; latency: LatencyRow; params: number; nonzero: number };
  small: StructuredOutcome & { latency: LatencyRow };
  products: ProductTiming[];
}

/**
 * Measures what pruning does to speed on this machine: the dense model with pruned weights set
 * to zero (same shapes, same work), a structurally pruned model with whole neurons removed
 * (smaller matrices), and the first layer's product in CSR form against the dense product.
 * URL state: `ph.sparsity` (fraction of weights zeroed), `ph.units` (fraction of neurons removed
 * per hidden layer), `ph.norm` (l1 | l2), `ph.batch`.
 */
export function HonestSpeed({ id = 'ph' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const job = useJob<Measured>();
  const [texts, setTexts] = useState(() => ({ sparsity: String(+(url.sparsity * 100).toFixed(4)), units: String(+(url.units * 100).toFixed(4)) }));
  const ids = { sparsity: useId(), units: useId(), norm: useId(), batch: useId(), message: useId() };
  const sparsity = checkFraction(url.sparsity, 'The weight sparsity');
  const units = checkFraction(url.units, 'The share of neurons removed');
  const problem = !sparsity.ok ? sparsity.message : !units.ok ? units.message : undefined;

  function edit(field: 'sparsity' | 'units', value: string) {
    setTexts((t) => ({ ...t, [field]: value }));
    const n = Number(value);
    setUrl({ [field]: value.trim() !== '' && Number.isFinite(n) ? n / 100 : Number.NaN });
  }

  function measure() {
    const batch = Number(url.batch);
    const s = url.sparsity;
    void job.start(async (signal, progress) => {
      const call = { signal, onProgress: progress };
      const masked = await worker.jobs.prune.prune({ key: MODEL, newKey: `${MODEL}:masked`, spec: { method: 'magnitude', sparsity: s } }, call);
      const small = await worker.jobs.prune.structured({ key: MODEL, newKey: `${MODEL}:small`, fraction: url.units, norm: url.norm }, call);
      const latency = await worker.jobs.prune.compareLatency({ denseKey: `${MODEL}:masked`, smallKey: `${MODEL}:small`, batch }, call);
      const products = await worker.jobs.prune.productTimings({ key: MODEL, sparsities: [0, s], batch }, call);
      return {
        batch, sparsity: s, products,
        masked: { accuracy: masked.accuracy, latency: latency.dense, params: masked.report.params, nonzero: masked.report.nonzeroParams },
        small: { ...small, latency: latency.small },
      };
    });
  }

  const m = job.result;
  const kept = m?.small.layers.filter((l) => l.keptOne) ?? [];
  const csr = m?.products[1];
  const title = 'Honest speed';
  return (
    <LiveWidget title={title}>
      <div className="controls">
        <label htmlFor={ids.sparsity}>Weights zeroed (unstructured), %
          <input id={ids.sparsity} type="text" inputMode="decimal" size={6} value={texts.sparsity} disabled={job.running} aria-invalid={!sparsity.ok} onChange={(e) => edit('sparsity', e.target.value)} />
        </label>
        <label htmlFor={ids.units}>Neurons removed per hidden layer (structured), %
          <input id={ids.units} type="text" inputMode="decimal" size={6} value={texts.units} disabled={job.running} aria-invalid={!units.ok} onChange={(e) => edit('units', e.target.value)} />
        </label>
        <label htmlFor={ids.norm}>Rank neurons by
          <select id={ids.norm} value={url.norm} disabled={job.running} onChange={(e) => setUrl({ norm: e.target.value as 'l1' | 'l2' })}>
            <option value="l1">L1 norm of their weights</option>
            <option value="l2">L2 norm of their weights</option>
          </select>
        </label>
        <label htmlFor={ids.batch}>Batch size
          <select id={ids.batch} value={url.batch} disabled={job.running} onChange={(e) => setUrl({ batch: e.target.value as (typeof BATCHES)[number] })}>
            {BATCHES.map((b) => <option key={b} value={b}>{b}</option>)}
          </select>
        </label>
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running || !!problem} onClick={measure}>Measure</button>
      </div>
      {problem && <div id={ids.message} role="alert" className="error-box">{problem}</div>}
      <JobStatus state={job.state} onCancel={job.cancel} failed="The measurement failed" cancelled="Measurement cancelled." />
      {m && (
        <div className="live-table-wrap">
          {kept.length > 0 && (
            <p className="prune-note" role="status" data-testid="kept-one">
              A layer cannot lose every neuron, or nothing would reach the classifier: {kept.map((l) => l.layer).join(' and ')} {kept.length > 1 ? 'each kept' : 'kept'} its strongest neuron.
            </p>
          )}
          <table className="live-table" aria-label="Latency of the dense, masked and structurally pruned models">
            <thead><tr><th scope="col">Model (batch {m.batch})</th><th scope="col">Parameters stored</th><th scope="col">Non-zero</th><th scope="col">Test accuracy</th><th scope="col">Latency (median)</th></tr></thead>
            <tbody>
              <tr data-row="masked">
                <th scope="row">{formatPercent(m.sparsity, 0)} of weights zeroed, dense shapes</th><td>{formatInt(m.masked.params)}</td><td>{formatInt(m.masked.nonzero)}</td>
                <td>{formatPercent(m.masked.accuracy)}</td><td data-testid="masked-ms" data-value={m.masked.latency.medianMs}>{formatMs(m.masked.latency.medianMs)}</td>
              </tr>
              <tr data-row="small">
                <th scope="row">neurons removed: {m.small.layers.map((l) => `${l.layer} ${l.before}→${l.after}`).join(', ')}</th>
                <td data-testid="small-params" data-value={m.small.paramsAfter}>{formatInt(m.small.paramsAfter)}</td><td>{formatInt(m.small.paramsAfter)}</td>
                <td>{formatPercent(m.small.accuracy)}</td><td data-testid="small-ms" data-value={m.small.latency.medianMs}>{formatMs(m.small.latency.medianMs)}</td>
              </tr>
            </tbody>
          </table>
          {csr && (
            <table className="live-table" aria-label="First layer product: CSR against dense">
              <thead><tr><th scope="col">dense1 product, 300×784 by 784×{m.batch}</th><th scope="col">Non-zeros</th><th scope="col">Time (median)</th></tr></thead>
              <tbody>
                <tr><th scope="row">dense, tfjs matMul on this backend</th><td>{formatInt(300 * 784)}</td><td data-testid="dense-product-ms" data-value={csr.denseMs}>{formatMs(csr.denseMs)}</td></tr>
                <tr><th scope="row">CSR in TypeScript, nothing pruned</th><td>{formatInt(m.products[0].nonzeros)}</td><td data-testid="csr0-product-ms" data-value={m.products[0].csrMs}>{formatMs(m.products[0].csrMs)}</td></tr>
                <tr><th scope="row">CSR in TypeScript, {formatPercent(m.sparsity, 0)} pruned</th><td>{formatInt(csr.nonzeros)}</td><td data-testid="csr-product-ms" data-value={csr.csrMs}>{formatMs(csr.csrMs)}</td></tr>
              </tbody>
            </table>
          )}
          <p>
            Zeroing weights leaves every matrix its full size, so the masked model takes {formatMs(m.masked.latency.medianMs)}, as the unpruned one would:
            the hardware multiplies the zeros like any other number. Removing neurons makes the matrices smaller, and the time falls with them
            ({formatMs(m.small.latency.medianMs)}, {(m.masked.latency.medianMs / m.small.latency.medianMs).toFixed(1)}× faster, with {formatInt(m.small.paramsAfter)} instead of {formatInt(m.small.paramsBefore)} parameters).
            {csr && <> A sparse product can skip the zeros, but it pays for reading an index per weight and for irregular memory access: here the CSR product at {formatPercent(m.sparsity, 0)} sparsity
            takes {formatMs(csr.csrMs)} against {formatMs(csr.denseMs)} for the optimised dense product ({csr.speedup >= 1 ? `${csr.speedup.toFixed(1)}× faster` : `${(1 / csr.speedup).toFixed(1)}× slower`}).</>}
          </p>
        </div>
      )}
    </LiveWidget>
  );
}
