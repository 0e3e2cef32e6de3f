import { scaleLog } from 'd3';
import { useId, useMemo } from 'react';
import { DEVICES, layersRooflineTime, modelCost, PRECISION_BYTES, roofline, sparse24WeightBytes, type Device, type DeviceName, type DevicePrecision } from '../../engine';
import { ZOO, ZOO_IDS, type ZooId } from '../../runtime/contract/zoo';
import { placePointLabels } from '../chartLabels';
import { NumberField } from '../input';
import { param, useUrlState } from '../urlState';
import { useZooArchitecture } from './architecture';
import { formatCount, formatIntensity, formatSI, formatTime } from './format';
import { BROWSER_GUESS, LIMIT_RULES, override } from './limits';
import { asGiga, MeasureLimits } from './MeasureLimits';
import './cost.css';

/** A device of the engine's table, or this browser (measured or typed). */
export type RooflineDevice = DeviceName | 'browser';
const LESSON1_DEVICES: readonly RooflineDevice[] = ['a100-fp16', 'a100-fp32', 'phone', 'browser'];
const PRECISIONS: readonly DevicePrecision[] = ['fp32', 'fp16', 'int8'];
export const MAX_BATCH = 1024;
const BATCH_RULE = { label: 'Batch size', min: 1, max: MAX_BATCH, integer: true };

function deviceLimits(device: RooflineDevice): Device {
  if (device === 'browser') return { ...BROWSER_GUESS, precision: 'fp32', label: 'This browser', source: 'press “Measure this browser”, or type your own figures' };
  return DEVICES[device];
}

const WIDTH = 640;
const HEIGHT = 380;
const M = { top: 16, right: 20, bottom: 48, left: 72 };
const X_DOMAIN: [number, number] = [0.01, 10_000];
const POINT_RADIUS = 6;

export interface RooflineProps {
  /** URL prefix of the widget's state (two rooflines on one page need two). Default "roof". */
  id?: string;
  /** The devices offered, first the default. Default: A100 fp16 and fp32, the phone and this browser. */
  devices?: readonly RooflineDevice[];
  defaultModel?: ZooId;
  title?: string;
}

/**
 * The roofline of a device with the layers of a zoo model as labelled points at a batch size
 * chosen with a slider: attainable FLOP/s = min(peak, intensity × bandwidth). Choosing a device
 * picks the number format its peak is for; a 2:4 sparse device stores weights at
 * sparse24WeightBytes per weight.
 */
export function Roofline({ id: prefix = 'roof', devices = LESSON1_DEVICES, defaultModel = 'teacher-1200', title = 'Roofline' }: RooflineProps) {
  const schema = useMemo(() => ({
    device: param.oneOf(devices, devices[0]),
    model: param.oneOf(ZOO_IDS, defaultModel),
    precision: param.oneOf(PRECISIONS, deviceLimits(devices[0]).precision),
    batch: param.integer(1, 1, MAX_BATCH),
    /** Overrides of the device's limits, in GFLOP/s and GB/s; empty means the preset. */
    peak: param.string(''),
    bw: param.string(''),
  }), [devices, defaultModel]);
  const [state, set] = useUrlState(prefix, schema);
  const id = useId();
  const arch = useZooArchitecture(state.model);
  const preset = deviceLimits(state.device);
  const peak = override(state.peak, preset.peakFlops, LIMIT_RULES.peak);
  const bw = override(state.bw, preset.bandwidth, LIMIT_RULES.bw);
  const batch = state.batch;
  const bytesPerElement = PRECISION_BYTES[state.precision];
  const weightBytesPerElement = preset.sparse24 ? sparse24WeightBytes(bytesPerElement) : bytesPerElement;

  const points = useMemo(() => {
    if (arch.status !== 'ready') return [];
    const cost = modelCost(arch.value.specs, { batch, bytesPerElement, weightBytesPerElement });
    return cost.layers.map((row) => ({ row, ...roofline(row.intensity, peak.value, bw.value) }));
  }, [arch, batch, bytesPerElement, weightBytesPerElement, peak.value, bw.value]);

  const ridge = peak.value / bw.value;
  // From just below where the roof starts (every layer sits at or above it) to above the peak.
  const yMin = Math.min(X_DOMAIN[0] * bw.value, peak.value) / 2;
  const x = scaleLog().domain(X_DOMAIN).range([M.left, WIDTH - M.right]);
  const y = scaleLog().domain([yMin, peak.value * 4]).range([HEIGHT - M.bottom, M.top]);
  const ridgeX = x(Math.min(Math.max(ridge, X_DOMAIN[0]), X_DOMAIN[1]));
  const roofPath = `M${x(X_DOMAIN[0])},${y(X_DOMAIN[0] * bw.value)} L${ridgeX},${y(Math.min(peak.value, X_DOMAIN[1] * bw.value))} L${x(X_DOMAIN[1])},${y(Math.min(peak.value, X_DOMAIN[1] * bw.value))}`;
  const predicted = points.length ? layersRooflineTime(points.map((p) => p.row), peak.value, bw.value) : 0;
  const memoryBound = points.filter((p) => p.bound === 'memory').length;
  const drawn = points.map((p) => ({ ...p, cx: x(Math.min(Math.max(p.row.intensity, X_DOMAIN[0]), X_DOMAIN[1])), cy: y(p.attainable) }));
  const labels = placePointLabels(drawn.map((p) => ({ x: p.cx, y: p.cy, name: p.row.name ?? p.row.kind })), {
    charWidth: 6.6, lineHeight: 14, markerRadius: POINT_RADIUS,
    area: { x: M.left + 2, y: M.top, width: WIDTH - M.right - M.left - 2, height: HEIGHT - M.bottom - M.top },
  });
  const ridgeText = `ridge ${formatIntensity(ridge)} FLOP/B${ridge > X_DOMAIN[1] ? ' (off the chart →)' : ridge < X_DOMAIN[0] ? ' (← off the chart)' : ''}`;
  const ridgeOnLeft = ridgeX > (M.left + WIDTH - M.right) / 2;
  const decades = (ticks: number[]) => ticks.filter((t) => Number.isInteger(Math.round(Math.log10(t) * 1e6) / 1e6));

  return (
    <section className="widget cost-widget" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{title}</h3>
      <div className="controls">
        <label htmlFor={`${id}-device`}>
          Device
          <select id={`${id}-device`} value={state.device}
            onChange={(e) => { const d = e.target.value as RooflineDevice; set({ device: d, precision: deviceLimits(d).precision, peak: '', bw: '' }); }}>
            {devices.map((d) => <option key={d} value={d}>{deviceLimits(d).label}</option>)}
          </select>
        </label>
        <label htmlFor={`${id}-peak`}>
          Peak (GFLOP/s)
          <input id={`${id}-peak`} className="cost-size" type="text" inputMode="decimal" value={state.peak}
            placeholder={String(preset.peakFlops / 1e9)} onChange={(e) => set({ peak: e.target.value })} />
        </label>
        <label htmlFor={`${id}-bw`}>
          Bandwidth (GB/s)
          <input id={`${id}-bw`} className="cost-size" type="text" inputMode="decimal" value={state.bw}
            placeholder={String(preset.bandwidth / 1e9)} onChange={(e) => set({ bw: e.target.value })} />
        </label>
      </div>
      {devices.includes('browser') && (
        <MeasureLimits onMeasured={(l) => set({ device: 'browser', precision: 'fp32', peak: asGiga(l.peakFlops), bw: asGiga(l.bandwidth) })} />
      )}
      <div className="controls">
        <label htmlFor={`${id}-model`}>
          Model
          <select id={`${id}-model`} value={state.model} onChange={(e) => set({ model: e.target.value as ZooId })}>
            {ZOO_IDS.map((m) => <option key={m} value={m}>{ZOO[m].name}</option>)}
          </select>
        </label>
        <label htmlFor={`${id}-precision`}>
          Numbers
          <select id={`${id}-precision`} value={state.precision} onChange={(e) => set({ precision: e.target.value as DevicePrecision })}>
            {PRECISIONS.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <label htmlFor={`${id}-slider`}>
          Batch size (slider, powers of two)
          <input id={`${id}-slider`} type="range" min={0} max={Math.log2(MAX_BATCH)} step={1} value={Math.round(Math.log2(batch))}
            aria-valuetext={`batch ${2 ** Math.round(Math.log2(batch))}`} onChange={(e) => set({ batch: 2 ** e.target.valueAsNumber })} />
        </label>
        <NumberField rule={BATCH_RULE} value={batch} onValue={(b) => set({ batch: b })} />
      </div>
      {[peak.message, bw.message].filter(Boolean).map((m) => <p key={m} role="alert" className="cost-message">{m}</p>)}
      <p className="muted">
        {preset.label}: {formatSI(peak.value, 'FLOP/s')}, {formatSI(bw.value, 'B/s')}; ridge point at{' '}
        <strong data-testid="ridge">{formatIntensity(ridge)} FLOP/B</strong>. Source: {preset.source}.
        {preset.sparse24 && <> Weights stored 2:4 sparse: <span data-testid="weight-bytes">{weightBytesPerElement}</span> B per weight instead of {bytesPerElement} (half the values, each with a 2-bit position).</>}
      </p>
      {arch.status === 'error' && <div role="alert" className="error-box">{ZOO[state.model].name} could not be loaded: {arch.message}</div>}
      <svg className="roofline-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img"
        aria-label={`Roofline of ${preset.label}: ${points.length} layers of ${ZOO[state.model].name} at batch ${batch}, ${memoryBound} memory-bound.`}>
        <g className="grid">
          {decades(x.ticks(6)).map((t) => <line key={t} x1={x(t)} x2={x(t)} y1={M.top} y2={HEIGHT - M.bottom} />)}
          {decades(y.ticks(6)).map((t) => <line key={t} x1={M.left} x2={WIDTH - M.right} y1={y(t)} y2={y(t)} />)}
        </g>
        <g className="axis">
          <line x1={M.left} x2={WIDTH - M.right} y1={HEIGHT - M.bottom} y2={HEIGHT - M.bottom} />
          <line x1={M.left} x2={M.left} y1={M.top} y2={HEIGHT - M.bottom} />
          {decades(x.ticks(6)).map((t) => (
            <text key={t} x={x(t)} y={HEIGHT - M.bottom + 16} textAnchor="middle">{formatCount(t)}</text>
          ))}
          {decades(y.ticks(6)).map((t) => (
            <text key={t} x={M.left - 6} y={y(t) + 4} textAnchor="end">{formatSI(t, '')}</text>
          ))}
          <text x={(M.left + WIDTH - M.right) / 2} y={HEIGHT - 8} textAnchor="middle">Arithmetic intensity (FLOP/B, log scale)</text>
          <text transform={`translate(16 ${(M.top + HEIGHT - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">Attainable FLOP/s (log scale)</text>
        </g>
        <path className="roof" d={roofPath} />
        <line className="ridge" x1={ridgeX} x2={ridgeX} y1={y(peak.value)} y2={HEIGHT - M.bottom} />
        <text data-testid="ridge-label" x={ridgeX + (ridgeOnLeft ? -4 : 4)} y={M.top + 12} textAnchor={ridgeOnLeft ? 'end' : 'start'}>{ridgeText}</text>
        {labels.map((l) => (
          <g key={l.text} className="point-label">
            {l.leader && <line x1={l.px} y1={l.py} x2={l.box.x < l.px ? l.box.x + l.box.width : l.box.x} y2={l.box.y + l.box.height / 2} />}
            <text x={l.x} y={l.y}>{l.text}</text>
          </g>
        ))}
        {drawn.map(({ row, bound, cx, cy }, i) => {
          const common = { className: `point-${bound}`, 'data-layer': row.name, 'data-intensity': row.intensity.toPrecision(6) };
          const title = <title>{`${row.name}: ${formatIntensity(row.intensity)} FLOP/B, ${bound}-bound`}</title>;
          return bound === 'memory'
            ? <circle key={i} {...common} cx={cx} cy={cy} r={POINT_RADIUS}>{title}</circle>
            : <rect key={i} {...common} x={cx - POINT_RADIUS} y={cy - POINT_RADIUS} width={2 * POINT_RADIUS} height={2 * POINT_RADIUS}>{title}</rect>;
        })}
      </svg>
      <p className="roofline-legend" aria-hidden="true">
        <span><span className="swatch" style={{ background: 'var(--sign)' }} />circle: memory-bound</span>
        <span><span className="swatch" style={{ background: 'var(--mantissa)', borderRadius: 0 }} />square: compute-bound</span>
      </p>
      {arch.status === 'loading' && <p role="status">Loading the layers of {ZOO[state.model].name}…</p>}
      {points.length > 0 && (
        <>
          <p aria-live="polite">
            At batch <strong data-testid="roof-batch">{batch}</strong>, {memoryBound} of {points.length} layers are memory-bound. The roofline
            allows at best {formatTime(predicted)} per batch, {formatCount(Math.round(batch / predicted))} images/s.
          </p>
          <div className="cost-table-wrap" tabIndex={0} role="region" aria-label="Layer intensities on the roofline">
            <table className="cost-table" data-testid="roof-table">
              <thead>
                <tr><th scope="col">Layer</th><th scope="col">Kind</th><th scope="col">FLOP/B</th><th scope="col">Attainable</th><th scope="col">Bound by</th></tr>
              </thead>
              <tbody>
                {points.map(({ row, attainable, bound }, i) => (
                  <tr key={i} data-layer={row.name}>
                    <th scope="row">{row.name}</th>
                    <td>{row.kind}</td>
                    <td className="num" data-testid="roof-intensity">{formatIntensity(row.intensity)}</td>
                    <td className="num">{formatSI(attainable, 'FLOP/s')}</td>
                    <td>{bound === 'memory' ? 'memory' : 'arithmetic'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
