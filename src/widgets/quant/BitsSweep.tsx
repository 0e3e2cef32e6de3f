import { extent, line, scaleLinear } from 'd3';
import { ZOO } from '../../runtime/contract/zoo';
import { useId, useMemo, useState } from 'react';
import type { SweepResult } from '../../runtime/contract/quant';
import { LiveWidget } from '../live/LiveWidget';
import { formatInt, formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { CAST_NAMES, curveOfSpec, CURVE_NAMES, CURVES, FLOAT_POINT, linesByCurve, parseCurves, placeResult, sweepPointsOf, type Curve, type PlacedResult } from './sweepPoints';
import { CURVE_STYLE, CurveSwatch, Swatch, SweepMark } from './SweepMark';
import { parseWidth, WIDTH_NAMES, WIDTHS, type Width } from './quantSettings';
import { NumberField } from '../input';
import { FIELDS, valueProblem } from './fields';
import './quant.css';

const MODELS = ['lenet-300-100', 'lenet-5'] as const;
const IMAGE_COUNTS = ['10000', '2000', '1000'] as const;
/** Lower end of the accuracy axis when zoomed in. */
const ZOOM_FLOOR = 0.9;
/** The QAT recipe found in node (see the lesson): Adam, batch 64, seed 1, learning rate 1e-4. */
const QAT_RECIPE = { batchSize: 64, learningRate: 1e-4, seed: 1 };

const schema = {
  model: param.oneOf(MODELS, 'lenet-300-100'),
  curves: param.string('tensor-symmetric,tensor-affine,channel-symmetric,channel-affine,binary,ternary,casts'),
  images: param.oneOf(IMAGE_COUNTS, '10000'),
  qbits: param.string('3'),
  qgran: param.oneOf(['tensor', 'channel'] as const, 'tensor'),
  qscheme: param.oneOf(['symmetric', 'affine'] as const, 'symmetric'),
  qsteps: param.integer(200),
  zoom: param.boolean(true),
};

interface SweepRun {
  key: string;
  float: number;
  points: PlacedResult[];
}

interface QatPoint {
  key: string;
  /** The scheme's curve: QAT points join only points of the same scheme, in its colour. */
  curve: Curve;
  bits: number;
  label: string;
  accuracy: number;
  ptq: number;
  steps: number;
}

const W = 640;
const H = 300;
const M = { top: 14, right: 118, bottom: 40, left: 52 };

/**
 * Test accuracy against weight bits for the four uniform schemes (per tensor / per channel ×
 * symmetric / affine, 2–8 bits), binary and ternary weights, and the fp8/bf16/fp16 casts, swept
 * in the model worker; quantization-aware training adds its own points to the same chart.
 * URL state: `bs.model`, `bs.curves` (comma list), `bs.images`, `bs.qbits`, `bs.qgran`, `bs.qscheme`, `bs.qsteps`, `bs.zoom`.
 */
export function BitsSweep({ id = 'bs' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const sweep = useJob<SweepRun>();
  const qat = useJob<QatPoint>();
  const [partial, setPartial] = useState<PlacedResult[]>([]);
  const [qatPoints, setQatPoints] = useState<QatPoint[]>([]);
  const ids = { zoom: useId(), model: useId(), images: useId(), qbits: useId(), qgran: useId(), qscheme: useId() };
  const ready = backend.status === 'ready';
  const { curves, unknown } = parseCurves(url.curves);
  const images = Number(url.images);
  const sweepKey = `${url.model}|${curves.join(',')}|${images}`;
  const qatSpec = parseWidth(url.qbits, url.qgran, url.qscheme);
  const steps = url.qsteps;
  // A link's step count is shown, with its message, by its field; it must also keep QAT from starting.
  const stepsProblem = valueProblem(steps, FIELDS.qatSteps);
  const problems = [
    ...(unknown.length ? [`Unknown curve names in the link: ${unknown.join(', ')} (known: ${CURVES.join(', ')}).`] : []),
    ...(qatSpec.ok ? [] : [qatSpec.problem]),
  ];

  const toggle = (c: Curve, on: boolean) => setUrl({ curves: CURVES.filter((x) => (x === c ? on : curves.includes(x))).join(',') });

  const runSweep = () => {
    setPartial([]);
    void sweep.start(async (signal, progress) => {
      const results: SweepResult[] = await worker.jobs.quant.sweep({ key: url.model, points: [...sweepPointsOf(curves)], testImages: images }, {
        signal, onProgress: progress,
        onPartial: (r) => r.id !== FLOAT_POINT && setPartial((p) => [...p, placeResult(r)]),
      });
      const float = results.find((r) => r.id === FLOAT_POINT)!.accuracy;
      return { key: sweepKey, float, points: results.filter((r) => r.id !== FLOAT_POINT).map(placeResult) };
    });
  };

  const runQat = () => {
    if (!qatSpec.ok || stepsProblem) return;
    const spec = qatSpec.value;
    const key = `${url.model}|${images}`;
    void qat.start(async (signal, progress) => {
      const r = await worker.jobs.quant.trainQat({ key: url.model, newKey: `${url.model}:qat`, spec, steps, ...QAT_RECIPE, testImages: images }, {
        signal, onProgress: progress,
      });
      const point = { key, curve: curveOfSpec(spec), bits: spec.bits, label: `${WIDTH_NAMES[url.qbits as Width]}, per ${spec.granularity}${spec.bits > 1 && !spec.ternary ? `, ${spec.scheme}` : ''}`, accuracy: r.accuracy, ptq: r.ptqAccuracy, steps };
      setQatPoints((ps) => [...ps.filter((p) => p.key !== key || p.label !== point.label), point]);
      return point;
    });
  };

  const shown = sweep.result?.key === sweepKey ? sweep.result : undefined;
  const points = shown ? shown.points : sweep.running ? partial : [];
  const qatShown = qatPoints.filter((p) => p.key === `${url.model}|${images}`);
  const chart = useMemo(() => {
    const all = [...points.map((p) => p.accuracy), ...qatShown.flatMap((p) => [p.accuracy, p.ptq]), ...(shown ? [shown.float] : [])];
    const [lo = 0.9, hi = 1] = extent(all);
    const floor = url.zoom ? ZOOM_FLOOR : Math.max(0, Math.min(lo, ZOOM_FLOOR));
    const x = scaleLinear().domain([1, 8]).range([M.left, W - M.right]);
    const scale = scaleLinear().domain([floor, Math.min(1, hi + 0.005)]).nice().range([H - M.bottom, M.top]);
    // Zoomed in, accuracies below the floor sit on it, drawn hollow.
    const y = (v: number) => scale(Math.max(v, scale.domain()[0]));
    const path = line<{ bits: number; accuracy: number }>().x((d) => x(d.bits)).y((d) => y(d.accuracy));
    return { x, y, ticks: scale.ticks(5), floor: scale.domain()[0], path };
  }, [points, qatShown, shown, url.zoom]);
  const uniform = linesByCurve(points.filter((p) => p.curve !== 'binary' && p.curve !== 'ternary' && p.curve !== 'casts'));
  const markers = points.filter((p) => p.curve === 'binary' || p.curve === 'ternary' || (p.curve === 'casts' && p.bits === 8));
  const wideCasts = points.filter((p) => p.curve === 'casts' && p.bits === 16);
  const qatLines = linesByCurve(qatShown);
  const title = 'Accuracy versus bits';
  const { x, y, ticks, floor, path } = chart;
  const below = (v: number) => v < floor;

  return (
    <LiveWidget title={title}>
      <div className="controls">
        <label htmlFor={ids.model}>Model
          <select id={ids.model} value={url.model} onChange={(e) => setUrl({ model: e.target.value as typeof url.model })}>
            {MODELS.map((m) => <option key={m} value={m}>{ZOO[m].name}</option>)}
          </select>
        </label>
        <label htmlFor={ids.images}>Test images
          <select id={ids.images} value={url.images} onChange={(e) => setUrl({ images: e.target.value as typeof url.images })}>
            {IMAGE_COUNTS.map((n) => <option key={n} value={n}>{`first ${formatInt(Number(n))}`}</option>)}
          </select>
        </label>
      </div>
      <fieldset className="quant-activations">
        <legend>Curves to sweep</legend>
        <div className="controls sweep-curves">
          {CURVES.map((c) => (
            <label key={c}><input type="checkbox" checked={curves.includes(c)} onChange={(e) => toggle(c, e.target.checked)} /> <CurveSwatch curve={c} /> {CURVE_NAMES[c]}</label>
          ))}
        </div>
      </fieldset>
      <div className="controls">
        <button type="button" className="primary" disabled={!ready || sweep.running || qat.running || curves.length === 0} onClick={runSweep}>
          Sweep {sweepPointsOf(curves).length - 1} configurations
        </button>
      </div>
      <JobStatus state={sweep.state} onCancel={sweep.cancel} onRetry={runSweep} failed="The sweep failed" cancelled="Sweep cancelled." />

      <fieldset className="quant-activations">
        <legend>Quantization-aware training</legend>
        <div className="controls">
          <label htmlFor={ids.qbits}>QAT weight bits
            <select id={ids.qbits} value={url.qbits} onChange={(e) => setUrl({ qbits: e.target.value })}>
              {!qatSpec.ok && <option value={url.qbits} disabled>{url.qbits} (not a valid width)</option>}
              {WIDTHS.map((w) => <option key={w} value={w}>{WIDTH_NAMES[w]}</option>)}
            </select>
          </label>
          <label htmlFor={ids.qgran}>QAT scales
            <select id={ids.qgran} value={url.qgran} onChange={(e) => setUrl({ qgran: e.target.value as typeof url.qgran })}>
              <option value="tensor">one per tensor</option>
              <option value="channel">one per output channel</option>
            </select>
          </label>
          <label htmlFor={ids.qscheme}>QAT zero point
            <select id={ids.qscheme} value={url.qscheme} onChange={(e) => setUrl({ qscheme: e.target.value as typeof url.qscheme })}>
              <option value="symmetric">symmetric</option>
              <option value="affine">affine</option>
            </select>
          </label>
          <NumberField rule={FIELDS.qatSteps} value={url.qsteps} onValue={(qsteps) => setUrl({ qsteps })} disabled={qat.running} />
          <button type="button" disabled={!ready || sweep.running || qat.running || problems.length > 0 || !!stepsProblem} onClick={runQat}>Train with QAT</button>
        </div>
        <p className="muted">
          Starts from the trained float model and fine-tunes it on the 60,000 training images with quantized weights in
          every forward pass (Adam, learning rate 10⁻⁴, batches of 64, batch order seeded with 1), then measures it
          next to the same quantization applied without training.
        </p>
        <JobStatus state={qat.state} onCancel={qat.cancel} failed="Quantization-aware training failed" cancelled="Training cancelled." />
        {qat.result && qat.result.key === `${url.model}|${images}` && (
          <p role="status" data-testid="qat-result" data-qat={qat.result.accuracy} data-ptq={qat.result.ptq}>
            {qat.result.label}: QAT <strong>{formatPercent(qat.result.accuracy)}</strong> after {formatInt(qat.result.steps)} steps,
            PTQ <strong>{formatPercent(qat.result.ptq)}</strong> ({qat.result.accuracy >= qat.result.ptq ? '+' : '−'}{Math.abs((qat.result.accuracy - qat.result.ptq) * 100).toFixed(2)} points).
          </p>
        )}
      </fieldset>
      {problems.length > 0 && <div role="alert" className="error-box">{problems.map((p) => <p key={p}>{p}</p>)}</div>}

      <div className="controls">
        <label htmlFor={ids.zoom}><input id={ids.zoom} type="checkbox" checked={url.zoom} onChange={(e) => setUrl({ zoom: e.target.checked })} /> Zoom into 90–100% accuracy</label>
      </div>
      <figure className="quant-hist">
        <svg viewBox={`0 0 ${W} ${H}`} className="quant-hist-svg sweep-svg" role="img" aria-label={`Test accuracy against weight bits for ${ZOO[url.model].name}${points.length ? `: ${points.length} configurations measured` : ': nothing measured yet'}${qatShown.length ? `, ${qatShown.length} QAT points` : ''}. The table below lists every value.`}>
          <g className="axis">
            <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
            <line x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} />
            {x.ticks(8).map((t) => <text key={t} x={x(t)} y={H - M.bottom + 15} textAnchor="middle">{t}</text>)}
            <text x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle">weight bits</text>
            {ticks.map((t) => (
              <g key={t}>
                <line className="sweep-grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
                <text x={M.left - 6} y={y(t) + 4} textAnchor="end">{formatPercent(t, 0)}</text>
              </g>
            ))}
            <text transform={`translate(12 ${(H - M.bottom + M.top) / 2}) rotate(-90)`} textAnchor="middle">test accuracy</text>
          </g>
          {shown && (
            <g className="sweep-float">
              <line className="sweep-dashed" x1={M.left} x2={W - M.right} y1={y(shown.float)} y2={y(shown.float)} />
              <text x={W - M.right + 14} y={y(shown.float) + 4}>float32</text>
            </g>
          )}
          {wideCasts.map((p, i) => (
            <g key={p.id} className="sweep-cast16 sweep-cast">
              <line className="sweep-dotted" x1={M.left} x2={W - M.right} y1={y(p.accuracy)} y2={y(p.accuracy)} />
              <text x={W - M.right + 14} y={y(p.accuracy) + 4 + (i === 0 ? 12 : 24)}>{p.label}</text>
            </g>
          ))}
          {uniform.map(({ curve, points: pts }) => (
            <g key={curve} className={`sweep-curve ${CURVE_STYLE[curve].className}`} data-curve={curve}>
              <path className="sweep-solid" d={path(pts) ?? ''} />
              {pts.map((p) => <SweepMark key={p.id} shape={CURVE_STYLE[curve].shape} x={x(p.bits)} y={y(p.accuracy)} hollow={below(p.accuracy)} />)}
            </g>
          ))}
          {markers.map((p) => (
            <g key={p.id} className={`sweep-marker ${CURVE_STYLE[p.curve].className}`} data-point={p.id}>
              <SweepMark shape="square" x={x(p.bits) + (p.id.endsWith('channel') || p.id.endsWith('e5m2') ? 4 : -4)} y={y(p.accuracy)} hollow={below(p.accuracy)} />
            </g>
          ))}
          {qatLines.map(({ curve, points: pts }) => (
            <g key={curve} className={`sweep-qat ${CURVE_STYLE[curve].className}`} data-qat-curve={curve}>
              <path className="sweep-qat-line" d={path(pts) ?? ''} />
              {pts.map((p) => <SweepMark key={p.label} shape="triangle" x={x(p.bits)} y={y(p.accuracy)} hollow={below(p.accuracy)} />)}
            </g>
          ))}
        </svg>
        <figcaption className="muted" data-testid="sweep-caption">
          Each scheme has its own colour and mark (the swatches above). Uniform weights at 2–8 bits: circles
          for symmetric, diamonds for affine, joined by a solid line. Squares: binary (1 bit) and ternary (2 bits), the
          left square per tensor and the right per channel, and fp8 at 8 bits (left E4M3, right E5M2). Horizontal
          lines: float32 weights dashed <Swatch className="sweep-cast" line="dashed" />, bf16 and fp16 dotted <Swatch className="sweep-cast" line="dotted" />.
          Triangles <Swatch className="sweep-ts" shape="triangle" />: quantization-aware training, in the colour of its scheme,
          with a thin line joining the runs of one scheme only. Biases and activations stay float32.
          {url.zoom && ' Zoomed in: hollow marks lie below 90% and are drawn on the axis (the table has their values).'}
        </figcaption>
      </figure>

      {(points.length > 0 || qatShown.length > 0) && (
        <div className="live-table-wrap">
          <table className="live-table" aria-label="Accuracy of each configuration">
            <thead><tr><th scope="col">Configuration</th><th scope="col">Bits</th><th scope="col">Weights</th><th scope="col">Accuracy</th></tr></thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.id} data-point={p.id}>
                  <th scope="row">{p.curve === 'casts' ? p.label : p.curve === 'binary' || p.curve === 'ternary' ? p.label : CURVE_NAMES[p.curve]}</th>
                  <td>{p.bits}</td>
                  <td>{formatInt(Math.round(p.bytes / 1024))} KiB</td>
                  <td data-testid="sweep-accuracy" data-value={p.accuracy}>{formatPercent(p.accuracy)}</td>
                </tr>
              ))}
              {qatShown.map((p) => (
                <tr key={`qat-${p.label}`} data-point={`qat:${p.bits}`}>
                  <th scope="row">QAT, {p.label}, {formatInt(p.steps)} steps</th>
                  <td>{p.bits}</td>
                  <td />
                  <td data-testid="sweep-accuracy" data-value={p.accuracy}>{formatPercent(p.accuracy)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown && <p className="muted" data-testid="sweep-float" data-value={shown.float}>Float32 model on the same {formatInt(images)} images: {formatPercent(shown.float)}. Cast names: {Object.values(CAST_NAMES).join(', ')}.</p>}
    </LiveWidget>
  );
}
