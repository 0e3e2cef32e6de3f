import { useEffect, useId, useState } from 'react';
import { ZOO } from '../../runtime/contract/zoo';
import type { MaskMethod, RetrainSettings } from '../../runtime/contract/prune';
import type { UnitNorm } from '../../engine';
import { LiveWidget } from '../live/LiveWidget';
import { TfjsDownload } from '../live/TfjsDownload';
import { JobStatus } from '../live/JobStatus';
import { useJob, type ReportProgress } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { usePostMeasurement } from '../lesson/measurements';
import { NumberField, useFieldsValid } from '../input';
import { param, useUrlState } from '../urlState';
import {
  followUrl, GRANULARITIES, layerOf, MODEL_KERNELS, parsePercentList, percentText, PRUNE_MODELS, readSparsity, unitFractions, unitLayers,
  type Granularity, type PruneModelId,
} from './common';
import { MaskedResult, type MaskedShown } from './MaskedResult';
import { StructuredResult, type SmallerShown } from './StructuredResult';
import './prune.css';

const METHODS: readonly MaskMethod[] = ['magnitude', 'global', 'random'];
const METHOD_NAMES: Record<MaskMethod, string> = {
  magnitude: 'magnitude, each layer on its own',
  global: 'magnitude, one threshold for all layers',
  random: 'random (a baseline)',
};
const GRANULARITY_NAMES: Record<Granularity, string> = {
  weights: 'single weights (unstructured)',
  neurons: 'whole neurons of the dense layers',
  filters: 'whole filters of the convolutions',
};
const UNIT_FIELD: Record<Exclude<Granularity, 'weights'>, string> = { neurons: 'Neurons removed per hidden dense layer', filters: 'Filters removed per convolution' };
/** Retraining steps offered, by their text in the URL. */
const STEPS = { '100': 100, '300': 300, '1000': 1000 } as const;
type StepsText = keyof typeof STEPS;
const STEP_TEXTS = Object.keys(STEPS) as StepsText[];
/** Retraining recipe (measured in node first; see the lesson): Adam, batch 64, learning rate 10⁻³. */
export const RETRAIN = { batchSize: 64, learningRate: 1e-3 };

/** The URL state of "Prune the live model"; the sensitivity scan writes its per-layer sparsities through it. */
export const PRUNE_MODEL_SCHEMA = {
  model: param.oneOf(PRUNE_MODELS, 'lenet-300-100'),
  /** What is removed: single weights (masks) or whole neurons / filters (a smaller model). */
  unit: param.oneOf(GRANULARITIES, 'weights'),
  method: param.oneOf(METHODS, 'magnitude'),
  scope: param.oneOf(['overall', 'layer'] as const, 'overall'),
  // Not clamped: a URL holding 1.5 must show a message, not silently become 100 %.
  sparsity: param.number(0.9),
  layers: param.string(''),
  /** Fraction of units removed per layer, for neurons and filters. */
  units: param.number(0.5, 0, 1, 'Units removed (fraction)'),
  norm: param.oneOf(['l1', 'l2'] as const, 'l1'),
  steps: param.oneOf(STEP_TEXTS, '300'),
};

/**
 * Prunes a live zoo model in the worker and shows its test accuracy on all 10,000 images. Single
 * weights (magnitude per layer, one global threshold, or random, to an overall or per-layer
 * sparsity): the non-zero parameters, the compression ratio and the bytes in each sparse storage
 * format, then retraining with the masks held. Whole neurons or filters (ranked by L1 or L2 norm):
 * a genuinely smaller dense model, its parameters, MACs and size, then retraining it.
 * URL state: `pr.model`, `pr.unit` (weights | neurons | filters), `pr.method`, `pr.scope`
 * (overall | layer), `pr.sparsity` (fraction), `pr.layers` (percent per layer, "92,91,74"),
 * `pr.units` (fraction of units removed), `pr.norm` (l1 | l2), `pr.steps`.
 */
export function PruneModel({ id = 'pr' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, PRUNE_MODEL_SCHEMA);
  const fields = useFieldsValid();
  const { worker, backend } = useModelWorker();
  const kernels = MODEL_KERNELS[url.model];
  const [text, setText] = useState(() => percentText(url.sparsity));
  const [layerText, setLayerText] = useState(() => url.layers || kernels.map(() => percentText(url.sparsity)).join(','));
  const [shown, setShown] = useState<MaskedShown | undefined>();
  const [smaller, setSmaller] = useState<SmallerShown | undefined>();
  const [baseline, setBaseline] = useState<Partial<Record<PruneModelId, number>>>({});
  const job = useJob<void>();
  const ids = { model: useId(), unit: useId(), method: useId(), scope: useId(), sparsity: useId(), layers: useId(), norm: useId(), steps: useId(), message: useId() };
  const prunedKey = `${url.model}:pruned`;
  const smallerKey = `${url.model}:smaller`;
  const ready = backend.status === 'ready';
  const structured = url.unit !== 'weights';

  useEffect(() => () => void worker.dispose(prunedKey).catch(() => undefined), [worker, prunedKey]);
  useEffect(() => () => void worker.dispose(smallerKey).catch(() => undefined), [worker, smallerKey]);
  useEffect(() => setText(followUrl(url.sparsity)), [url.sparsity]);
  // Per-layer sparsities written to the URL from elsewhere (the sensitivity scan) replace the box's text.
  useEffect(() => { if (url.layers) setLayerText(url.layers); }, [url.layers]);

  // The box's text decides (a URL value is shown in the box): a bad value is named, never replaced.
  const overall = readSparsity(text);
  const perLayer = structured || url.method === 'global' || url.scope === 'overall' ? undefined : parsePercentList(layerText, kernels.length);
  const unitLayerNames = url.unit === 'weights' ? [] : unitLayers(url.model, url.unit);
  const problem = structured
    ? (unitLayerNames.length === 0 ? `${ZOO[url.model].name} has no ${url.unit === 'filters' ? 'convolutions' : 'hidden dense layers'}: choose ${url.unit === 'filters' ? 'whole neurons, or LeNet-5' : 'another granularity'}.` : undefined)
    : perLayer ? (perLayer.ok ? undefined : perLayer.message) : overall.ok ? undefined : overall.message;
  const sparsity = perLayer?.ok ? Object.fromEntries(kernels.map((k, i) => [k, perLayer.value[i]])) : url.sparsity;
  const settings = JSON.stringify(structured ? [url.model, url.unit, url.norm, url.units] : [url.model, url.method, sparsity]);
  const current = shown?.settings === settings ? shown : undefined;
  const currentSmaller = smaller?.settings === settings ? smaller : undefined;
  /** The model the take-away box writes: the current run of the chosen granularity, if any. */
  const exported = structured ? currentSmaller : current;
  // For "predict, then measure" exercises: the accuracy in %, with the settings it was measured with.
  usePostMeasurement('prune.accuracy', current && current.outcome.accuracy * 100, { model: url.model, method: url.method, sparsity: typeof sparsity === 'number' ? String(sparsity) : 'per layer', retrainedSteps: String(current?.retrainedSteps ?? 0) });

  const measureBaseline = async (signal: AbortSignal, progress: ReportProgress) => {
    if (baseline[url.model] !== undefined) return;
    const r = await worker.jobs.models.evaluate({ key: url.model }, { signal, onProgress: (p) => progress({ ...p, label: p.phase === 'evaluate' ? 'the unpruned model' : undefined }) });
    setBaseline((b) => ({ ...b, [url.model]: r.accuracy }));
  };

  function prune() {
    void job.start(async (signal, progress) => {
      await measureBaseline(signal, progress);
      if (url.unit !== 'weights') {
        const outcome = await worker.jobs.prune.structured({ key: url.model, newKey: smallerKey, fraction: unitFractions(url.model, url.unit, url.units), norm: url.norm as UnitNorm }, { signal, onProgress: progress });
        setSmaller({ outcome, settings, retrainedSteps: 0, description: `${ZOO[url.model].name}, ${percentText(url.units)} % of the ${url.unit} of ${unitLayerNames.join(', ')} removed by ${url.norm.toUpperCase()} norm` });
        return;
      }
      const outcome = await worker.jobs.prune.prune({ key: url.model, newKey: prunedKey, spec: { method: url.method, sparsity, seed: 1 } }, { signal, onProgress: progress });
      const amount = typeof sparsity === 'number' ? `${percentText(sparsity)} %` : kernels.map((k) => `${layerOf(k)} ${percentText(sparsity[k])} %`).join(', ');
      setShown({ outcome, settings, description: `${ZOO[url.model].name}, ${METHOD_NAMES[url.method]}, ${amount}`, retrainedSteps: 0 });
    });
  }

  function retrain() {
    const steps = STEPS[url.steps];
    const recipe = (done: number): RetrainSettings => ({ steps, ...RETRAIN, seed: done + 1 });
    if (structured && currentSmaller) {
      void job.start(async (signal, progress) => {
        const outcome = await worker.jobs.prune.retrain({ key: smallerKey, settings: recipe(currentSmaller.retrainedSteps) }, { signal, onProgress: progress });
        setSmaller({ ...currentSmaller, retrainedSteps: currentSmaller.retrainedSteps + steps, retrained: outcome.accuracy });
      });
    } else if (!structured && current) {
      void job.start(async (signal, progress) => {
        const outcome = await worker.jobs.prune.retrain({ key: prunedKey, settings: recipe(current.retrainedSteps) }, { signal, onProgress: progress });
        setShown({ ...current, outcome, retrainedSteps: current.retrainedSteps + steps, before: current.before ?? current.outcome.accuracy });
      });
    }
  }

  const base = baseline[url.model];
  const title = 'Prune the live model';
  return (
    <LiveWidget title={title}>
      <div className="controls">
        <label htmlFor={ids.model}>Model
          <select id={ids.model} value={url.model} disabled={job.running} onChange={(e) => { const m = e.target.value as PruneModelId; setUrl({ model: m, layers: '' }); setLayerText(MODEL_KERNELS[m].map(() => text).join(',')); }}>
            {PRUNE_MODELS.map((m) => <option key={m} value={m}>{ZOO[m].name}</option>)}
          </select>
        </label>
        <label htmlFor={ids.unit}>Granularity
          <select id={ids.unit} value={url.unit} disabled={job.running} onChange={(e) => setUrl({ unit: e.target.value as Granularity })}>
            {GRANULARITIES.map((g) => <option key={g} value={g}>{GRANULARITY_NAMES[g]}</option>)}
          </select>
        </label>
        {structured ? (
          <>
            <label htmlFor={ids.norm}>Rank units by
              <select id={ids.norm} value={url.norm} disabled={job.running} onChange={(e) => setUrl({ norm: e.target.value as UnitNorm })}>
                <option value="l1">L1 norm of their weights</option>
                <option value="l2">L2 norm of their weights</option>
              </select>
            </label>
            <NumberField rule={{ label: UNIT_FIELD[url.unit as 'neurons' | 'filters'], min: 0, max: 100, unit: ' %' }} value={+(url.units * 100).toFixed(4)} disabled={job.running}
              onValue={(v) => setUrl({ units: v / 100 })} />
          </>
        ) : (
          <>
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
          </>
        )}
      </div>
      {problem && <div id={ids.message} role="alert" className="error-box">{problem} Nothing was pruned; the last result stays as it was.</div>}
      <div className="controls">
        <button type="button" className="primary" disabled={!ready || job.running || !!problem || !fields.valid} aria-describedby={fields.describedBy} onClick={prune}>Prune and evaluate</button>
        <label htmlFor={ids.steps}>Retraining steps
          <select id={ids.steps} value={url.steps} disabled={job.running} onChange={(e) => setUrl({ steps: e.target.value as StepsText })}>
            {STEP_TEXTS.map((s) => <option key={s} value={s}>{s} (batches of 64)</option>)}
          </select>
        </label>
        <button type="button" disabled={!ready || job.running || !(structured ? currentSmaller : current)} onClick={retrain}>{structured ? 'Retrain the smaller model' : 'Retrain with masks held'}</button>
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} failed="Pruning failed" cancelled="Cancelled. A cancelled retraining keeps the weights of its last finished step (still pruned); the numbers below are from the last finished run." />
      {structured
        ? smaller ? <StructuredResult shown={smaller} base={base} stale={!currentSmaller} /> : <p className="muted">Press “Prune and evaluate” to remove the units and measure the smaller model.</p>
        : <MaskedResult shown={shown} base={base} stale={!!shown && !current} />}
      <TfjsDownload
        id={id} what={structured ? 'the smaller model' : 'the pruned model'} defaultEncoding="float32"
        modelKey={exported && (structured ? smallerKey : prunedKey)}
        version={exported && `${settings}|${exported.retrainedSteps}`} fileBase={`${url.model}-${structured ? 'smaller' : 'pruned'}`}
      />
      <p className="muted">{structured
        ? 'Removing whole units makes the layers narrower, so this file holds only the weights that are left.'
        : 'A tfjs layers model has no sparse layout: the pruned weights are stored as zeros, so the file is as large as the dense model at the same width.'}</p>
    </LiveWidget>
  );
}
