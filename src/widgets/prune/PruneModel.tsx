import { useEffect, useId, useState } from 'react';
import { ZOO } from '../../runtime/contract/zoo';
import { formatBytes } from '../cost/format';
import type { MaskMethod } from '../../runtime/contract/prune';
import type { PruneOutcome } from '../../runtime/contract/prune';
import { LiveWidget } from '../live/LiveWidget';
import { TfjsDownload } from '../live/TfjsDownload';
import { formatInt, formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { usePostMeasurement } from '../lesson/measurements';
import { param, useUrlState } from '../urlState';
import { OneClassNote } from './OneClassNote';
import { followUrl, layerOf, MODEL_KERNELS, parsePercentList, percentText, PRUNE_MODELS, readSparsity, type PruneModelId } from './common';
import './prune.css';

const METHODS: readonly MaskMethod[] = ['magnitude', 'global', 'random'];
const METHOD_NAMES: Record<MaskMethod, string> = {
  magnitude: 'magnitude, each layer on its own',
  global: 'magnitude, one threshold for all layers',
  random: 'random (a baseline)',
};
/** Retraining steps offered, by their text in the URL. */
const STEPS = { '100': 100, '300': 300, '1000': 1000 } as const;
type StepsText = keyof typeof STEPS;
const STEP_TEXTS = Object.keys(STEPS) as StepsText[];
const FORMAT_NAMES: Record<string, string> = {
  dense: 'dense float32 (zeros stored)',
  bitmask: 'bitmask + values',
  csr32: 'CSR, 32-bit indices',
  csr16: 'CSR, 16-bit indices',
  relative4: 'relative index, 4-bit gaps',
  relative5: 'relative index, 5-bit gaps',
};
/** Retraining recipe (measured in node first; see the lesson): Adam, batch 64, learning rate 10⁻³. */
export const RETRAIN = { batchSize: 64, learningRate: 1e-3 };

const schema = {
  model: param.oneOf(PRUNE_MODELS, 'lenet-300-100'),
  method: param.oneOf(METHODS, 'magnitude'),
  scope: param.oneOf(['overall', 'layer'] as const, 'overall'),
  // Not clamped: a URL holding 1.5 must show a message, not silently become 100 %.
  sparsity: param.number(0.9),
  layers: param.string(''),
  steps: param.oneOf(STEP_TEXTS, '300'),
};

type Shown = { outcome: PruneOutcome; settings: string; description: string; retrainedSteps: number; before?: number };

/**
 * Prunes a live zoo model in the worker (magnitude per layer, one global threshold, or random) to
 * an overall or per-layer sparsity, and shows its test accuracy on all 10,000 images, the
 * non-zero parameters, the compression ratio and the bytes in each sparse storage format; the
 * pruned model can then be retrained with its masks held.
 * URL state: `pr.model`, `pr.method`, `pr.scope` (overall | layer), `pr.sparsity` (fraction),
 * `pr.layers` (percent per layer, "92,91,74"), `pr.steps`.
 */
export function PruneModel({ id = 'pr' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const kernels = MODEL_KERNELS[url.model];
  const [text, setText] = useState(() => percentText(url.sparsity));
  const [layerText, setLayerText] = useState(() => url.layers || kernels.map(() => percentText(url.sparsity)).join(','));
  const [shown, setShown] = useState<Shown | undefined>();
  const [baseline, setBaseline] = useState<Partial<Record<PruneModelId, number>>>({});
  const job = useJob<void>();
  const ids = { model: useId(), method: useId(), scope: useId(), sparsity: useId(), layers: useId(), steps: useId(), message: useId() };
  const prunedKey = `${url.model}:pruned`;
  const ready = backend.status === 'ready';

  useEffect(() => () => void worker.dispose(prunedKey).catch(() => undefined), [worker, prunedKey]);
  useEffect(() => setText(followUrl(url.sparsity)), [url.sparsity]);

  // The box's text decides (a URL value is shown in the box): a bad value is named, never replaced.
  const overall = readSparsity(text);
  const perLayer = url.method === 'global' || url.scope === 'overall' ? undefined : parsePercentList(layerText, kernels.length);
  const problem = perLayer ? (perLayer.ok ? undefined : perLayer.message) : overall.ok ? undefined : overall.message;
  const sparsity = perLayer?.ok ? Object.fromEntries(kernels.map((k, i) => [k, perLayer.value[i]])) : url.sparsity;
  const settings = JSON.stringify([url.model, url.method, sparsity]);
  const current = shown?.settings === settings ? shown : undefined;
  // For "predict, then measure" exercises: the accuracy in %, with the settings it was measured with.
  usePostMeasurement('prune.accuracy', current && current.outcome.accuracy * 100, { model: url.model, method: url.method, sparsity: typeof sparsity === 'number' ? String(sparsity) : 'per layer', retrainedSteps: String(current?.retrainedSteps ?? 0) });

  function prune() {
    void job.start(async (signal, progress) => {
      if (baseline[url.model] === undefined) {
        const r = await worker.jobs.models.evaluate({ key: url.model }, { signal, onProgress: (p) => progress({ ...p, label: p.phase === 'evaluate' ? 'the unpruned model' : undefined }) });
        setBaseline((b) => ({ ...b, [url.model]: r.accuracy }));
      }
      const outcome = await worker.jobs.prune.prune({ key: url.model, newKey: prunedKey, spec: { method: url.method, sparsity, seed: 1 } }, { signal, onProgress: progress });
      const amount = typeof sparsity === 'number' ? `${percentText(sparsity)} %` : kernels.map((k) => `${layerOf(k)} ${percentText(sparsity[k])} %`).join(', ');
      setShown({ outcome, settings, description: `${ZOO[url.model].name}, ${METHOD_NAMES[url.method]}, ${amount}`, retrainedSteps: 0 });
    });
  }

  function retrain() {
    if (!current) return;
    const steps = STEPS[url.steps];
    void job.start(async (signal, progress) => {
      const outcome = await worker.jobs.prune.retrain({ key: prunedKey, settings: { steps, ...RETRAIN, seed: current.retrainedSteps + 1 } }, { signal, onProgress: progress });
      setShown({ ...current, outcome, retrainedSteps: current.retrainedSteps + steps, before: current.before ?? current.outcome.accuracy });
    });
  }

  const base = baseline[url.model];
  // The last result stays on screen when the settings change (or become invalid), marked as such.
  const o = shown?.outcome;
  const title = 'Prune the live model';
  return (
    <LiveWidget title={title}>
      <div className="controls">
        <label htmlFor={ids.model}>Model
          <select id={ids.model} value={url.model} disabled={job.running} onChange={(e) => { const m = e.target.value as PruneModelId; setUrl({ model: m, layers: '' }); setLayerText(MODEL_KERNELS[m].map(() => text).join(',')); }}>
            {PRUNE_MODELS.map((m) => <option key={m} value={m}>{ZOO[m].name}</option>)}
          </select>
        </label>
        <label htmlFor={ids.method}>Method
          <select id={ids.method} value={url.method} disabled={job.running} onChange={(e) => setUrl({ method: e.target.value as MaskMethod })}>
            {METHODS.map((m) => <option key={m} value={m}>{METHOD_NAMES[m]}</option>)}
          </select>
        </label>
        <label htmlFor={ids.scope}>Sparsity given
          <select id={ids.scope} value={url.method === 'global' ? 'overall' : url.scope} disabled={job.running || url.method === 'global'} onChange={(e) => setUrl({ scope: e.target.value as 'overall' | 'layer' })}>
            <option value="overall">for the whole model</option>
            <option value="layer">per layer</option>
          </select>
        </label>
        {perLayer === undefined ? (
          <label htmlFor={ids.sparsity}>Sparsity (% of weights pruned)
            <input id={ids.sparsity} type="text" inputMode="decimal" size={6} value={text} disabled={job.running} aria-invalid={!!problem} aria-describedby={problem ? ids.message : undefined}
              onChange={(e) => { setText(e.target.value); const r = readSparsity(e.target.value); if (r.ok) setUrl({ sparsity: r.value }); }} />
          </label>
        ) : (
          <label htmlFor={ids.layers}>Sparsity per layer, % ({kernels.map(layerOf).join(', ')})
            <input id={ids.layers} type="text" size={16} value={layerText} disabled={job.running} aria-invalid={!!problem} aria-describedby={problem ? ids.message : undefined}
              onChange={(e) => { setLayerText(e.target.value); setUrl({ layers: e.target.value }); }} />
          </label>
        )}
      </div>
      {problem && <div id={ids.message} role="alert" className="error-box">{problem} Nothing was pruned; the last result stays as it was.</div>}
      <div className="controls">
        <button type="button" className="primary" disabled={!ready || job.running || !!problem} onClick={prune}>Prune and evaluate</button>
        <label htmlFor={ids.steps}>Retraining steps
          <select id={ids.steps} value={url.steps} disabled={job.running} onChange={(e) => setUrl({ steps: e.target.value as StepsText })}>
            {STEP_TEXTS.map((s) => <option key={s} value={s}>{s} (batches of 64)</option>)}
          </select>
        </label>
        <button type="button" disabled={!ready || job.running || !current} onClick={retrain}>Retrain with masks held</button>
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} failed="Pruning failed" cancelled="Cancelled. A cancelled retraining keeps the weights of its last finished step (still pruned); the numbers below are from the last finished run." />

      <div className="prune-results" role="status" aria-live="polite">
        <p>
          Unpruned accuracy: <strong data-testid="base-accuracy" data-value={base}>{base === undefined ? 'not measured yet' : formatPercent(base)}</strong>
          {' · '}Pruned accuracy:{' '}
          {o ? <strong data-testid="prune-accuracy" data-value={o.accuracy}>{formatPercent(o.accuracy)}</strong> : <span className="muted">press “Prune and evaluate”</span>}
          {shown && o && <> ({formatInt(o.correct)} of {formatInt(o.total)} test images{shown.retrainedSteps > 0 && <>, after {formatInt(shown.retrainedSteps)} retraining steps; {formatPercent(shown.before!)} before</>})</>}
        </p>
        {shown && !current && <p className="muted" data-testid="stale">These results are for the last pruning run ({shown.description}); press “Prune and evaluate” for the current settings.</p>}
        {o && <OneClassNote outcome={o} />}
        {o && (
          <p>
            Non-zero parameters: <strong data-testid="nonzero-params" data-value={o.report.nonzeroParams}>{formatInt(o.report.nonzeroParams)}</strong> of {formatInt(o.report.params)}
            {' '}(weights {formatPercent(o.report.kernelSparsity, 1)} pruned; biases kept) — <strong data-testid="compression" data-value={o.report.compression}>{o.report.compression.toFixed(1)}×</strong> fewer.
          </p>
        )}
      </div>
      {o && (
        <div className="live-table-wrap">
          <table className="live-table" aria-label="Weights kept per layer">
            <thead><tr><th scope="col">Layer</th><th scope="col">Weights</th><th scope="col">Kept</th><th scope="col">Kept %</th></tr></thead>
            <tbody>
              {o.report.kernels.map((k) => (
                <tr key={k.weight} data-layer={layerOf(k.weight)}>
                  <th scope="row">{layerOf(k.weight)}</th><td>{formatInt(k.count)}</td><td>{formatInt(k.kept)}</td><td data-testid="kept-fraction" data-value={k.keptFraction}>{formatPercent(k.keptFraction, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="live-table" aria-label="Storage of the pruned model in each format">
            <thead><tr><th scope="col">Storage format (values float32)</th><th scope="col">Bytes</th><th scope="col">vs dense</th></tr></thead>
            <tbody>
              {Object.entries(o.report.bytes).map(([f, b]) => (
                <tr key={f} data-format={f}>
                  <th scope="row">{FORMAT_NAMES[f] ?? f}</th><td data-testid="format-bytes" data-value={b}>{formatBytes(b)}</td><td>{(o.report.bytes.dense / b).toFixed(2)}×</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <TfjsDownload
        id={id} what="the pruned model" defaultEncoding="float32" modelKey={current ? prunedKey : undefined}
        version={current ? `${settings}|${current.retrainedSteps}` : undefined} fileBase={`${url.model}-pruned`}
      />
      <p className="muted">A tfjs layers model has no sparse layout: the pruned weights are stored as zeros, so the file is as large as the dense model at the same width.</p>
    </LiveWidget>
  );
}
