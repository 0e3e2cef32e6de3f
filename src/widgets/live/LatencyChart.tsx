import { area, line, scaleLog } from 'd3';
import type { LatencyRow } from '../../runtime/contract/models';
import { formatMs } from './format';

const W = 560;
const H = 260;
const M = { top: 12, right: 16, bottom: 40, left: 64 };

/** Median latency (line) and its 10th–90th percentile band against batch size, both axes logarithmic. */
export function LatencyChart({ rows, maxBatch }: { rows: readonly LatencyRow[]; maxBatch: number }) {
  const ms = rows.flatMap((r) => [r.p10Ms, r.p90Ms]).filter((v) => v > 0);
  const lo = ms.length ? Math.min(...ms) : 0.01;
  const hi = ms.length ? Math.max(...ms) : 1;
  const x = scaleLog().base(2).domain([1, Math.max(2, maxBatch)]).range([M.left, W - M.right]);
  const y = scaleLog().domain([lo / 1.5, hi * 1.5]).range([H - M.bottom, M.top]).nice();
  const pts = rows.filter((r) => r.p10Ms > 0);
  const path = line<LatencyRow>().x((r) => x(r.batchSize)).y((r) => y(r.medianMs))(pts) ?? '';
  const band = area<LatencyRow>().x((r) => x(r.batchSize)).y0((r) => y(r.p10Ms)).y1((r) => y(r.p90Ms))(pts) ?? '';
  const xTicks = x.ticks().filter((t) => Number.isInteger(Math.log2(t)));
  const yTicks = y.ticks(5);
  return (
    <svg className="live-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Latency in milliseconds against batch size, ${rows.length} batch sizes measured`}>
      {yTicks.map((t) => (
        <g key={`y${t}`}>
          <line className="grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
          <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end">{formatMs(t)}</text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text key={`x${t}`} x={x(t)} y={H - M.bottom + 16} textAnchor="middle">{t}</text>
      ))}
      <text x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle">batch size (images per forward pass)</text>
      <text transform={`translate(14 ${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">latency per batch</text>
      <path className="band" d={band} />
      <path className="line" d={path} />
      {pts.map((r) => <circle key={r.batchSize} className="dot" cx={x(r.batchSize)} cy={y(r.medianMs)} r={3} />)}
    </svg>
  );
}
