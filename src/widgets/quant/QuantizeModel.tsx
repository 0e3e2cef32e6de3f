import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { isAbortError } from '../../runtime/abort';
import type { WeightQuantReport, WeightQuantSpec } from '../../runtime/quantize';
import type { EvaluateProgressEvent } from '../../runtime/worker/host';
import { BackendPicker } from '../live/BackendPicker';
import { formatInt, formatPercent } from '../live/format';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { WeightHistogram } from './WeightHistogram';
import './quant.css';

const MODELS = ['lenet-300-100', 'lenet-5'] as const;
const MODEL_NAMES: Record<(typeof MODELS)[number], string> = { 'lenet-300-100': 'LeNet-300-100', 'lenet-5': 'LeNet-5' };
/** Weight widths offered: 8…2 bits uniform, 2-bit ternary (three levels), 1-bit binary. */
const WIDTHS = ['8', '7', '6', '5', '4', '3', '2', 'ternary', '1'] as const;
type Width = (typeof WIDTHS)[number];
const WIDTH_NAMES: Record<Width, string> = {
  8: '8 bits (256 levels)', 7: '7 bits (128 levels)', 6: '6 bits (64 levels)', 5: '5 bits (32 levels)',
  4: '4 bits (16 levels)', 3: '3 bits (8 levels)', 2: '2 bits (4 levels)', ternary: '2 bits, ternary (3 levels)', 1: '1 bit, binary (2 levels)',
};

const schema = {
  model: param.oneOf(MODELS, 'lenet-300-100'),
  bits: param.oneOf(WIDTHS, '8'),
  granularity: param.oneOf(['tensor', 'channel'] as const, 'tensor'),
  scheme: param.oneOf(['symmetric', 'affine'] as const, 'symmetric'),
  layer: param.string(''),
};

function specOf(bits: Width, granularity: WeightQuantSpec['granularity'], scheme: WeightQuantSpec['scheme']): WeightQuantSpec {
  return bits === 'ternary' ? { bits: 2, ternary: true, granularity, scheme } : { bits: Number(bits), granularity, scheme };
}

type Run =
  | { status: 'idle' }
  | { status: 'running'; step: string; fraction?: number }
  | { status: 'done'; accuracy: number; correct: number; total: number; specKey: string }
  | { status: 'cancelled' }
  | { status: 'error'; message: string };

const formatBytes = (n: number) => (n >= 1e4 ? `${(n / 1024).toFixed(1)} KiB` : `${formatInt(n)} B`);
const formatDb = (db: number) => (db === Infinity ? '∞ dB' : `${db.toFixed(1)} dB`);
const layerOf = (weight: string) => weight.replace(/\/(depthwise_)?kernel$/, '');

function progressOf(step: string, p: EvaluateProgressEvent): { step: string; fraction: number } {
  return p.phase === 'data'
    ? { step: `Downloading the test images: ${(p.loaded / 1e6).toFixed(1)} of ${(p.total / 1e6).toFixed(1)} MB`, fraction: p.loaded / p.total }
    : { step: `${step}: ${formatInt(p.done)} of ${formatInt(p.total)} images`, fraction: p.done / p.total };
}

/**
 * Quantizes the weights of a live zoo model in the page's model worker and shows, for the chosen
 * width and scheme, the size of the weights, each kernel's SQNR, a histogram of one layer with the
 * quantization grid, and (on request) the test accuracy next to the float model's.
 * URL state: `qm.model`, `qm.bits` (8…1 or "ternary"), `qm.granularity`, `qm.scheme`, `qm.layer`.
 */
export function QuantizeModel({ id = 'qm' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const spec = useMemo(() => specOf(url.bits, url.granularity, url.scheme), [url.bits, url.granularity, url.scheme]);
  const specKey = `${url.model}|${url.bits}|${url.granularity}|${url.scheme}`;
  const quantKey = `${url.model}:quantized`;
  const [report, setReport] = useState<{ key: string; report: WeightQuantReport } | { key: string; error: string } | undefined>();
  const [weights, setWeights] = useState<{ key: string; values: Float32Array } | { key: string; error: string } | undefined>();
  const [baseline, setBaseline] = useState<Record<string, number>>({});
  const [run, setRun] = useState<Run>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const ids = { model: useId(), bits: useId(), gran: useId(), scheme: useId(), layer: useId(), progress: useId() };
  const ready = backend.status === 'ready';
  const running = run.status === 'running';
  const binaryLike = url.bits === '1' || url.bits === 'ternary';

  useEffect(() => () => controller.current?.abort(), []);
  // Free the quantized copy when the reader switches model or leaves the page.
  useEffect(() => () => void worker.dispose(quantKey).catch(() => undefined), [worker, quantKey]);

  // Size, SQNR and grids follow the controls at once (quantizing the weights takes milliseconds).
  useEffect(() => {
    if (!ready || running) return;
    let live = true;
    const timer = setTimeout(() => {
      worker.transformWeights(url.model, quantKey, spec).then(
        (r) => live && setReport({ key: specKey, report: r }),
        (e: Error) => live && setReport({ key: specKey, error: e.message }),
      );
    }, 150);
    return () => { live = false; clearTimeout(timer); };
  }, [ready, running, worker, url.model, quantKey, spec, specKey]);

  const current = report?.key === specKey ? report : undefined;
  const layers = current && 'report' in current ? current.report.layers : [];
  const layer = layers.find((l) => l.weight === url.layer) ?? layers[0];
  const weightKey = layer ? `${url.model}|${layer.weight}` : '';

  useEffect(() => {
    if (!ready || !layer || weights?.key === weightKey) return;
    let live = true;
    worker.weightValues(url.model, layer.weight).then(
      (values) => live && setWeights({ key: weightKey, values }),
      (e: Error) => live && setWeights({ key: weightKey, error: e.message }),
    );
    return () => { live = false; };
  }, [ready, worker, url.model, layer, weightKey, weights?.key]);

  async function evaluate() {
    const c = new AbortController();
    controller.current = c;
    const model = url.model;
    try {
      let float = baseline[model];
      if (float === undefined) {
        setRun({ status: 'running', step: 'Evaluating the float model' });
        const r = await worker.evaluate(model, { signal: c.signal, onProgress: (p) => setRun({ status: 'running', ...progressOf('Evaluating the float model', p) }) });
        float = r.accuracy;
        setBaseline((b) => ({ ...b, [model]: r.accuracy }));
      }
      setRun({ status: 'running', step: 'Quantizing the weights' });
      const r = await worker.transformWeights(model, quantKey, spec);
      setReport({ key: specKey, report: r });
      const q = await worker.evaluate(quantKey, { signal: c.signal, onProgress: (p) => setRun({ status: 'running', ...progressOf('Evaluating the quantized model', p) }) });
      setRun({ status: 'done', accuracy: q.accuracy, correct: q.correct, total: q.total, specKey });
    } catch (e) {
      setRun(isAbortError(e) ? { status: 'cancelled' } : { status: 'error', message: (e as Error).message });
    } finally {
      if (controller.current === c) controller.current = null;
    }
  }

  const float = baseline[url.model];
  const grid = layer && (layer.grids.length === 1 ? layer.grids[0] : layer.grids.reduce((a, b) => (b.clipMax - b.clipMin > a.clipMax - a.clipMin ? b : a)));
  const schemeText = binaryLike ? (url.bits === '1' ? 'binary' : 'ternary') : url.scheme;
  const title = 'Quantize the live model';

  return (
    <section className="widget" aria-label={title}>
      <h3>{title}</h3>
      <BackendPicker />
      <div className="controls">
        <label htmlFor={ids.model}>Model
          <select id={ids.model} value={url.model} disabled={running} onChange={(e) => setUrl({ model: e.target.value as typeof url.model, layer: '' })}>
            {MODELS.map((m) => <option key={m} value={m}>{MODEL_NAMES[m]}</option>)}
          </select>
        </label>
        <label htmlFor={ids.bits}>Weight bits
          <select id={ids.bits} value={url.bits} disabled={running} onChange={(e) => setUrl({ bits: e.target.value as Width })}>
            {WIDTHS.map((w) => <option key={w} value={w}>{WIDTH_NAMES[w]}</option>)}
          </select>
        </label>
        <label htmlFor={ids.gran}>Scales
          <select id={ids.gran} value={url.granularity} disabled={running} onChange={(e) => setUrl({ granularity: e.target.value as typeof url.granularity })}>
            <option value="tensor">one per tensor</option>
            <option value="channel">one per output channel</option>
          </select>
        </label>
        <label htmlFor={ids.scheme}>Zero point
          <select id={ids.scheme} value={url.scheme} disabled={running || binaryLike} onChange={(e) => setUrl({ scheme: e.target.value as typeof url.scheme })}>
            <option value="symmetric">symmetric (z = 0)</option>
            <option value="affine">affine (z from min and max)</option>
          </select>
        </label>
      </div>
      {binaryLike && <p className="muted">Binary and ternary weights are symmetric by construction (levels ±α{url.bits === 'ternary' && ' and 0'}), so the zero-point choice does not apply.</p>}
      <div className="controls">
        <button type="button" className="primary" disabled={!ready || running} onClick={() => void evaluate()}>Quantize and evaluate</button>
        <button type="button" disabled={!running} onClick={() => controller.current?.abort()}>Cancel</button>
      </div>
      {run.status === 'running' && (
        <div className="live-progress">
          <label htmlFor={ids.progress}>{run.step}</label>
          <progress id={ids.progress} className="progress" max={1} value={run.fraction} />
        </div>
      )}
      {run.status === 'cancelled' && <p role="status">Evaluation cancelled.</p>}
      {run.status === 'error' && <div role="alert" className="error-box">The evaluation failed: {run.message}</div>}
      {current && 'error' in current && <div role="alert" className="error-box">The weights could not be quantized: {current.error}</div>}

      <div className="quant-results" role="status">
        <p>
          Float accuracy: <strong data-testid="float-accuracy" data-value={float}>{float === undefined ? 'not measured yet' : formatPercent(float)}</strong>
          {' · '}Quantized accuracy:{' '}
          {run.status === 'done' && run.specKey === specKey
            ? <strong data-testid="quant-accuracy" data-value={run.accuracy}>{formatPercent(run.accuracy)}</strong>
            : <span className="quant-stale">press “Quantize and evaluate”</span>}
          {run.status === 'done' && run.specKey === specKey && float !== undefined && (
            <> ({(run.accuracy - float >= 0 ? '+' : '−') + Math.abs((run.accuracy - float) * 100).toFixed(2)} points; {formatInt(run.correct)} of {formatInt(run.total)} images)</>
          )}
        </p>
        {current && 'report' in current && (
          <p>
            Weights: <strong data-testid="quant-bytes" data-value={current.report.quantBytes}>{formatBytes(current.report.quantBytes)}</strong> instead of{' '}
            <span data-testid="float-bytes">{formatBytes(current.report.floatBytes)}</span> as float32
            ({(current.report.floatBytes / current.report.quantBytes).toFixed(1)}× smaller; biases stay float32 and each scale costs 4 bytes{url.scheme === 'affine' && !binaryLike && ', each zero point 4 more'}).
          </p>
        )}
      </div>

      {layers.length > 0 && (
        <div className="live-table-wrap">
          <table className="live-table" aria-label="Quantization error per layer">
            <thead>
              <tr><th scope="col">Layer</th><th scope="col">Kernel shape</th><th scope="col">Scales</th><th scope="col">Bytes</th><th scope="col">SQNR</th></tr>
            </thead>
            <tbody>
              {layers.map((l) => (
                <tr key={l.weight} data-layer={layerOf(l.weight)}>
                  <th scope="row">{layerOf(l.weight)}</th>
                  <td>{l.shape.join('×')}</td>
                  <td>{formatInt(l.scales)}</td>
                  <td>{formatInt(l.bytes)}</td>
                  <td data-testid="sqnr" data-value={l.sqnrDb}>{formatDb(l.sqnrDb)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {layer && (
        <>
          <div className="controls">
            <label htmlFor={ids.layer}>Histogram of layer
              <select id={ids.layer} value={layer.weight} onChange={(e) => setUrl({ layer: e.target.value })}>
                {layers.map((l) => <option key={l.weight} value={l.weight}>{layerOf(l.weight)}</option>)}
              </select>
            </label>
          </div>
          {weights?.key === weightKey && 'error' in weights && <div role="alert" className="error-box">The weights could not be read for the histogram: {weights.error}</div>}
          {weights?.key === weightKey && 'values' in weights && grid && (
            <WeightHistogram
              values={weights.values}
              grid={grid}
              label={`${layerOf(layer.weight)} weights, ${WIDTH_NAMES[url.bits]} ${schemeText}${layer.grids.length > 1 ? `, widest of ${layer.grids.length} channel grids` : ''}`}
            />
          )}
          {layer.grids.length > 1 && <p className="muted">Per channel, each of the {layer.grids.length} output channels has its own grid; the chart draws the widest one.</p>}
        </>
      )}
    </section>
  );
}
