import { useEffect, useId, useState } from 'react';
import { LOWRANK_MODELS, MATRIX_PRODUCTS, maxRankOf, type LayerSpectrum, type LowRankModelId, type RankAccuracy, type RankOutcome } from '../../runtime/contract/lowrank';
import { ZOO } from '../../runtime/contract/zoo';
import { NumberField } from '../input';
import { formatInt, formatMs, formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { LiveWidget } from '../live/LiveWidget';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { SpectrumChart } from './SpectrumChart';
import './lowrank.css';

const MODELS = Object.keys(LOWRANK_MODELS) as LowRankModelId[];
const layerName = (weight: string) => weight.replace(/\/kernel$/, '');

const schema = {
  model: param.oneOf(MODELS, 'lenet-300-100'),
  layer: param.oneOf(['dense1/kernel', 'dense2/kernel', 'logits/kernel'] as const, 'dense1/kernel'),
  // Not clamped: a URL holding rank 0 or 5000 shows a message instead of silently changing.
  rank: param.number(32),
  // Where the worker's SVD products run; 'engine' (float64 loops) is the bench's baseline.
  products: param.oneOf(MATRIX_PRODUCTS, 'tfjs'),
};

/** Waits this long after the last slider move before asking the worker (a drag sends many values). */
const SETTLE_MS = 120;

/**
 * The spectrum of one Dense layer of a live zoo MLP and a rank slider: the layer is replaced in
 * the worker by its best rank-k approximation (from an SVD computed once and cached), and the
 * test accuracy on all 10,000 images, the parameters and MACs of the two factors, the
 * Eckart–Young error, and the accuracy of magnitude pruning to as many weights follow each change.
 * URL state: `lr.model`, `lr.layer` (kernel name), `lr.rank`, `lr.products` (tfjs or engine).
 * The rank's accuracy shows as soon as the worker posts it; the pruning comparison follows.
 */
export function LayerRank({ id = 'lr' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const ids = { model: useId(), layer: useId(), slider: useId() };
  const layer = LOWRANK_MODELS[url.model].find((l) => l.weight === url.layer) ?? LOWRANK_MODELS[url.model][0];
  const maxRank = maxRankOf(layer.rows, layer.cols);
  const rankOk = Number.isInteger(url.rank) && url.rank >= 1 && url.rank <= maxRank;
  const spectrumJob = useJob<LayerSpectrum>();
  const rankJob = useJob<RankOutcome>();
  const [first, setFirst] = useState<RankAccuracy>();
  const [base, setBase] = useState<Partial<Record<LowRankModelId, number>>>({});
  const ready = backend.status === 'ready';
  const spectrum = spectrumJob.result?.weight === layer.weight && spectrumJob.result.rows === layer.rows ? spectrumJob.result : undefined;

  useEffect(() => {
    if (!ready) return;
    void spectrumJob.start(async (signal, progress) => {
      if (base[url.model] === undefined) {
        const r = await worker.jobs.models.evaluate({ key: url.model }, { signal, onProgress: (p) => progress({ ...p, label: 'the original model' }) });
        setBase((b) => ({ ...b, [url.model]: r.accuracy }));
      }
      return worker.jobs.lowrank.spectrum({ key: url.model, weight: layer.weight, products: url.products }, { signal, onProgress: progress });
    });
    // base is read once per model; re-running when it arrives would repeat the spectrum job.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, worker, url.model, layer.weight, url.products]);

  useEffect(() => {
    if (!spectrum || !rankOk) return;
    const timer = setTimeout(() => {
      void rankJob.start((signal, progress) => worker.jobs.lowrank.atRank(
        { key: url.model, weight: layer.weight, rank: url.rank, products: url.products },
        { signal, onProgress: progress, onPartial: setFirst },
      ));
    }, SETTLE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [spectrum, url.rank, rankOk]);

  // A partial is newer than the last result unless that result completes it.
  const done = rankJob.result;
  const latest: (RankAccuracy & { prunedAccuracy?: number }) | undefined = done && (!first || (done.rank === first.rank && done.weight === first.weight)) ? done : first ?? done;
  const o = latest?.weight === layer.weight ? latest : undefined;
  const stale = o && o.rank !== url.rank;
  const shape = `${layer.rows}×${layer.cols}`;
  return (
    <LiveWidget title="Replace a layer by its rank-k approximation">
      <div className="controls">
        <label htmlFor={ids.model}>Model
          <select id={ids.model} value={url.model} onChange={(e) => setUrl({ model: e.target.value as LowRankModelId })}>
            {MODELS.map((m) => <option key={m} value={m}>{ZOO[m].name}</option>)}
          </select>
        </label>
        <label htmlFor={ids.layer}>Layer
          <select id={ids.layer} value={layer.weight} onChange={(e) => setUrl({ layer: e.target.value as typeof url.layer })}>
            {LOWRANK_MODELS[url.model].map((l) => <option key={l.weight} value={l.weight}>{layerName(l.weight)} ({l.rows}×{l.cols})</option>)}
          </select>
        </label>
      </div>
      <div className="lowrank-slider">
        <label htmlFor={ids.slider}>Rank k</label>
        <input id={ids.slider} type="range" min={1} max={maxRank} step={1} value={rankOk ? url.rank : Math.min(maxRank, 1)}
          aria-valuetext={`rank ${url.rank} of ${maxRank}`} onChange={(e) => setUrl({ rank: Number(e.target.value) })} />
        <NumberField rule={{ label: 'Rank', min: 1, max: maxRank, integer: true }} value={url.rank} onValue={(rank) => setUrl({ rank })} />
      </div>
      <JobStatus state={spectrumJob.state} onCancel={spectrumJob.cancel} failed="The singular values could not be computed" cancelled="Cancelled." />
      {spectrum && (
        <>
          <SpectrumChart s={spectrum.s} rank={rankOk ? url.rank : 0} label={`Singular values of ${layerName(layer.weight)} (${shape})`} />
          <p className="muted" data-testid="spectrum-note">
            {spectrum.complete ? `All ${formatInt(spectrum.s.length)} singular values` : `The top ${spectrum.s.length} of ${formatInt(Math.min(layer.rows, layer.cols))} singular values (randomized SVD)`}
            {spectrum.ms > 0 && <>, computed in the worker in <span data-testid="svd-ms" data-value={spectrum.ms}>{formatMs(spectrum.ms)}</span></>}.
          </p>
        </>
      )}
      <JobStatus state={rankJob.state} onCancel={rankJob.cancel} failed="Evaluation failed" cancelled="Cancelled." />
      <div className="lowrank-results" role="status" aria-live="polite" data-stale={stale ? 'true' : 'false'}>
        <p>
          Original accuracy: <strong data-testid="base-accuracy" data-value={base[url.model]}>{base[url.model] === undefined ? 'measuring…' : formatPercent(base[url.model]!)}</strong>
          {' · '}at rank {o ? o.rank : '…'}:{' '}
          {o ? <strong data-testid="rank-accuracy" data-value={o.accuracy} data-rank={o.rank}>{formatPercent(o.accuracy)}</strong> : <span className="muted">waiting for the worker</span>}
          {o && <> · magnitude pruning to as many weights: {o.prunedAccuracy === undefined
            ? <span className="muted">measuring…</span>
            : <strong data-testid="pruned-accuracy" data-value={o.prunedAccuracy} data-rank={o.rank}>{formatPercent(o.prunedAccuracy)}</strong>}</>}
        </p>
        {o && (
          <>
            <p>
              Layer weights: {formatInt(o.layerParams)} → <strong data-testid="factored-params" data-value={o.factoredParams}>{formatInt(o.factoredParams)}</strong>
              {' '}(k·({layer.rows} + {layer.cols}); <span data-testid="param-ratio">{(o.layerParams / o.factoredParams).toFixed(2)}×</span>{o.factoredParams >= o.layerParams ? ', no saving at this rank' : ' fewer'}).
              {' '}MACs per image of this layer: {formatInt(o.layerParams)} → {formatInt(o.factoredParams)}.
            </p>
            <p>
              Whole model: {formatInt(o.modelParams)} → {formatInt(o.modelParamsFactored)} parameters.
              {' '}Eckart–Young error ‖W − W<sub>k</sub>‖<sub>F</sub> = {o.error.toPrecision(3)} (<span data-testid="relative-error" data-value={o.relativeError}>{formatPercent(o.relativeError, 1)}</span> of ‖W‖<sub>F</sub>).
              {' '}This rank took <span data-testid="rank-ms" data-value={o.ms}>{formatMs(o.ms)}</span> in the worker (from the layer's cached SVD).
            </p>
          </>
        )}
      </div>
    </LiveWidget>
  );
}
