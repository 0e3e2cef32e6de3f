import { scaleLog } from 'd3';
import { useId, useMemo, useState } from 'react';
import { DEVICES, layersRooflineTime, modelCost, roofline, type DeviceName } from '../../engine';
import { ZOO, ZOO_IDS, type ZooId } from '../../runtime/contract/zoo';
import { param, useUrlState } from '../urlState';
import { useZooArchitecture } from './architecture';
import { formatCount, formatIntensity, formatSI, formatTime } from './format';
import { parseField } from '../input';
import { BROWSER_GUESS, LIMIT_RULES, override } from './limits';
import { measureBandwidth, measurePeakFlops } from './measureBrowser';
import './cost.css';

const DEVICE_CHOICES = ['a100-fp16', 'a100-fp32', 'phone', 'browser'] as const;
type DeviceChoice = (typeof DEVICE_CHOICES)[number];
const PRECISIONS = ['fp32', 'fp16', 'int8'] as const;
const BYTES = { fp32: 4, fp16: 2, int8: 1 } as const;
export const MAX_BATCH = 1024;

const schema = {
  device: param.oneOf(DEVICE_CHOICES, 'a100-fp16'),
  model: param.oneOf(ZOO_IDS, 'teacher-1200'),
  precision: param.oneOf(PRECISIONS, 'fp16'),
  /** Kept as typed, so an out-of-range value can be shown with its message. */
  batch: param.string('1'),
  /** Overrides of the device's limits, in GFLOP/s and GB/s; empty means the preset. */
  peak: param.string(''),
  bw: param.string(''),
};

/** The batch to use for what the reader typed (page or URL): a whole number in [1, MAX_BATCH], else batch 1 and why. */
export function clampBatch(text: string): { batch: number; message?: string } {
  const parsed = parseField(text, { label: 'Batch', min: 1, max: MAX_BATCH, integer: true });
  return parsed.ok ? { batch: parsed.value } : { batch: 1, message: `${parsed.message} Using batch 1.` };
}

function deviceLimits(device: DeviceChoice): { peakFlops: number; bandwidth: number; label: string; source: string } {
  if (device === 'browser') return { ...BROWSER_GUESS, label: 'This browser', source: 'press “Measure this browser”, or type your own figures' };
  return DEVICES[device as DeviceName];
}

const WIDTH = 640;
const HEIGHT = 380;
const M = { top: 16, right: 20, bottom: 48, left: 72 };
const X_DOMAIN: [number, number] = [0.01, 10_000];

/**
 * The roofline of a device with the layers of a zoo model as points at a batch size chosen with a
 * slider: attainable FLOP/s = min(peak, intensity × bandwidth).
 */
export function Roofline() {
  const [state, set] = useUrlState('roof', schema);
  const id = useId();
  const [measuring, setMeasuring] = useState<string | null>(null);
  const arch = useZooArchitecture(state.model);
  const preset = deviceLimits(state.device);
  const peak = override(state.peak, preset.peakFlops, LIMIT_RULES.peak);
  const bw = override(state.bw, preset.bandwidth, LIMIT_RULES.bw);
  const { batch, message: batchMessage } = clampBatch(state.batch);
  const bytesPerElement = BYTES[state.precision];

  const points = useMemo(() => {
    if (arch.status !== 'ready') return [];
    const cost = modelCost(arch.value.specs, { batch, bytesPerElement });
    return cost.layers.map((row) => ({ row, ...roofline(row.intensity, peak.value, bw.value) }));
  }, [arch, batch, bytesPerElement, peak.value, bw.value]);

  const ridge = peak.value / bw.value;
  // From just below where the roof starts (every layer sits at or above it) to above the peak.
  const yMin = Math.min(X_DOMAIN[0] * bw.value, peak.value) / 2;
  const x = scaleLog().domain(X_DOMAIN).range([M.left, WIDTH - M.right]);
  const y = scaleLog().domain([yMin, peak.value * 4]).range([HEIGHT - M.bottom, M.top]);
  const roofPath = `M${x(X_DOMAIN[0])},${y(X_DOMAIN[0] * bw.value)} L${x(ridge)},${y(peak.value)} L${x(X_DOMAIN[1])},${y(peak.value)}`;
  const predicted = points.length ? layersRooflineTime(points.map((p) => p.row), peak.value, bw.value) : 0;
  const memoryBound = points.filter((p) => p.bound === 'memory').length;

  async function measure() {
    setMeasuring('Measuring a matrix product and a memory copy…');
    await new Promise((r) => setTimeout(r, 30)); // let the status paint first
    const flops = measurePeakFlops();
    const bandwidth = measureBandwidth();
    set({ device: 'browser', peak: (flops / 1e9).toPrecision(3), bw: (bandwidth / 1e9).toPrecision(3) });
    setMeasuring(null);
  }

  return (
    <section className="widget cost-widget" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Roofline</h3>
      <div className="controls">
        <label htmlFor={`${id}-device`}>
          Device
          <select id={`${id}-device`} value={state.device} onChange={(e) => set({ device: e.target.value as DeviceChoice, peak: '', bw: '' })}>
            {DEVICE_CHOICES.map((d) => <option key={d} value={d}>{deviceLimits(d).label}</option>)}
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
        <button type="button" onClick={measure} disabled={measuring !== null}>Measure this browser</button>
      </div>
      <div className="controls">
        <label htmlFor={`${id}-model`}>
          Model
          <select id={`${id}-model`} value={state.model} onChange={(e) => set({ model: e.target.value as ZooId })}>
            {ZOO_IDS.map((m) => <option key={m} value={m}>{ZOO[m].name}</option>)}
          </select>
        </label>
        <label htmlFor={`${id}-precision`}>
          Numbers
          <select id={`${id}-precision`} value={state.precision} onChange={(e) => set({ precision: e.target.value as (typeof PRECISIONS)[number] })}>
            {PRECISIONS.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <label htmlFor={`${id}-slider`}>
          Batch size (slider, powers of two)
          <input id={`${id}-slider`} type="range" min={0} max={Math.log2(MAX_BATCH)} step={1} value={Math.round(Math.log2(batch))}
            aria-valuetext={`batch ${2 ** Math.round(Math.log2(batch))}`} onChange={(e) => set({ batch: String(2 ** Number(e.target.value)) })} />
        </label>
        <label htmlFor={`${id}-batch`}>
          Batch size
          <input id={`${id}-batch`} className="cost-size" type="text" inputMode="numeric" value={state.batch} onChange={(e) => set({ batch: e.target.value })} />
        </label>
      </div>
      {measuring && <p role="status">{measuring}</p>}
      {[batchMessage, peak.message, bw.message].filter(Boolean).map((m) => <p key={m} role="alert" className="cost-message">{m}</p>)}
      <p className="muted">
        {preset.label}: {formatSI(peak.value, 'FLOP/s')}, {formatSI(bw.value, 'B/s')}; ridge point at{' '}
        <strong data-testid="ridge">{formatIntensity(ridge)} FLOP/B</strong>. Source: {preset.source}.
      </p>
      {arch.status === 'error' && <div role="alert" className="error-box">{ZOO[state.model].name} could not be loaded: {arch.message}</div>}
      <svg className="roofline-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img"
        aria-label={`Roofline of ${preset.label}: ${points.length} layers of ${ZOO[state.model].name} at batch ${batch}, ${memoryBound} memory-bound.`}>
        <g className="grid">
          {x.ticks(6).filter((t) => Number.isInteger(Math.log10(t))).map((t) => <line key={t} x1={x(t)} x2={x(t)} y1={M.top} y2={HEIGHT - M.bottom} />)}
          {y.ticks(6).filter((t) => Number.isInteger(Math.round(Math.log10(t) * 1e6) / 1e6)).map((t) => <line key={t} x1={M.left} x2={WIDTH - M.right} y1={y(t)} y2={y(t)} />)}
        </g>
        <g className="axis">
          <line x1={M.left} x2={WIDTH - M.right} y1={HEIGHT - M.bottom} y2={HEIGHT - M.bottom} />
          <line x1={M.left} x2={M.left} y1={M.top} y2={HEIGHT - M.bottom} />
          {x.ticks(6).filter((t) => Number.isInteger(Math.log10(t))).map((t) => (
            <text key={t} x={x(t)} y={HEIGHT - M.bottom + 16} textAnchor="middle">{t >= 1 ? t : t.toString()}</text>
          ))}
          {y.ticks(6).filter((t) => Number.isInteger(Math.round(Math.log10(t) * 1e6) / 1e6)).map((t) => (
            <text key={t} x={M.left - 6} y={y(t) + 4} textAnchor="end">{formatSI(t, '')}</text>
          ))}
          <text x={(M.left + WIDTH - M.right) / 2} y={HEIGHT - 8} textAnchor="middle">Arithmetic intensity (FLOP/B, log scale)</text>
          <text transform={`translate(16 ${(M.top + HEIGHT - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">Attainable FLOP/s (log scale)</text>
        </g>
        <path className="roof" d={roofPath} />
        <line className="ridge" x1={x(ridge)} x2={x(ridge)} y1={y(peak.value)} y2={HEIGHT - M.bottom} />
        <text x={x(ridge) + 4} y={y(peak.value) - 6}>ridge {formatIntensity(ridge)} FLOP/B</text>
        {points.map(({ row, attainable, bound }, i) => {
          const cx = x(Math.min(Math.max(row.intensity, X_DOMAIN[0]), X_DOMAIN[1]));
          const cy = y(attainable);
          const common = { className: `point-${bound}`, 'data-layer': row.name, 'data-intensity': row.intensity.toPrecision(6) };
          const title = <title>{`${row.name}: ${formatIntensity(row.intensity)} FLOP/B, ${bound}-bound`}</title>;
          return bound === 'memory'
            ? <circle key={i} {...common} cx={cx} cy={cy} r={6}>{title}</circle>
            : <rect key={i} {...common} x={cx - 6} y={cy - 6} width={12} height={12}>{title}</rect>;
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
