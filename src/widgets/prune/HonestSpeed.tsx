import { useId } from 'react';
import type { LatencyRow } from '../../runtime/contract/models';
import type { ProductTiming, StructuredOutcome } from '../../runtime/contract/prune';
import { LiveWidget } from '../live/LiveWidget';
import { formatInt, formatMs, formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { NumberField } from '../input';
import { checkFraction } from './common';
import './prune.css';

const MODEL = 'lenet-300-100';
/** Batch sizes offered, by their text in the URL. */
const BATCHES = { '1': 1, '64': 64, '256': 256 } as const;
type BatchText = keyof typeof BATCHES;
const PERCENT = { min: 0, max: 100, unit: ' %' };

const schema = {
  sparsity: param.number(0.9),
  units: param.number(0.5),
  norm: param.oneOf(['l1', 'l2'] as const, 'l1'),
  batch: param.oneOf(Object.keys(BATCHES) as BatchText[], '256'),
};

interface Measured {
  batch: number;
  sparsity: number;
  unpruned: { accuracy: number; latency: LatencyRow; params: number };
  masked: { accuracy: number; latency: LatencyRow; params: number; nonzero: number };
  small: StructuredOutcome & { latency: LatencyRow };
  products: ProductTiming[];
}

/**
 * Measures what pruning does to speed on this machine: the unpruned model, the same model with
 * pruned weights set to zero (same shapes, same work), a structurally pruned model with whole
 * neurons removed (smaller matrices), and the first layer's product in CSR form against the dense
 * product, in the layout of the CSR product and in the layer's own.
 * URL state: `ph.sparsity` (fraction of weights zeroed), `ph.units` (fraction of neurons removed
 * per hidden layer), `ph.norm` (l1 | l2), `ph.batch`.
 */
export function HonestSpeed({ id = 'ph' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const job = useJob<Measured>();
  const ids = { norm: useId(), batch: useId() };
  // A value from a link outside 0–100 % is shown in its box with the parser's message; no run until it is fixed.
  const valid = checkFraction(url.sparsity).ok && checkFraction(url.units).ok;

  function measure() {
    const batch = BATCHES[url.batch];
    const s = url.sparsity;
    void job.start(async (signal, progress) => {
      const call = { signal, onProgress: progress };
      const unpruned = await worker.jobs.models.evaluate({ key: MODEL }, call);
      const masked = await worker.jobs.prune.prune({ key: MODEL, newKey: `${MODEL}:masked`, spec: { method: 'magnitude', sparsity: s } }, call);
      const small = await worker.jobs.prune.structured({ key: MODEL, newKey: `${MODEL}:small`, fraction: url.units, norm: url.norm }, call);
      const { rows } = await worker.jobs.prune.compareLatency({ keys: [MODEL, `${MODEL}:masked`, `${MODEL}:small`], batch }, call);
      const products = await worker.jobs.prune.productTimings({ key: MODEL, sparsities: [0, s], batch }, call);
      return {
        batch, sparsity: s, products,
        unpruned: { accuracy: unpruned.accuracy, latency: rows[0], params: masked.report.params },
        masked: { accuracy: masked.accuracy, latency: rows[1], params: masked.report.params, nonzero: masked.report.nonzeroParams },
        small: { ...small, latency: rows[2] },
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
        <NumberField rule={{ label: 'Weights zeroed, unstructured', ...PERCENT }} value={+(url.sparsity * 100).toFixed(4)} disabled={job.running}
          onValue={(v) => setUrl({ sparsity: v / 100 })} />
        <NumberField rule={{ label: 'Neurons removed per hidden layer, structured', ...PERCENT }} value={+(url.units * 100).toFixed(4)} disabled={job.running}
          onValue={(v) => setUrl({ units: v / 100 })} />
        <label htmlFor={ids.norm}>Rank neurons by
          <select id={ids.norm} value={url.norm} disabled={job.running} onChange={(e) => setUrl({ norm: e.target.value as 'l1' | 'l2' })}>
            <option value="l1">L1 norm of their weights</option>
            <option value="l2">L2 norm of their weights</option>
          </select>
        </label>
        <label htmlFor={ids.batch}>Batch size
          <select id={ids.batch} value={url.batch} disabled={job.running} onChange={(e) => setUrl({ batch: e.target.value as BatchText })}>
            {Object.keys(BATCHES).map((b) => <option key={b} value={b}>{b}</option>)}
          </select>
        </label>
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running || !valid} onClick={measure}>Measure</button>
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} failed="The measurement failed" cancelled="Measurement cancelled." />
      {m && (
        <div className="live-table-wrap">
          {kept.length > 0 && (
            <p className="prune-note" role="status" data-testid="kept-one">
              A layer cannot lose every neuron, or nothing would reach the classifier: {kept.map((l) => l.layer).join(' and ')} {kept.length > 1 ? 'each kept' : 'kept'} its strongest neuron.
            </p>
          )}
          <table className="live-table" aria-label="Latency of the unpruned, masked and structurally pruned models">
            <thead><tr><th scope="col">Model (batch {m.batch})</th><th scope="col">Parameters stored</th><th scope="col">Non-zero</th><th scope="col">Test accuracy</th><th scope="col">Latency (median)</th></tr></thead>
            <tbody>
              <tr data-row="unpruned">
                <th scope="row">unpruned, dense</th><td>{formatInt(m.unpruned.params)}</td><td>{formatInt(m.unpruned.params)}</td>
                <td data-testid="unpruned-accuracy" data-value={m.unpruned.accuracy}>{formatPercent(m.unpruned.accuracy)}</td><td data-testid="unpruned-ms" data-value={m.unpruned.latency.medianMs}>{formatMs(m.unpruned.latency.medianMs)}</td>
              </tr>
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
          <p>
            Zeroing weights leaves every matrix its full size, so the masked model takes {formatMs(m.masked.latency.medianMs)} against {formatMs(m.unpruned.latency.medianMs)} unpruned:
            the hardware multiplies the zeros like any other number (a difference of a few percent between the two is noise of the machine). Removing neurons makes the matrices smaller, and the time falls with them
            ({formatMs(m.small.latency.medianMs)}, {(m.unpruned.latency.medianMs / m.small.latency.medianMs).toFixed(1)}× faster than unpruned, with {formatInt(m.small.paramsAfter)} instead of {formatInt(m.small.paramsBefore)} parameters).
          </p>
          {csr && (
            <>
              <table className="live-table" aria-label="First layer product: CSR against dense">
                <thead><tr><th scope="col">dense1 product, 235,200 multiply-adds per image, batch {m.batch}</th><th scope="col">Non-zeros</th><th scope="col">Time (median)</th></tr></thead>
                <tbody>
                  <tr data-row="layer-product"><th scope="row">dense, tfjs matMul as the layer computes it: x·W, [{m.batch}×784]·[784×300]</th><td>{formatInt(300 * 784)}</td><td data-testid="layer-product-ms" data-value={csr.layerMs}>{formatMs(csr.layerMs)}</td></tr>
                  <tr data-row="dense-product"><th scope="row">dense, tfjs matMul in the CSR layout: W·X, [300×784]·[784×{m.batch}]</th><td>{formatInt(300 * 784)}</td><td data-testid="dense-product-ms" data-value={csr.denseMs}>{formatMs(csr.denseMs)}</td></tr>
                  <tr><th scope="row">CSR in TypeScript, nothing pruned</th><td>{formatInt(m.products[0].nonzeros)}</td><td data-testid="csr0-product-ms" data-value={m.products[0].csrMs}>{formatMs(m.products[0].csrMs)}</td></tr>
                  <tr><th scope="row">CSR in TypeScript, {formatPercent(m.sparsity, 0)} pruned</th><td>{formatInt(csr.nonzeros)}</td><td data-testid="csr-product-ms" data-value={csr.csrMs}>{formatMs(csr.csrMs)}</td></tr>
                </tbody>
              </table>
              <p>
                A sparse product can skip the zeros, but it pays for reading an index per weight and for irregular memory access: here the CSR product at {formatPercent(m.sparsity, 0)} sparsity
                takes {formatMs(csr.csrMs)} against {formatMs(csr.denseMs)} for the optimised dense product in the same layout ({csr.speedup >= 1 ? `${csr.speedup.toFixed(1)}× faster` : `${(1 / csr.speedup).toFixed(1)}× slower`}).
              </p>
              <p data-testid="layout-note">
                {m.unpruned.latency.medianMs < csr.denseMs
                  ? <>The whole unpruned model ({formatMs(m.unpruned.latency.medianMs)}) is faster than its own first layer&apos;s product in the CSR layout ({formatMs(csr.denseMs)}). It does the same multiplications,
                    but the layer computes x·W with its kernel stored [in, out], as tfjs keeps it, and that product took {formatMs(csr.layerMs)}:
                    the layout alone makes W·X {(csr.denseMs / csr.layerMs).toFixed(1)}× slower here.</>
                  : <>The whole unpruned model takes {formatMs(m.unpruned.latency.medianMs)}; its first layer&apos;s product alone, in the layer&apos;s own layout x·W, takes {formatMs(csr.layerMs)} of it ({formatMs(csr.denseMs)} as W·X).</>}
              </p>
            </>
          )}
        </div>
      )}
    </LiveWidget>
  );
}
