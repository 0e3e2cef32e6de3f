import { extent, line, scaleLinear } from 'd3';

export interface Point { step: number; value: number }

export interface Series {
  /** Legend text, e.g. "plain student". */
  label: string;
  /** CSS class of the line (colour and dash, so the two never differ by colour alone). */
  className: string;
  points: readonly Point[];
}

const W = 560;
const H = 240;
const M = { top: 12, right: 16, bottom: 40, left: 56 };

/**
 * Lines of several series against the training step, on one chart, with a legend. `yDomain`
 * fixes the vertical range (accuracy 0…1); without it the range fits the data from 0.
 */
export function CurveChart({ series, steps, yLabel, format, yDomain, label }: {
  series: readonly Series[];
  steps: number;
  yLabel: string;
  format: (v: number) => string;
  yDomain?: [number, number];
  label: string;
}) {
  const values = series.flatMap((s) => s.points.map((p) => p.value)).filter(Number.isFinite);
  const [, hi = 1] = extent(values);
  const x = scaleLinear().domain([0, Math.max(1, steps)]).range([M.left, W - M.right]);
  const y = scaleLinear().domain(yDomain ?? [0, hi > 0 ? hi : 1]).range([H - M.bottom, M.top]).nice();
  const path = line<Point>().x((p) => x(p.step)).y((p) => y(p.value));
  return (
    <figure className="kd-chart">
      <svg className="live-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        {y.ticks(5).map((t) => (
          <g key={`y${t}`}>
            <line className="grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
            <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end">{format(t)}</text>
          </g>
        ))}
        {x.ticks(6).map((t) => <text key={`x${t}`} x={x(t)} y={H - M.bottom + 16} textAnchor="middle">{t}</text>)}
        <text x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle">training step</text>
        <text transform={`translate(14 ${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">{yLabel}</text>
        {series.map((s) => <path key={s.label} className={`kd-line ${s.className}`} d={path(s.points.filter((p) => Number.isFinite(p.value))) ?? ''} />)}
      </svg>
      <figcaption className="kd-legend">
        {series.map((s) => (
          <span key={s.label}>
            <svg width="28" height="10" aria-hidden="true"><line className={`kd-line ${s.className}`} x1="0" x2="28" y1="5" y2="5" /></svg>
            {' '}{s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
