import { max as d3max, scaleLinear } from 'd3';
import { useMemo } from 'react';
import { errorProfile } from '../../engine';
import { histogramBins } from '../live/histogramBins';
import type { QuantGrid } from '../../runtime/contract/quant';

const W = 640;
const H = 350;
const M = { top: 12, right: 12, left: 56 };
/** Bottom of the histogram and the top and bottom of the error panel below it (viewBox units). */
const HIST_BOTTOM = 176;
const ERR_TOP = 206;
const ERR_BOTTOM = 306;
/** Equal bins of the error panel: fine enough to show the saw-tooth of rounding at a few bits. */
const ERROR_BINS = 200;

export interface WeightHistogramProps {
  /** The float weights of one layer. */
  values: Float32Array;
  /** The same weights after quantization (the values the integers stand for), index by index. */
  quantized: Float32Array;
  /** The grid to draw over the histogram (levels and clipping range). */
  grid: QuantGrid;
  /** Names the layer and the scheme in the chart's accessible label. */
  label: string;
}

/** "0.00312", "−0.0451": four significant digits with a real minus sign. */
const show = (v: number) => v.toPrecision(3).replace('-', '−');

/**
 * Histogram of a layer's float weights with the quantization levels and the clipping range drawn
 * over it, and below it, on the same weight axis, the rounding error ŵ − w of the weights in each
 * narrow bin (the band spans the smallest to the largest error there).
 */
export function WeightHistogram({ values, quantized, grid, label }: WeightHistogramProps) {
  const chart = useMemo(() => {
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
    const y = scaleLinear().domain([0, d3max(bins, (b) => b.length) ?? 1]).nice().range([HIST_BOTTOM, M.top]);
    const [d0, d1] = x.domain();
    const edges = Array.from({ length: ERROR_BINS + 1 }, (_, i) => d0 + ((d1 - d0) * i) / ERROR_BINS);
    const error = errorProfile(values, quantized, edges);
    const e = scaleLinear().domain([-error.maxAbs || -1, error.maxAbs || 1]).nice(4).range([ERR_BOTTOM, ERR_TOP]);
    return { bins, x, y, e, edges, error, lo, hi, clipped };
  }, [values, quantized, grid]);
  const { bins, x, y, e, edges, error, lo, hi, clipped } = chart;
  const step = grid.levels.length > 1 ? grid.levels[1] - grid.levels[0] : 0;

  const summary = `${values.length.toLocaleString('en-US')} weights from ${lo.toFixed(3)} to ${hi.toFixed(3)}; ` +
    `${grid.levels.length} levels between ${grid.clipMin.toFixed(3)} and ${grid.clipMax.toFixed(3)}` +
    (clipped > 0 ? `; ${clipped.toLocaleString('en-US')} weights lie outside and are clipped.` : '; no weight is clipped.');
  const errorSummary = `Rounding error ŵ − w: RMS ${show(error.totalRms)}, largest ${show(error.maxAbs)}` +
    (step > 0 ? ` (half a step of the drawn grid: ${show(step / 2)}).` : '.');

  return (
    <figure className="quant-hist">
      <svg viewBox={`0 0 ${W} ${H}`} className="quant-hist-svg" role="img" aria-label={`Histogram of ${label}: ${summary} ${errorSummary}`}>
        {bins.map((b, i) => (
          <rect key={i} className="quant-bar" x={x(b.x0)} y={y(b.length)} width={Math.max(0, x(b.x1) - x(b.x0) - 0.5)} height={y(0) - y(b.length)} />
        ))}
        <g data-testid="quant-levels">
          {grid.levels.map((v, i) => <line key={i} className="quant-level" x1={x(v)} x2={x(v)} y1={M.top} y2={HIST_BOTTOM} />)}
        </g>
        {[grid.clipMin, grid.clipMax].map((v, i) => (
          <line key={i} className="quant-clip" x1={x(v)} x2={x(v)} y1={M.top - 4} y2={ERR_BOTTOM} />
        ))}
        <g data-testid="quant-error-bands">
          {Array.from(error.count, (n, i) => n > 0 && (
            <rect key={i} className="quant-error" x={x(edges[i])} width={Math.max(0.8, x(edges[i + 1]) - x(edges[i]))}
              y={e(error.max[i]) - 0.5} height={Math.max(1, e(error.min[i]) - e(error.max[i]) + 1)} />
          ))}
        </g>
        <g className="axis">
          <line x1={M.left} x2={W - M.right} y1={HIST_BOTTOM} y2={HIST_BOTTOM} />
          <line x1={M.left} x2={W - M.right} y1={e(0)} y2={e(0)} />
          {x.ticks(8).map((t) => (
            <text key={t} x={x(t)} y={ERR_BOTTOM + 16} textAnchor="middle">{t}</text>
          ))}
          <text x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle">weight value w</text>
          {y.ticks(4).map((t) => (
            <text key={t} x={M.left - 6} y={y(t) + 4} textAnchor="end">{t}</text>
          ))}
          <text transform={`translate(12 ${(HIST_BOTTOM + M.top) / 2}) rotate(-90)`} textAnchor="middle">count</text>
          {e.ticks(3).map((t) => (
            <text key={t} x={M.left - 6} y={e(t) + 4} textAnchor="end">{t}</text>
          ))}
          <text transform={`translate(12 ${(ERR_BOTTOM + ERR_TOP) / 2}) rotate(-90)`} textAnchor="middle">error ŵ − w</text>
        </g>
      </svg>
      <figcaption className="muted">
        <span data-testid="quant-hist-summary">{summary}</span>{' '}
        <span data-testid="quant-error-summary" data-rms={error.totalRms} data-max={error.maxAbs} data-half-step={step / 2}>{errorSummary}</span>{' '}
        Below the histogram, each narrow band spans the smallest to the largest error of the weights at that value:
        inside the dashed clipping lines it stays within half a step of the grid, outside them it grows with the distance.
      </figcaption>
    </figure>
  );
}
