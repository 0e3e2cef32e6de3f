import { scaleLinear } from 'd3';
import { useEffect, useId, useMemo } from 'react';
import type { DeepCompressionResult, StageResult } from '../../runtime/contract/deepCompression';

import { BackendPicker } from '../live/BackendPicker';
import { JobStatus } from '../live/JobStatus';
import { formatPercent } from '../live/format';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { useUrlState } from '../urlState';
import { formatBits, formatRatio, layerName, STAGE_NAMES } from './format';
import { DEEP_COMPRESSION_MODEL_IDS, DEEP_COMPRESSION_MODELS, type DeepCompressionModelId, type RecipeName } from '../../runtime/contract/deepCompression';
import { BITS_KEYS, INITS, modelSettings, pipelineSchema, planFromSettings, recipeSettings, shownSettings, SPARSITY_KEYS } from './pipelineSettings';
import { publishRun, usePipelineRun } from './resultStore';
import './deepcompression.css';

const COMPRESSED_KEY = 'dc:compressed';

const BAR_W = 300;
const BAR_H = 22;

/** Two rows of bars per stage: size (linear, so the later stages show how little is left) and accuracy. */
function StageBars({ stages, kind }: { stages: StageResult[]; kind: 'size' | 'accuracy' }) {
  const x = useMemo(() => {
    if (kind === 'size') return scaleLinear().domain([0, stages[0].bits]).range([0, BAR_W]);
    const low = Math.min(...stages.map((s) => s.accuracy));
    return scaleLinear().domain([Math.max(0, Math.floor(low * 100 - 1) / 100), 1]).range([0, BAR_W]).clamp(true);
  }, [stages, kind]);
  const label = kind === 'size' ? 'Size after each stage' : `Test accuracy after each stage (axis from ${formatPercent(x.domain()[0], 0)})`;
  return (
    <figure className="dc-bars">
      <figcaption>{label}</figcaption>
      <svg viewBox={`0 0 ${BAR_W + 170} ${stages.length * (BAR_H + 6)}`} aria-hidden="true">
        {stages.map((s, i) => {
          const value = kind === 'size' ? s.bits : s.accuracy;
          const w = Math.max(1, x(value));
          return (
            <g key={s.stage} transform={`translate(0 ${i * (BAR_H + 6)})`}>
              <rect className={`dc-bar dc-bar-${s.stage}`} x={0} y={0} width={w} height={BAR_H} />
              <text x={w + 6} y={BAR_H * 0.7}>{kind === 'size' ? `${formatBits(s.bits)} · ${formatRatio(s.ratio)}` : formatPercent(s.accuracy)}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function Results({ result, huffman }: { result: DeepCompressionResult; huffman: boolean }) {
  // The last row is the file the checkbox chooses: Huffman-coded or fixed-width index streams.
  const stages = result.stages.filter((s) => s.stage !== (huffman ? 'fixed' : 'huffman'));
  const base = result.stages[0].accuracy;
  return (
    <div className="dc-results">
      <table className="live-table" aria-label="Size and accuracy after each stage">
        <thead>
          <tr><th scope="col">Stage</th><th scope="col">Size</th><th scope="col">Smaller by</th><th scope="col">Test accuracy</th><th scope="col">Change</th></tr>
        </thead>
        <tbody>
          {stages.map((s) => (
            <tr key={s.stage} data-stage={s.stage}>
              <th scope="row">{STAGE_NAMES[s.stage]}</th>
              <td data-testid="stage-bits" data-value={s.bits}>{formatBits(s.bits)}</td>
              <td data-testid="stage-ratio" data-value={s.ratio}>{formatRatio(s.ratio)}</td>
              <td data-testid="stage-accuracy" data-value={s.accuracy}>{formatPercent(s.accuracy)}</td>
              <td>{s.stage === 'original' ? '—' : `${s.accuracy - base >= 0 ? '+' : '−'}${Math.abs((s.accuracy - base) * 100).toFixed(2)} points`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Right after k-means, before the shared values were fine-tuned, the accuracy was{' '}
        <strong data-testid="untuned-accuracy" data-value={result.sharedUntunedAccuracy}>{formatPercent(result.sharedUntunedAccuracy)}</strong>.
        {huffman
          ? ' Huffman coding changes no weight: its accuracy is measured on the model rebuilt from the compressed file.'
          : ' Huffman coding is off: the file (last row, and the download below) stores every index in a fixed number of bits; it is larger than the row above by its headers and code tables.'}
      </p>
      <div className="dc-chart-row">
        <StageBars stages={stages} kind="size" />
        <StageBars stages={stages} kind="accuracy" />
      </div>
      {result.warnings.length > 0 && (
        <div role="status" className="dc-warnings">
          {result.warnings.map((w) => <p key={w}>Note: {w}.</p>)}
        </div>
      )}
    </div>
  );
}

/**
 * Deep Compression's three stages on a live model (LeNet-300-100 or LeNet-5) in the page's model
 * worker: pruning with retraining, trained weight sharing, Huffman coding; size in exact bits and
 * test accuracy after each. URL state: `dc.model`, `dc.s1`–`dc.s5` (sparsity %, per layer),
 * `dc.b1`–`dc.b5` (cluster bits), `dc.rounds`, `dc.steps` (retraining steps per round), `dc.ft`
 * (fine-tuning steps), `dc.ftlr` (its learning rate), `dc.init`, `dc.huffman` (which file is
 * written: Huffman-coded or fixed-width); an empty field means the model's full recipe.
 */
export function DeepCompressionPipeline({ id = 'dc' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, pipelineSchema);
  const { worker, backend } = useModelWorker();
  const job = useJob<DeepCompressionResult>();
  const last = usePipelineRun();
  const parsed = useMemo(() => planFromSettings(url), [url]);
  const shown = shownSettings(url);
  const model = DEEP_COMPRESSION_MODELS[url.model];
  const ids = { problems: useId(), model: useId(), init: useId(), rounds: useId(), steps: useId(), ft: useId(), ftlr: useId(), huffman: useId() };
  const layerIds = [useId(), useId(), useId(), useId(), useId()];
  const recipeSteps = (name: RecipeName) => {
    const r = model.recipes[name];
    return (r.prune.rounds * r.prune.stepsPerRound + r.share.steps).toLocaleString('en-US');
  };
  const ready = backend.status === 'ready';

  useEffect(() => () => void worker.dispose(COMPRESSED_KEY).catch(() => undefined), [worker]);

  function run() {
    const plan = parsed.plan;
    if (!plan) return;
    const modelId = url.model;
    void job.start(async (signal, progress) => {
      const result = await worker.jobs.deepCompression.compress({ key: modelId, newKey: COMPRESSED_KEY, plan }, { signal, onProgress: progress });
      publishRun({ result, plan, key: COMPRESSED_KEY, model: modelId });
      return result;
    });
  }

  const title = 'The pipeline on the live model';
  return (
    <section className="widget dc-pipeline" aria-label={title}>
      <h3>{title}</h3>
      <BackendPicker />
      <div className="controls">
        <label htmlFor={ids.model}>Model
          <select id={ids.model} value={url.model} disabled={job.running} onChange={(e) => setUrl(modelSettings(e.target.value as DeepCompressionModelId))}>
            {DEEP_COMPRESSION_MODEL_IDS.map((m) => <option key={m} value={m}>{DEEP_COMPRESSION_MODELS[m].name}</option>)}
          </select>
        </label>
      </div>
      <p className="muted">{model.description} Retraining draws from the 60,000 MNIST training images.</p>
      <fieldset>
        <legend>Stage 1: pruning (with retraining) · Stage 2: bits per layer</legend>
        <table className="dc-settings">
          <thead><tr><th scope="col">Layer</th><th scope="col">Pruned (%)</th><th scope="col">Cluster bits (k = 2^bits)</th></tr></thead>
          <tbody>
            {model.layers.map((name, i) => (
              <tr key={name}>
                <th scope="row">{layerName(name)}</th>
                <td>
                  <label className="dc-visually-hidden" htmlFor={`${layerIds[i]}-s`}>{layerName(name)} pruned percent</label>
                  <input id={`${layerIds[i]}-s`} type="number" inputMode="decimal" min={0} max={100} step="any" size={6} value={shown[SPARSITY_KEYS[i]]} onChange={(e) => setUrl({ [SPARSITY_KEYS[i]]: e.target.value })} aria-describedby={parsed.problems.length ? ids.problems : undefined} />
                </td>
                <td>
                  <label className="dc-visually-hidden" htmlFor={`${layerIds[i]}-b`}>{layerName(name)} cluster bits</label>
                  <input id={`${layerIds[i]}-b`} type="number" inputMode="numeric" min={0} max={8} step={1} size={4} value={shown[BITS_KEYS[i]]} onChange={(e) => setUrl({ [BITS_KEYS[i]]: e.target.value })} aria-describedby={parsed.problems.length ? ids.problems : undefined} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="controls">
          <label htmlFor={ids.rounds}>Pruning rounds
            <input id={ids.rounds} type="number" min={1} step={1} size={4} value={shown.rounds} onChange={(e) => setUrl({ rounds: e.target.value })} />
          </label>
          <label htmlFor={ids.steps}>Retraining steps per round
            <input id={ids.steps} type="number" min={0} step={50} size={6} value={shown.steps} onChange={(e) => setUrl({ steps: e.target.value })} />
          </label>
          <label htmlFor={ids.init}>k-means start
            <select id={ids.init} value={url.init} onChange={(e) => setUrl({ init: e.target.value as typeof url.init })}>
              {INITS.map((i) => <option key={i} value={i}>{i}</option>)}
            </select>
          </label>
          <label htmlFor={ids.ft}>Fine-tuning steps
            <input id={ids.ft} type="number" min={0} step={50} size={6} value={shown.ft} onChange={(e) => setUrl({ ft: e.target.value })} />
          </label>
          <label htmlFor={ids.ftlr}>Fine-tuning learning rate
            <input id={ids.ftlr} type="text" inputMode="decimal" size={8} value={shown.ftlr} onChange={(e) => setUrl({ ftlr: e.target.value })} aria-describedby={parsed.problems.length ? ids.problems : undefined} />
          </label>
          <label htmlFor={ids.huffman} className="dc-check">
            <input id={ids.huffman} type="checkbox" checked={url.huffman} onChange={(e) => setUrl({ huffman: e.target.checked })} />
            Stage 3: Huffman coding
          </label>
        </div>
        <div className="controls">
          <button type="button" onClick={() => setUrl(recipeSettings(url.model, 'full'))}>Full recipe ({recipeSteps('full')} training steps, about a minute or less)</button>
          <button type="button" onClick={() => setUrl(recipeSettings(url.model, 'quick'))}>Quick setting ({recipeSteps('quick')} steps, under a minute)</button>
        </div>
      </fieldset>
      {parsed.problems.length > 0 && (
        <div role="alert" className="error-box" id={ids.problems}>
          {parsed.problems.map((p) => <p key={p}>{p}</p>)}
        </div>
      )}
      <div className="controls">
        <button type="button" className="primary" disabled={!ready || job.running || !parsed.plan} onClick={run}>Compress the model</button>
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} failed="The compression failed" cancelled="Compression cancelled; the original model is unchanged." />
      {last ? <Results result={last.result} huffman={url.huffman} /> : <p className="muted">Press “Compress the model” to run the three stages.</p>}
    </section>
  );
}
