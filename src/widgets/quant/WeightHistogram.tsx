import { max as d3max, scaleLinear } from 'd3';
import { useMemo } from 'react';
import { histogramBins } from '../live/histogramBins';
import type { QuantGrid } from '../../runtime/contract/quant';

const W = 640;
const H = 220;
const M = { top: 12, right: 12, bottom: 34, left: 48 };

export interface WeightHistogramProps {
  /** The float weights of one layer. */
  values: Float32Array;
  /** The grid to draw over the histogram (levels and clipping range). */
  grid: QuantGrid;
  /** Names the layer and the scheme in the chart's accessible label. */
  label: string;
}

/** Histogram of a layer's float weights with the quantization levels and the clipping range drawn over it. */
export function WeightHistogram({ values, grid, label }: WeightHistogramProps) {
  const { bins, x, y, lo, hi, clipped } = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    let clipped = 0;
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (v < grid.clipMin || v > grid.clipMax) clipped++;
    }
    const x = scaleLinear().domain([Math.min(lo, grid.clipMin), Math.max(hi, grid.clipMax)]).nice().range([M.left, W - M.right]);
    const bins = histogramBins(values, x, 80);
    const y = scaleLinear().domain([0, d3max(bins, (b) => b.length) ?? 1]).nice().range([H - M.bottom, M.top]);
    return { bins, x, y, lo, hi, clipped };
  }, [values, grid]);

  const summary = `${values.length.toLocaleString('en-US')} weights from ${lo.toFixed(3)} to ${hi.toFixed(3)}; ` +
    `${grid.levels.length} levels between ${grid.clipMin.toFixed(3)} and ${grid.clipMax.toFixed(3)}` +
    (clipped > 0 ? `; ${clipped.toLocaleString('en-US')} weights lie outside and are clipped.` : '; no weight is clipped.');

  return (
    <figure className="quant-hist">
      <svg viewBox={`0 0 ${W} ${H}`} className="quant-hist-svg" role="img" aria-label={`Histogram of ${label}: ${summary}`}>
        {bins.map((b, i) => (
          <rect key={i} className="quant-bar" x={x(b.x0)} y={y(b.length)} width={Math.max(0, x(b.x1) - x(b.x0) - 0.5)} height={y(0) - y(b.length)} />
        ))}
        <g data-testid="quant-levels">
          {grid.levels.map((v, i) => <line key={i} className="quant-level" x1={x(v)} x2={x(v)} y1={M.top} y2={H - M.bottom} />)}
        </g>
        {[grid.clipMin, grid.clipMax].map((v, i) => (
          <line key={i} className="quant-clip" x1={x(v)} x2={x(v)} y1={M.top - 4} y2={H - M.bottom} />
        ))}
        <g className="axis">
          <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
          {x.ticks(8).map((t) => (
            <text key={t} x={x(t)} y={H - M.bottom + 14} textAnchor="middle">{t}</text>
          ))}
          <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle">weight value</text>
          {y.ticks(4).map((t) => (
            <text key={t} x={M.left - 6} y={y(t) + 4} textAnchor="end">{t}</text>
          ))}
          <text transform={`translate(12 ${(H - M.bottom + M.top) / 2}) rotate(-90)`} textAnchor="middle">count</text>
        </g>
      </svg>
      <figcaption className="muted" data-testid="quant-hist-summary">{summary}</figcaption>
    </figure>
  );
}
