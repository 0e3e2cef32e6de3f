import { useMemo } from 'react';
import { scaleBand, scaleLinear } from 'd3';
import { exponentHistogram, FORMATS, gradientRanges, type CastFormat } from '../../engine';
import type { StepGradients } from '../../runtime/contract/training';
import { NumberField, useFieldsValid } from '../input';
import { JobStatus, LiveWidget, useJob, useModelWorker } from '../live';
import { param, useUrlState } from '../urlState';
import { formatCount, formatPercent } from './format';
import './training.css';

const FORMATS_OFFERED = ['fp16', 'bf16', 'fp8e5m2'] as const;
const LABELS: Record<(typeof FORMATS_OFFERED)[number], string> = { fp16: 'fp16', bf16: 'bf16', fp8e5m2: 'fp8 E5M2 (gradients)' };
const LO = -44;
const HI = 18;

const schema = {
  format: param.oneOf(FORMATS_OFFERED, 'fp16'),
  /** log₂ of the loss scale. */
  scale: param.number(0, -10, 40),
  batch: param.integer(64, 1, 1000),
  seed: param.integer(1, 0, 1e9),
};

const W = 720;
const H = 260;
const M = { top: 14, right: 12, bottom: 44, left: 52 };

/**
 * The real gradients of one training step of LeNet-300-100 on a log₂ axis, with the chosen
 * format's limits marked, and how many flush to zero, stay subnormal or overflow at a loss scale.
 */
export function GradientHistogram() {
  const [s, set] = useUrlState('grad', schema);
  const fields = useFieldsValid();
  const { worker, backend } = useModelWorker();
  const job = useJob<StepGradients>();
  const g = job.result;
  const scale = 2 ** s.scale;
  const f = FORMATS[s.format as CastFormat];
  const view = useMemo(() => {
    if (!g) return undefined;
    const scaled = Float64Array.from(g.values, (v) => v * scale);
    return { counts: exponentHistogram(scaled, LO, HI), ranges: gradientRanges(g.values, s.format, scale) };
  }, [g, scale, s.format]);

  const exps = Array.from({ length: HI - LO + 1 }, (_, i) => LO + i);
  const x = scaleBand<number>().domain(exps).range([M.left, W - M.right]).padding(0.1);
  const maxCount = view ? Math.max(1, ...view.counts) : 1;
  const y = scaleLinear().domain([0, maxCount]).range([H - M.bottom, M.top]).nice();
  const limitX = (e: number) => (x(Math.floor(e)) ?? M.left) + (e - Math.floor(e)) * x.step();
  const limits = [
    { e: Math.log2(f.minSubnormal), text: 'smallest subnormal' },
    { e: Math.log2(f.minNormal), text: 'smallest normal' },
    { e: Math.log2(f.maxFinite), text: 'largest' },
  ];
  const nonZero = view ? view.ranges.flushed + view.ranges.subnormal + view.ranges.normal + view.ranges.overflow : 0;
  const binClass = (e: number) => (2 ** (e + 1) <= f.minSubnormal / 2 ? 'bar lost' : 2 ** e < f.minNormal ? 'bar sub' : 2 ** e > f.maxFinite ? 'bar lost' : 'bar');

  return (
    <LiveWidget title="Real gradients in a narrow format">
      <div className="controls">
        <label>Format{' '}
          <select value={s.format} onChange={(e) => set({ format: e.target.value as typeof s.format })}>
            {FORMATS_OFFERED.map((k) => <option key={k} value={k}>{LABELS[k]}</option>)}
          </select>
        </label>
        <label>Loss scale 2^{s.scale}{' '}
          <input type="range" min={-10} max={40} step={1} value={s.scale} onChange={(e) => set({ scale: Number(e.target.value) })} aria-label="Loss scale, exponent of 2" />
        </label>
        <NumberField rule={{ label: 'Loss scale', min: 2 ** -10, max: 2 ** 40 }} value={scale} onValue={(v) => set({ scale: Math.log2(v) })} size={12} />
        <NumberField rule={{ label: 'Batch size', min: 1, max: 1000, integer: true }} value={s.batch} onValue={(batch) => set({ batch })} />
        <NumberField rule={{ label: 'Seed', min: 0, max: 1e9, integer: true }} value={s.seed} onValue={(seed) => set({ seed })} />
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running || !fields.valid} aria-describedby={fields.describedBy}
          onClick={() => job.start((signal, progress) => worker.jobs.training.gradients({ model: 'lenet-300-100', batchSize: s.batch, seed: s.seed }, { signal, onProgress: progress }))}>
          Compute one step’s gradients
        </button>
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} failed="Computing the gradients failed" />
      {g && view && (
        <>
          <svg className="training-svg" viewBox={`0 0 ${W} ${H}`} role="img"
            aria-label={`Histogram of ${formatCount(g.values.length)} gradients times ${scale} by power of two; ${view.ranges.flushed} flush to zero in ${s.format}`}>
            {y.ticks(4).map((t) => <text key={t} x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end">{formatCount(t)}</text>)}
            {exps.map((e, i) => (
              <rect key={e} className={binClass(e)} x={x(e)} width={x.bandwidth()} y={y(view.counts[i])} height={H - M.bottom - y(view.counts[i])} />
            ))}
            {exps.filter((e) => e % 4 === 0).map((e) => <text key={e} x={(x(e) ?? 0) + x.bandwidth() / 2} y={H - M.bottom + 14} textAnchor="middle">{e}</text>)}
            <text x={(M.left + W - M.right) / 2} y={H - 8} textAnchor="middle">log₂ |gradient × loss scale|</text>
            {limits.map((l) => (
              <g key={l.text}>
                <line className="limit" x1={limitX(l.e)} x2={limitX(l.e)} y1={M.top} y2={H - M.bottom} />
                <text x={limitX(l.e) + 3} y={M.top + 10} fontSize={10}>{l.text}</text>
              </g>
            ))}
          </svg>
          <p className="training-legend" data-testid="grad-nonzero" data-value={nonZero}>Loss of the batch {g.loss.toFixed(4)}; {formatCount(view.ranges.zero)} gradients are exactly zero (weights of pixels that are blank in every image of the batch) and are left out.</p>
          <dl className="training-counts" aria-live="polite">
            <div><dt>Flush to zero</dt><dd data-testid="grad-flushed" data-value={view.ranges.flushed}>{formatCount(view.ranges.flushed)} ({formatPercent(view.ranges.flushed / nonZero)})</dd></div>
            <div><dt>Subnormal (fewer bits)</dt><dd data-testid="grad-subnormal" data-value={view.ranges.subnormal}>{formatCount(view.ranges.subnormal)} ({formatPercent(view.ranges.subnormal / nonZero)})</dd></div>
            <div><dt>Normal</dt><dd data-testid="grad-normal" data-value={view.ranges.normal}>{formatCount(view.ranges.normal)}</dd></div>
            <div><dt>Overflow</dt><dd data-testid="grad-overflow" data-value={view.ranges.overflow}>{formatCount(view.ranges.overflow)}</dd></div>
          </dl>
        </>
      )}
    </LiveWidget>
  );
}
