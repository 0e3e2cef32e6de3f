import { scaleLinear, scaleLog } from 'd3';
import { useMemo } from 'react';

export interface SpectrumChartProps {
  /** Singular values, descending. */
  s: readonly number[];
  /** Values from index `rank` on are drawn as dropped. */
  rank: number;
  label: string;
  /** The rank's letter on the chart (default k). */
  symbol?: string;
}

const W = 640;
const H = 240;
const M = { top: 12, right: 16, bottom: 36, left: 56 };

/** Singular values on a log scale, those kept by rank k filled and the dropped ones hollow. */
export function SpectrumChart({ s, rank, label, symbol = 'k' }: SpectrumChartProps) {
  const { x, y } = useMemo(() => {
    const positive = s.filter((v) => v > 0);
    const low = Math.min(...positive);
    const high = Math.max(...positive);
    return {
      x: scaleLinear().domain([1, Math.max(2, s.length)]).range([M.left, W - M.right]),
      y: scaleLog().domain([low, high]).nice().range([H - M.bottom, M.top]),
    };
  }, [s]);
  const decades = y.ticks().filter((t) => Number.isInteger(Math.round(Math.log10(t) * 1e9) / 1e9));
  const ticks = decades.length >= 2 ? decades : y.ticks(3);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="lowrank-chart" role="img" data-testid="spectrum-chart"
      aria-label={`${label}: ${s.length} singular values from ${s[0]?.toPrecision(3)} down to ${s[s.length - 1]?.toPrecision(3)}, the first ${rank} kept`}>
      {ticks.map((t) => <line key={t} className="grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />)}
      <g className="axis">
        <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
        {x.ticks(8).map((t) => <text key={t} x={x(t)} y={H - M.bottom + 14} textAnchor="middle">{t}</text>)}
        <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle">index i of the singular value (1 = largest)</text>
        {ticks.map((t) => <text key={t} x={M.left - 6} y={y(t) + 4} textAnchor="end">{String(Number(t.toPrecision(1)))}</text>)}
        <text transform={`translate(12 ${(H - M.bottom + M.top) / 2}) rotate(-90)`} textAnchor="middle">sᵢ (log scale)</text>
      </g>
      {s.map((v, i) => v > 0 && (
        <circle key={i} className={i < rank ? 'kept' : 'dropped'} cx={x(i + 1)} cy={y(v)} r={s.length > 400 ? 1.4 : 2.2} />
      ))}
      <line className="rank-line" x1={x(rank + 0.5)} x2={x(rank + 0.5)} y1={M.top} y2={H - M.bottom} />
      <text className="rank-label" x={x(rank + 0.5) + 4} y={M.top + 10}>{symbol} = {rank}</text>
    </svg>
  );
}
