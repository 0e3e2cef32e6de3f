import { useEffect, useId } from 'react';
import { CONV_SPLIT, type ConvRankOutcome } from '../../runtime/contract/lowrank';
import { NumberField } from '../input';
import { formatInt, formatMs, formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { LiveWidget } from '../live/LiveWidget';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { SpectrumChart } from './SpectrumChart';
import './lowrank.css';

const [KH, KW, CIN, COUT] = CONV_SPLIT.kernelShape;
const MAX_RANK = Math.min(KH * KW * CIN, COUT);

// Not clamped: a URL holding rank 0 or 17 shows a message instead of silently changing.
const schema = { rank: param.number(4) };

/** Waits this long after the last slider move before asking the worker. */
const SETTLE_MS = 120;

/**
 * LeNet-5's second convolution (5×5, 6 → 16 channels) replaced in the worker by its rank-r
 * channel decomposition, a 5×5 convolution to r channels and a 1×1 convolution to 16, from the
 * SVD of the kernel unfolded to 150×16; shows the singular values, test accuracy on the 10,000
 * images, parameters and MACs of the layer before and after, and the Eckart–Young error.
 * URL state: `cs.rank`.
 */
export function ConvSplit({ id = 'cs' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const sliderId = useId();
  const job = useJob<ConvRankOutcome>();
  const rankOk = Number.isInteger(url.rank) && url.rank >= 1 && url.rank <= MAX_RANK;
  const ready = backend.status === 'ready';

  useEffect(() => {
    if (!ready || !rankOk) return;
    const timer = setTimeout(() => {
      void job.start((signal, progress) => worker.jobs.lowrank.convAtRank({ key: CONV_SPLIT.key, layer: CONV_SPLIT.layer, rank: url.rank }, { signal, onProgress: progress }));
    }, SETTLE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, worker, url.rank, rankOk]);

  const o = job.result;
  return (
    <LiveWidget title="Split LeNet-5's second convolution by channels">
      <p className="muted">
        conv2: {KH}×{KW} from {CIN} to {COUT} channels → a {KH}×{KW} convolution to r channels, then a 1×1 convolution to {COUT}.
      </p>
      <div className="lowrank-slider">
        <label htmlFor={sliderId}>Rank r</label>
        <input id={sliderId} type="range" min={1} max={MAX_RANK} step={1} value={rankOk ? url.rank : 1}
          aria-valuetext={`rank ${url.rank} of ${MAX_RANK}`} onChange={(e) => setUrl({ rank: Number(e.target.value) })} />
        <NumberField rule={{ label: 'Rank r of conv2', min: 1, max: MAX_RANK, integer: true }} value={url.rank} onValue={(rank) => setUrl({ rank })} />
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} failed="The split model could not be evaluated" cancelled="Cancelled." />
      {o && (
        <>
          <SpectrumChart s={o.s} rank={o.rank} symbol="r" label={`Singular values of conv2's kernel unfolded to ${KH * KW * CIN}×${COUT}`} />
          <div className="lowrank-results" role="status" aria-live="polite" data-stale={o.rank !== url.rank ? 'true' : 'false'}>
            <p>
              Original accuracy: <strong data-testid="cs-original" data-value={o.originalAccuracy}>{formatPercent(o.originalAccuracy)}</strong>
              {' · '}with conv2 split at rank {o.rank}: <strong data-testid="cs-accuracy" data-value={o.accuracy} data-rank={o.rank}>{formatPercent(o.accuracy)}</strong>
            </p>
            <p>
              conv2 parameters: {formatInt(o.params)} → <strong data-testid="cs-params" data-value={o.factoredParams}>{formatInt(o.factoredParams)}</strong>
              {' '}({KH * KW * CIN}·r + r·{COUT} weights + {COUT} biases{o.factoredParams >= o.params ? '; no saving at this rank' : `; ${(o.params / o.factoredParams).toFixed(2)}× fewer`}).
              {' '}MACs per image: {formatInt(o.macs)} → <strong data-testid="cs-macs" data-value={o.factoredMacs}>{formatInt(o.factoredMacs)}</strong>
              {' '}(<span data-testid="cs-mac-ratio">{(o.macs / o.factoredMacs).toFixed(2)}×</span>{o.factoredMacs >= o.macs ? ', more than before' : ' fewer'}).
            </p>
            <p>
              Whole model: {formatInt(o.modelParams)} → {formatInt(o.modelParamsFactored)} parameters.
              {' '}Eckart–Young error of the kernel: <span data-testid="cs-error" data-value={o.relativeError}>{formatPercent(o.relativeError, 1)}</span> of ‖K‖<sub>F</sub>.
              {' '}Decomposition and evaluation took {formatMs(o.ms)} in the worker.
            </p>
          </div>
        </>
      )}
    </LiveWidget>
  );
}
