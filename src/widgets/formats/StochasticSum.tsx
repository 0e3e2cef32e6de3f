import { max, min, range, scaleLinear } from 'd3';
import { useId, useMemo } from 'react';
import { compareRepeatedSums, FORMAT_NAMES, getFormat, isFloatFormat } from '../../engine';
import { NumberField, type FieldRule } from '../input';
import { param, useUrlState } from '../urlState';
import { FORMAT_LABEL, formatQuantity } from './display';
import { FormatSelect } from './FormatSelect';
import { useWidth } from './useWidth';
import './formats.css';

/** Every float but fp64, whose sums the experiment is measured against. */
const FLOATS = FORMAT_NAMES.filter((name) => name !== 'fp64' && isFloatFormat(getFormat(name)));

const RULES = {
  start: { label: 'Start', min: -1000, max: 1000 },
  inc: { label: 'Increment', min: -1000, max: 1000 },
  steps: { label: 'Additions', min: 1, max: 10000, integer: true },
  runs: { label: 'Stochastic runs', min: 1, max: 32, integer: true },
  seed: { label: 'Seed', min: 0, max: 1e9, integer: true },
} satisfies Record<string, FieldRule>;

/** The widget's defaults, which the lesson text quotes (it computes them with the same engine call). */
export const STOCHASTIC_SUM_DEFAULTS = { fmt: 'bf16', start: 1, inc: 0.001, steps: 1000, runs: 8, seed: 1 } as const;

const D = STOCHASTIC_SUM_DEFAULTS;
const schema = {
  fmt: param.oneOf(FLOATS, D.fmt),
  start: param.number(D.start, RULES.start.min, RULES.start.max),
  inc: param.number(D.inc, RULES.inc.min, RULES.inc.max),
  steps: param.integer(D.steps, RULES.steps.min, RULES.steps.max),
  runs: param.integer(D.runs, RULES.runs.min, RULES.runs.max),
  seed: param.integer(D.seed, RULES.seed.min, RULES.seed.max),
};

const H = 240;
const M = { top: 12, right: 24, bottom: 34, left: 58 };
/** At most this many points per drawn line (every n-th step); the table reads the exact last values. */
const MAX_POINTS = 400;

/**
 * Adds a small increment to a number held in a low-precision float, many times over, rounding after
 * every addition: to nearest (which can stall for ever) and stochastically (several seeded runs and
 * their mean), beside the exact sum. URL keys sr.fmt, sr.start, sr.inc, sr.steps, sr.runs, sr.seed.
 */
export function StochasticSum({ urlKey = 'sr' }: { urlKey?: string }) {
  const [s, set] = useUrlState(urlKey, schema);
  const [box, width] = useWidth<HTMLDivElement>(640);
  const ids = { title: useId(), chartTitle: useId(), chartDesc: useId() };
  const sums = useMemo(() => compareRepeatedSums(s.fmt, s.start, s.inc, s.steps, s.seed, s.runs), [s.fmt, s.start, s.inc, s.steps, s.seed, s.runs]);
  const last = s.steps;
  const finals = sums.stochastic.map((run) => run[last]);
  const lines = [sums.exact, sums.nearest, ...sums.stochastic];
  const lo = min(lines, (line) => min(line)) ?? 0;
  const hi = max(lines, (line) => max(line)) ?? 1;
  const x = scaleLinear().domain([0, last]).range([M.left, width - M.right]);
  const y = scaleLinear().domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi]).nice().range([H - M.bottom, M.top]);
  const stride = Math.max(1, Math.ceil(last / MAX_POINTS));
  const drawn = [...range(0, last, stride), last];
  const path = (values: Float64Array) => drawn.map((k, i) => `${i ? 'L' : 'M'}${x(k).toFixed(1)},${y(values[k]).toFixed(1)}`).join('');
  const label = FORMAT_LABEL[s.fmt];

  return (
    <section className="widget stochastic-sum" aria-labelledby={ids.title}>
      <h3 id={ids.title}>Many small additions</h3>
      <div className="controls">
        <FormatSelect value={s.fmt} options={FLOATS} onChange={(fmt) => set({ fmt: fmt as typeof s.fmt })} />
        <NumberField rule={RULES.start} value={s.start} onValue={(start) => set({ start })} />
        <NumberField rule={RULES.inc} value={s.inc} onValue={(inc) => set({ inc })} />
        <NumberField rule={RULES.steps} value={s.steps} onValue={(steps) => set({ steps })} />
        <NumberField rule={RULES.runs} value={s.runs} onValue={(runs) => set({ runs })} size={3} />
        <NumberField rule={RULES.seed} value={s.seed} onValue={(seed) => set({ seed })} />
      </div>
      <ul className="range-legend">
        <li><span className="swatch sr-exact" />exact sum (fp64)</li>
        <li><span className="swatch sr-nearest" />{label}, round to nearest</li>
        <li><span className="swatch sr-mean" />{label}, stochastic rounding: mean of {s.runs} runs (thin lines: each run)</li>
      </ul>
      <div ref={box}>
        <svg width={width} height={H} role="img" aria-labelledby={`${ids.chartTitle} ${ids.chartDesc}`}>
          <title id={ids.chartTitle}>{`The running sum after each of ${s.steps} additions, exact and in ${label}`}</title>
          <desc id={ids.chartDesc}>The table below the chart gives the sums after the last addition.</desc>
          <g className="axis">
            {y.ticks(5).map((v) => (
              <g key={v}>
                <line x1={M.left} x2={width - M.right} y1={y(v)} y2={y(v)} />
                <text x={M.left - 6} y={y(v) + 4} textAnchor="end">{formatQuantity(v)}</text>
              </g>
            ))}
            {x.ticks(width < 500 ? 3 : 6).map((k) => <text key={k} x={x(k)} y={H - M.bottom + 16} textAnchor="middle">{formatQuantity(k)}</text>)}
            <text className="axis-title" x={width - M.right} y={H - 4} textAnchor="end">additions</text>
          </g>
          {sums.stochastic.map((run, r) => <path key={r} className="sr-run" d={path(run)} />)}
          <path className="sr-exact" d={path(sums.exact)} />
          <path className="sr-mean" d={path(sums.stochasticMean)} />
          <path className="sr-nearest" d={path(sums.nearest)} />
        </svg>
      </div>
      <table className="side-table sr-table">
        <caption className="muted">After {s.steps} additions of {formatQuantity(s.inc)} to {formatQuantity(s.start)}</caption>
        <thead><tr><th scope="col">Sum</th><th scope="col">Value</th><th scope="col">Off the exact sum by</th></tr></thead>
        <tbody>
          <tr data-row="exact"><th scope="row" data-label="Sum">exact (fp64)</th><td data-label="Value" className="num">{formatQuantity(sums.exact[last])}</td><td data-label="Off by" className="num">—</td></tr>
          <tr data-row="nearest"><th scope="row" data-label="Sum">{label}, round to nearest</th><td data-label="Value" className="num">{formatQuantity(sums.nearest[last])}</td><td data-label="Off by" className="num">{formatQuantity(sums.nearest[last] - sums.exact[last])}</td></tr>
          <tr data-row="mean"><th scope="row" data-label="Sum">{label}, stochastic, mean of {s.runs}</th><td data-label="Value" className="num">{formatQuantity(sums.stochasticMean[last])}</td><td data-label="Off by" className="num">{formatQuantity(sums.stochasticMean[last] - sums.exact[last])}</td></tr>
          <tr data-row="runs"><th scope="row" data-label="Sum">{label}, stochastic, each run</th><td data-label="Value" className="num">{formatQuantity(Math.min(...finals))} to {formatQuantity(Math.max(...finals))}</td><td data-label="Off by" className="num">—</td></tr>
        </tbody>
      </table>
    </section>
  );
}
