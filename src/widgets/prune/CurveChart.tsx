import { line, scaleLinear } from 'd3';
import { useId, useMemo } from 'react';

export interface Curve {
  /** Legend text, e.g. "dense1". */
  name: string;
  points: { x: number; y: number }[];
}

export interface CurveChartProps {
  curves: Curve[];
  xDomain: [number, number];
  yDomain: [number, number];
  xLabel: string;
  yLabel: string;
  formatX(x: number): string;
  formatY(y: number): string;
  /** The chart's accessible name; a summary of the curves' last points is appended. */
  label: string;
  testId?: string;
}

const W = 640;
const H = 260;
const M = { top: 12, right: 16, bottom: 36, left: 56 };

/** Line chart with one coloured curve (and dots) per series and a legend; D3 scales, React SVG. */
export function CurveChart({ curves, xDomain, yDomain, xLabel, yLabel, formatX, formatY, label, testId }: CurveChartProps) {
  // Curves are cut at the plot's edges, so a zoomed axis can leave points outside it.
  const clip = useId();
  const { x, y, path } = useMemo(() => {
    const x = scaleLinear().domain(xDomain).range([M.left, W - M.right]);
    const y = scaleLinear().domain(yDomain).nice().range([H - M.bottom, M.top]);
    const path = line<{ x: number; y: number }>().x((p) => x(p.x)).y((p) => y(p.y));
    return { x, y, path };
  }, [xDomain, yDomain]);
  const summary = curves.filter((c) => c.points.length > 0).map((c) => {
    const last = c.points[c.points.length - 1];
    return `${c.name}: ${formatY(last.y)} at ${formatX(last.x)}`;
  }).join('; ');
  return (
    <figure className="prune-figure">
      <svg viewBox={`0 0 ${W} ${H}`} className="prune-chart" role="img" aria-label={`${label}${summary ? `. ${summary}` : ''}`} data-testid={testId}>
        {y.ticks(5).map((t) => <line key={t} className="grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />)}
        <g className="axis">
          <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
          {x.ticks(8).map((t) => <text key={t} x={x(t)} y={H - M.bottom + 14} textAnchor="middle">{formatX(t)}</text>)}
          <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle">{xLabel}</text>
          {y.ticks(5).map((t) => <text key={t} className="tick-y" x={M.left - 6} y={y(t) + 4} textAnchor="end">{formatY(t)}</text>)}
          <text transform={`translate(12 ${(H - M.bottom + M.top) / 2}) rotate(-90)`} textAnchor="middle">{yLabel}</text>
        </g>
        <clipPath id={clip}><rect x={M.left} y={M.top - 3} width={W - M.left - M.right + 3} height={H - M.top - M.bottom + 6} /></clipPath>
        {curves.map((c, i) => (
          <g key={c.name} className={`prune-c${i % 5}`} data-curve={c.name} clipPath={`url(#${clip})`}>
            <path className="prune-curve" d={path(c.points) ?? ''} />
            {c.points.map((p, j) => <circle key={j} className="prune-dot" cx={x(p.x)} cy={y(p.y)} r={2.5} />)}
          </g>
        ))}
      </svg>
      <ul className="prune-legend" aria-hidden="true">
        {curves.map((c, i) => <li key={c.name} className={`prune-c${i % 5}`}><span className="prune-swatch" />{c.name}</li>)}
      </ul>
    </figure>
  );
}
