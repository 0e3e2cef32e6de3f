import { scaleBand, scaleLinear, scaleLog } from 'd3';

const W = 480;
const H = 220;
const M = { top: 12, right: 12, bottom: 36, left: 56 };
const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
function superscript(n: number): string {
  return (n < 0 ? '⁻' : '') + String(Math.abs(n)).replace(/\d/g, (c) => SUPERSCRIPTS[c.charCodeAt(0) - 48]);
}

/** The log axis starts here; a smaller probability has no bar, and says so on its column instead. */
export const LOG_FLOOR = 1e-8;
const FLOOR_TEXT = `below 10${superscript(Math.log10(LOG_FLOOR))}`;

/**
 * Ten bars, one per digit class, of probabilities (which sum to 1), on a linear or a logarithmic
 * axis. `highlight` marks the true class.
 */
export function ProbabilityBars({ probabilities, scale, highlight, label }: {
  probabilities: ArrayLike<number>;
  scale: 'linear' | 'log';
  highlight?: number;
  label: string;
}) {
  const digits = Array.from({ length: 10 }, (_, d) => d);
  const x = scaleBand<number>().domain(digits).range([M.left, W - M.right]).padding(0.2);
  const y = scale === 'log'
    ? scaleLog().domain([LOG_FLOOR, 1]).range([H - M.bottom, M.top]).clamp(true)
    : scaleLinear().domain([0, 1]).range([H - M.bottom, M.top]);
  const ticks = scale === 'log' ? [1e-8, 1e-6, 1e-4, 1e-2, 1] : [0, 0.25, 0.5, 0.75, 1];
  const base = H - M.bottom;
  return (
    <svg className="live-chart kd-bars" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      {ticks.map((t) => (
        <g key={t}>
          <line className="grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
          <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end">{scale === 'log' ? `10${superscript(Math.round(Math.log10(t)))}` : t}</text>
        </g>
      ))}
      {digits.map((d) => {
        const p = probabilities[d];
        const top = y(Math.max(p, scale === 'log' ? LOG_FLOOR : 0));
        const belowFloor = scale === 'log' && p < LOG_FLOOR;
        const middle = (x(d) ?? 0) + x.bandwidth() / 2;
        return (
          <g key={d} data-digit={d} data-value={p}>
            <rect className={d === highlight ? 'kd-bar kd-bar-true' : 'kd-bar'} x={x(d)} width={x.bandwidth()} y={top} height={Math.max(0, base - top)} />
            {belowFloor && (
              // Written up the empty column, so a class under the axis is not mistaken for a missing bar.
              <g className="kd-below-floor" data-testid="below-floor">
                <line x1={x(d)} x2={(x(d) ?? 0) + x.bandwidth()} y1={base - 1} y2={base - 1} />
                <text transform={`translate(${middle} ${base - 6}) rotate(-90)`} dy="0.32em">{FLOOR_TEXT}</text>
              </g>
            )}
            <text x={middle} y={base + 14} textAnchor="middle">{d}</text>
          </g>
        );
      })}
      <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle">digit class</text>
      <text transform={`translate(12 ${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">probability</text>
    </svg>
  );
}
