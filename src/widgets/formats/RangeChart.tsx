import { scaleLog } from 'd3';
import { useId, useMemo } from 'react';
import { FORMAT_NAMES, getFormat, isFloatFormat, ulp, type FormatName } from '../../engine';
import { param, useUrlState } from '../urlState';
import { FORMAT_LABEL, formatQuantity } from './display';
import { FormatSelect } from './FormatSelect';
import { useWidth } from './useWidth';
import './formats.css';

const FLOATS = FORMAT_NAMES.filter((name) => isFloatFormat(getFormat(name)));
const floatFormat = (name: FormatName) => {
  const f = getFormat(name);
  if (!isFloatFormat(f)) throw new Error(`not a float format: ${name}`);
  return f;
};
const FP64 = floatFormat('fp64');
/** The default view spans every float format except fp64, whose range dwarfs the others. */
const NARROW: [number, number] = [1e-46, 1e39];
const FULL: [number, number] = [FP64.minSubnormal, FP64.maxFinite];

const LABEL_W = 78;
const RIGHT = 16;
const ROW_H = 26;
const GAP_H = 170;
const AXIS_H = 26;

/** Powers of ten to label along the axis, spaced so the labels do not collide. */
function decadeTicks(domain: [number, number], plotWidth: number): number[] {
  const lo = Math.ceil(Math.log10(domain[0]));
  const hi = Math.floor(Math.log10(domain[1]));
  const fit = Math.max(2, Math.floor(plotWidth / 52));
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200].find((s) => (hi - lo) / s <= fit) ?? 200;
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step) * step; k <= hi; k += step) ticks.push(k);
  return ticks;
}

function Power({ k, x, y, anchor = 'middle' }: { k: number; x: number; y: number; anchor?: 'start' | 'middle' | 'end' }) {
  return (
    <text x={x} y={y} textAnchor={anchor}>
      10<tspan dy="-0.45em" fontSize="75%">{k < 0 ? `−${-k}` : k}</tspan>
    </text>
  );
}

/**
 * For each float format, where its subnormals begin, its normal range and where it overflows,
 * on one logarithmic axis; below, the gap between neighbouring values relative to the value.
 */
export function RangeChart({ urlKey = 'rc' }: { urlKey?: string }) {
  const schema = useMemo(() => ({ fmt: param.oneOf(FLOATS, 'fp16'), full: param.boolean(false) }), []);
  const [state, update] = useUrlState(urlKey, schema);
  const [box, width] = useWidth<HTMLDivElement>(640);
  const ids = { heading: useId(), title: useId(), desc: useId(), full: useId() };
  const domain = state.full ? FULL : NARROW;
  const x = scaleLog().domain(domain).range([LABEL_W, width - RIGHT]).clamp(true);
  const ticks = decadeTicks(domain, width - LABEL_W - RIGHT);
  const barsH = FLOATS.length * ROW_H;
  const gapTop = barsH + AXIS_H + 34;
  const y = scaleLog().domain([1e-17, 1]).range([gapTop + GAP_H, gapTop]);
  const height = gapTop + GAP_H + AXIS_H + 14;

  const gapLines = useMemo(() => FLOATS.map((name) => ({ name, points: relativeGaps(name, domain) })), [domain]);
  const selected = floatFormat(state.fmt);

  return (
    <section className="widget range-chart" aria-labelledby={ids.heading}>
      <h3 id={ids.heading}>Range and precision</h3>
      <div className="controls">
        <FormatSelect label="Highlight" value={state.fmt} options={FLOATS} onChange={(fmt) => update({ fmt })} />
        <label htmlFor={ids.full} className="checkbox">
          <span><input id={ids.full} type="checkbox" checked={state.full} onChange={(e) => update({ full: e.target.checked })} /> Show all of fp64’s range</span>
        </label>
      </div>
      <ul className="range-legend">
        <li><span className="swatch bar-subnormal" />subnormal</li>
        <li><span className="swatch bar-normal" />normal</li>
        <li><span className="swatch overflow" />largest finite value (beyond it: ∞, or saturation in E4M3)</li>
      </ul>
      <div ref={box}>
        <svg width={width} height={height} role="img" aria-labelledby={`${ids.title} ${ids.desc}`}>
          <title id={ids.title}>Range and relative precision of seven floating-point formats on a logarithmic axis</title>
          <desc id={ids.desc}>
            {`Bars show each format's subnormal and normal range; the lower chart shows the gap between neighbouring values relative to the value. The highlighted format, ${FORMAT_LABEL[state.fmt]}, has subnormals from ${formatQuantity(selected.minSubnormal)}, normals from ${formatQuantity(selected.minNormal)} to ${formatQuantity(selected.maxFinite)} and a relative gap of ${formatQuantity(selected.epsilon)} across its normal range. The table after the chart lists every format.`}
          </desc>
          <g className="grid">
            {ticks.map((k) => <line key={k} x1={x(10 ** k)} x2={x(10 ** k)} y1={0} y2={height - AXIS_H} />)}
          </g>
          {FLOATS.map((name, i) => (
            <RangeRow key={name} name={name} top={i * ROW_H} x={x} selected={name === state.fmt} />
          ))}
          <g className="axis" transform={`translate(0, ${barsH + 4})`}>
            {ticks.map((k) => <Power key={k} k={k} x={x(10 ** k)} y={16} />)}
          </g>
          <text x={0} y={gapTop - 14}>Relative gap to the next value, at each power of two</text>
          <g className="axis">
            {[1e-16, 1e-12, 1e-8, 1e-4, 1].map((v) => (
              <g key={v}>
                <line x1={LABEL_W} x2={width - RIGHT} y1={y(v)} y2={y(v)} />
                <Power k={Math.round(Math.log10(v))} x={LABEL_W - 6} y={y(v) + 4} anchor="end" />
              </g>
            ))}
            {ticks.map((k) => <Power key={k} k={k} x={x(10 ** k)} y={gapTop + GAP_H + 18} />)}
            <text className="axis-title" x={width - RIGHT} y={gapTop + GAP_H + 36} textAnchor="end">size of the number (logarithmic)</text>
          </g>
          {gapLines.map(({ name, points }) => (
            <path key={name} className={name === state.fmt ? 'gap-line selected' : 'gap-line'}
              d={points.map(([v, g], j) => `${j ? 'L' : 'M'}${x(v).toFixed(1)},${y(g).toFixed(1)}`).join('')} />
          ))}
          <GapLabel points={gapLines.find((l) => l.name === state.fmt)!.points} name={state.fmt} x={x} y={y} />
        </svg>
      </div>
      <RangeTable />
    </section>
  );
}

type Scale = ReturnType<typeof scaleLog<number, number>>;

function RangeRow({ name, top, x, selected }: { name: FormatName; top: number; x: Scale; selected: boolean }) {
  const f = floatFormat(name);
  const mid = top + ROW_H / 2;
  return (
    <g>
      <text x={0} y={mid + 4} fontWeight={selected ? 700 : 400}>{FORMAT_LABEL[name]}</text>
      <rect className="bar-subnormal" x={x(f.minSubnormal)} y={mid - 6} width={Math.max(1, x(f.minNormal) - x(f.minSubnormal))} height={12} />
      <rect className="bar-normal" x={x(f.minNormal)} y={mid - 6} width={Math.max(1, x(f.maxFinite) - x(f.minNormal))} height={12} />
      {f.maxFinite <= x.domain()[1]
        ? <rect className="overflow" x={x(f.maxFinite) - 1.5} y={mid - 10} width={3} height={20} />
        : <path className="bar-normal" d={`M${x.range()[1]},${mid - 9}l9,9l-9,9z`} />}
      {f.minSubnormal < x.domain()[0] && <path className="bar-subnormal" d={`M${x.range()[0]},${mid - 9}l-9,9l9,9z`} />}
      {selected && <rect x={LABEL_W - 4} y={top + 1} width={x.range()[1] - LABEL_W + 8} height={ROW_H - 2} fill="none" stroke="var(--accent)" rx={4} />}
    </g>
  );
}

function GapLabel({ points, name, x, y }: { points: [number, number][]; name: FormatName; x: Scale; y: Scale }) {
  const last = points[points.length - 1];
  if (!last) return null;
  const px = x(last[0]);
  return <text x={Math.min(px, x.range()[1] - 60)} y={y(last[1]) - 6} fontWeight={700}>{FORMAT_LABEL[name]}</text>;
}

/** ulp(x)/x at every power of two x the format can store inside the domain: epsilon for normals, growing towards 1 among subnormals. */
function relativeGaps(name: FormatName, domain: [number, number]): [number, number][] {
  const f = floatFormat(name);
  const lo = Math.max(f.minSubnormal, domain[0]);
  const hi = Math.min(f.maxFinite, domain[1]);
  const points: [number, number][] = [];
  for (let k = Math.ceil(Math.log2(lo)); 2 ** k <= hi; k++) points.push([2 ** k, ulp(name, 2 ** k) / 2 ** k]);
  return points;
}

/** A power of two as 2^k and its decimal value. */
function formatPower(v: number) {
  const k = Math.log2(v);
  return <><span className="nowrap">2<sup>{k < 0 ? `−${-k}` : k}</sup></span> <span className="nowrap">≈ {formatQuantity(v)}</span></>;
}

/** The chart's numbers, for reading exactly and for screen readers. */
function RangeTable() {
  return (
    // Focusable because narrow screens scroll it sideways.
    <table className="range-table" tabIndex={0}>
      <caption className="muted">The numbers behind the chart</caption>
      <thead>
        <tr><th scope="col">Format</th><th scope="col">Smallest subnormal</th><th scope="col">Smallest normal</th><th scope="col">Largest finite</th><th scope="col">Relative gap (ε)</th></tr>
      </thead>
      <tbody>
        {FLOATS.map((name) => {
          const f = floatFormat(name);
          return (
            <tr key={name}>
              <th scope="row">{FORMAT_LABEL[name]}</th>
              <td className="num">{formatPower(f.minSubnormal)}</td>
              <td className="num">{formatPower(f.minNormal)}</td>
              <td className="num">{formatQuantity(f.maxFinite)}</td>
              <td className="num">{formatPower(f.epsilon)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
