import { area, line, scaleLog } from 'd3';
import type { LatencyRow } from '../../runtime/contract/models';
import { labelledTicks } from '../chartLabels';
import { formatMs } from './format';

const W = 560;
const H = 260;
const M = { top: 12, right: 16, bottom: 40, left: 64 };
/** Room between labels, in the chart's own units: a line of 11 px text with a little air, and the widest batch label. */
const Y_LABEL_GAP = 16;
const X_LABEL_GAP = 30;

/** A second series drawn for comparison, e.g. the roofline's prediction for each batch size. */
export interface ReferenceSeries {
  label: string;
  points: readonly { batchSize: number; ms: number }[];
}

/**
 * Median latency (line) and its 10th–90th percentile band against batch size, both axes
 * logarithmic, with an optional reference series (dashed, hollow markers). Grid lines at every
 * tick; labels only where they fit without touching.
 */
export function LatencyChart({ rows, maxBatch, reference, measuredLabel = 'measured median (10th–90th percentile band)' }: {
  rows: readonly LatencyRow[];
  maxBatch: number;
  reference?: ReferenceSeries;
  measuredLabel?: string;
}) {
  const pts = rows.filter((r) => r.p10Ms > 0);
  const refPts = (reference?.points ?? []).filter((p) => p.ms > 0 && p.batchSize <= maxBatch);
  const ms = [...pts.flatMap((r) => [r.p10Ms, r.p90Ms]), ...refPts.map((p) => p.ms)];
  const lo = ms.length ? Math.min(...ms) : 0.01;
  const hi = ms.length ? Math.max(...ms) : 1;
  const x = scaleLog().base(2).domain([1, Math.max(2, maxBatch)]).range([M.left, W - M.right]);
  const y = scaleLog().domain([lo / 1.5, hi * 1.5]).range([H - M.bottom, M.top]).nice();
  const path = line<LatencyRow>().x((r) => x(r.batchSize)).y((r) => y(r.medianMs))(pts) ?? '';
  const band = area<LatencyRow>().x((r) => x(r.batchSize)).y0((r) => y(r.p10Ms)).y1((r) => y(r.p90Ms))(pts) ?? '';
  const refPath = line<{ batchSize: number; ms: number }>().x((p) => x(p.batchSize)).y((p) => y(p.ms))(refPts) ?? '';
  const xTicks = labelledTicks(x.ticks().filter((t) => Number.isInteger(Math.log2(t))), x, X_LABEL_GAP);
  const yGrid = y.ticks();
  const yLabels = labelledTicks(yGrid, y, Y_LABEL_GAP);
  const legendY = M.top + 4;
  return (
    <svg className="live-chart" viewBox={`0 0 ${W} ${H}`} role="img"
      aria-label={`Latency in milliseconds against batch size, ${rows.length} batch sizes measured${reference ? `, with ${reference.label} for ${refPts.length}` : ''}`}>
      {yGrid.map((t) => <line key={`g${t}`} className="grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />)}
      {yLabels.map((t) => (
        <text key={`y${t}`} data-axis="y" x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end">{formatMs(t)}</text>
      ))}
      {xTicks.map((t) => (
        <text key={`x${t}`} data-axis="x" x={x(t)} y={H - M.bottom + 16} textAnchor="middle">{t}</text>
      ))}
      <text x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle">batch size (images per forward pass)</text>
      <text transform={`translate(14 ${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">latency per batch</text>
      <path className="band" d={band} />
      <path className="line" d={path} />
      {pts.map((r) => <circle key={r.batchSize} className="dot" cx={x(r.batchSize)} cy={y(r.medianMs)} r={3} />)}
      {reference && (
        <g data-series="reference">
          <path className="reference" d={refPath} />
          {refPts.map((p) => <circle key={p.batchSize} className="reference-dot" cx={x(p.batchSize)} cy={y(p.ms)} r={3.5} />)}
          <line className="line" x1={M.left + 10} x2={M.left + 34} y1={legendY} y2={legendY} />
          <text x={M.left + 40} y={legendY} dy="0.32em">{measuredLabel}</text>
          <line className="reference" x1={M.left + 10} x2={M.left + 34} y1={legendY + 16} y2={legendY + 16} />
          <text x={M.left + 40} y={legendY + 16} dy="0.32em">{reference.label}</text>
        </g>
      )}
    </svg>
  );
}
