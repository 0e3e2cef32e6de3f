import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatBytes } from '../cost/format';
import { ZOO } from '../../runtime/contract/zoo';
import { CALIBRATION_METHODS, type CalibrationMethod } from '../../engine';
import type { ActivationRange } from '../../runtime/contract/quant';
import type { WeightQuantReport } from '../../runtime/contract/quant';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { LiveWidget } from '../live/LiveWidget';
import { TfjsDownload } from '../live/TfjsDownload';
import { formatInt, formatPercent } from '../live/format';
import { useModelWorker } from '../live/useModelWorker';
import { usePostMeasurement } from '../lesson/measurements';
import { param, useUrlState } from '../urlState';
import { CALIBRATION_NAMES } from './calibrationInput';
import { ACTIVATION_WIDTHS, WIDTH_NAMES, WIDTHS, describeSettings, parseActivations, parseWidth, type Width } from './quantSettings';
import { WeightHistogram } from './WeightHistogram';
import './quant.css';

const MODELS = ['lenet-300-100', 'lenet-5'] as const;

const schema = {
  model: param.oneOf(MODELS, 'lenet-300-100'),
  // Widths and counts are kept as text so that a bad link (qm.bits=0) is named, not silently replaced.
  bits: param.string('8'),
  granularity: param.oneOf(['tensor', 'channel'] as const, 'tensor'),
  scheme: param.oneOf(['symmetric', 'affine'] as const, 'symmetric'),
  layer: param.string(''),
  abits: param.string('off'),
  calib: param.oneOf(CALIBRATION_METHODS, 'minmax'),
  pct: param.string('99.99'),
  images: param.string('500'),
};

/** Text inputs wait for the reader to stop typing; selects run at once. */
const TYPING_DELAY_MS = 400;

interface Measured {
  accuracy: number;
  /** The float model's accuracy, for the difference. */
  float: number;
  correct: number;
  total: number;
  settingsKey: string;
  settings: string;
  ranges: ActivationRange[];
  ms: number;
}

const formatDb = (db: number) => (db === Infinity ? '∞ dB' : `${db.toFixed(1)} dB`);
const layerOf = (weight: string) => weight.replace(/\/(depthwise_)?kernel$/, '');

/**
 * Quantizes the weights (and optionally the activations) of a live zoo model in the page's model
 * worker and shows the size of the weights, each kernel's SQNR, a histogram of one layer with the
 * quantization grid, and the test accuracy next to the float model's. After the first
 * “Quantize and evaluate”, the accuracy follows the controls (each change cancels the run before).
 * URL state: `qm.model`, `qm.bits` (8…1 or "ternary"), `qm.granularity`, `qm.scheme`, `qm.layer`,
 * `qm.abits` ("off" or 16…2), `qm.calib` (minmax, percentile, mse), `qm.pct`, `qm.images`.
 */
export function QuantizeModel({ id = 'qm' }: { id?: string }) {
  const [url, setUrlNow] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const weightsParsed = useMemo(() => parseWidth(url.bits, url.granularity, url.scheme), [url.bits, url.granularity, url.scheme]);
  const actParsed = useMemo(() => parseActivations(url.abits, url.calib, url.pct, url.images), [url.abits, url.calib, url.pct, url.images]);
  const spec = weightsParsed.ok ? weightsParsed.value : undefined;
  const activations = actParsed.ok ? actParsed.value : undefined;
  const problems = [weightsParsed, actParsed].flatMap((p) => (p.ok ? [] : [p.problem]));
  const specKey = `${url.model}|${url.bits}|${url.granularity}|${url.scheme}`;
  const settingsKey = `${specKey}|${JSON.stringify(activations ?? null)}`;
  const quantKey = `${url.model}:quantized`;
  const [report, setReport] = useState<{ key: string; report: WeightQuantReport } | { key: string; error: string } | undefined>();
  const [weights, setWeights] = useState<{ key: string; values: Float32Array; quantized: Float32Array } | { key: string; error: string } | undefined>();
  const [baseline, setBaseline] = useState<Record<string, number>>({});
  const job = useJob<Measured>();
  const measured = job.result;
  // For "predict, then measure" exercises: the accuracy in %, with the settings it was measured with.
  const [mModel = '', mBits = '', mGranularity = '', mScheme = '', mActivations] = measured?.settingsKey.split('|') ?? [];
  usePostMeasurement('quant.accuracy', measured && measured.accuracy * 100, { model: mModel, bits: mBits, granularity: mGranularity, scheme: mScheme, activations: mActivations === 'null' ? 'off' : 'on' });
  const [live, setLive] = useState(false);
  const delay = useRef(0);
  const inFlight = useRef<string | undefined>(undefined);
  const ids = {
    model: useId(), bits: useId(), gran: useId(), scheme: useId(), layer: useId(),
    abits: useId(), calib: useId(), pct: useId(), images: useId(), problems: useId(),
  };
  const ready = backend.status === 'ready';
  const running = job.running;
  const binaryLike = url.bits === '1' || url.bits === 'ternary';
  const setUrl = (patch: Partial<typeof url>, wait = 0) => {
    delay.current = wait;
    setUrlNow(patch);
  };

  // Free the quantized copy when the reader switches model or leaves the page.
  useEffect(() => () => void worker.dispose(quantKey).catch(() => undefined), [worker, quantKey]);

  // Size, SQNR and grids follow the controls at once (quantizing the weights takes milliseconds).
  useEffect(() => {
    if (!ready || running || !spec || report?.key === specKey) return;
    let on = true;
    const timer = setTimeout(() => {
      worker.jobs.quant.transformWeights({ key: url.model, newKey: quantKey, spec }).then(
        (r) => on && setReport({ key: specKey, report: r }),
        (e: Error) => on && setReport({ key: specKey, error: e.message }),
      );
    }, 150);
    return () => { on = false; clearTimeout(timer); };
  }, [ready, running, worker, url.model, quantKey, spec, specKey, report?.key]);

  const current = report?.key === specKey ? report : undefined;
  // The worker's copy under quantKey holds these weights once their report is in.
  const quantized = current !== undefined && 'report' in current;
  const layers = current && 'report' in current ? current.report.layers : [];
  const layer = layers.find((l) => l.weight === url.layer) ?? layers[0];
  const weightKey = layer ? `${specKey}|${layer.weight}` : '';

  // The chosen layer's weights and their quantized values, for the histogram and its rounding error.
  useEffect(() => {
    if (!ready || !layer || !spec || weights?.key === weightKey) return;
    let on = true;
    worker.jobs.quant.quantizedKernel({ key: url.model, weight: layer.weight, spec }).then(
      (r) => on && setWeights({ key: weightKey, ...r }),
      (e: Error) => on && setWeights({ key: weightKey, error: e.message }),
    );
    return () => { on = false; };
  }, [ready, worker, url.model, layer, spec, weightKey, weights?.key]);

  function evaluate() {
    if (!spec || activations === undefined) return;
    inFlight.current = settingsKey;
    const model = url.model;
    const key = settingsKey;
    const weightsKey = specKey;
    const settings = describeSettings(spec, activations);
    void job.start(async (signal, progress) => {
      try {
        let float = baseline[model];
        if (float === undefined) {
          const r = await worker.jobs.models.evaluate({ key: model }, { signal, onProgress: (p) => progress({ ...p, label: p.phase === 'evaluate' ? 'the float model' : undefined }) });
          float = r.accuracy;
          setBaseline((b) => ({ ...b, [model]: r.accuracy }));
        }
        progress('Quantizing');
        const q = await worker.jobs.quant.evaluate({ key: model, newKey: quantKey, weights: spec, activations }, {
          signal, onProgress: (p) => progress({ ...p, label: p.phase === 'evaluate' ? 'the quantized model' : undefined }),
        });
        if (q.report && !signal.aborted) setReport({ key: weightsKey, report: q.report });
        return { accuracy: q.accuracy, float, correct: q.correct, total: q.total, settingsKey: key, settings, ranges: q.ranges, ms: q.ms };
      } finally {
        if (inFlight.current === key) inFlight.current = undefined;
      }
    });
  }

  // Once the reader has asked for an accuracy, every change of settings measures again.
  useEffect(() => {
    if (!live || !ready || !spec || activations === undefined || measured?.settingsKey === settingsKey || inFlight.current === settingsKey) return;
    const timer = setTimeout(evaluate, delay.current);
    return () => clearTimeout(timer);
  }, [live, ready, settingsKey]); // evaluate() reads this render's settings

  const float = baseline[url.model];
  const fresh = measured?.settingsKey === settingsKey;
  const grid = layer && (layer.grids.length === 1 ? layer.grids[0] : layer.grids.reduce((a, b) => (b.clipMax - b.clipMin > a.clipMax - a.clipMin ? b : a)));
  const schemeText = binaryLike ? (url.bits === '1' ? 'binary' : 'ternary') : url.scheme;
  const widthName = (WIDTH_NAMES as Record<string, string>)[url.bits] ?? url.bits;
  const title = 'Quantize the live model';

  return (
    <LiveWidget title={title}>
      <div className="controls">
        <label htmlFor={ids.model}>Model
          <select id={ids.model} value={url.model} onChange={(e) => setUrl({ model: e.target.value as typeof url.model, layer: '' })}>
            {MODELS.map((m) => <option key={m} value={m}>{ZOO[m].name}</option>)}
          </select>
        </label>
        <label htmlFor={ids.bits}>Weight bits
          <select id={ids.bits} value={url.bits} aria-invalid={!weightsParsed.ok} aria-describedby={problems.length ? ids.problems : undefined} onChange={(e) => setUrl({ bits: e.target.value as Width })}>
            {!weightsParsed.ok && <option value={url.bits} disabled>{url.bits} (not a valid width)</option>}
            {WIDTHS.map((w) => <option key={w} value={w}>{WIDTH_NAMES[w]}</option>)}
          </select>
        </label>
        <label htmlFor={ids.gran}>Scales
          <select id={ids.gran} value={url.granularity} onChange={(e) => setUrl({ granularity: e.target.value as typeof url.granularity })}>
            <option value="tensor">one per tensor</option>
            <option value="channel">one per output channel</option>
          </select>
        </label>
        <label htmlFor={ids.scheme}>Zero point
          <select id={ids.scheme} value={url.scheme} disabled={binaryLike} onChange={(e) => setUrl({ scheme: e.target.value as typeof url.scheme })}>
            <option value="symmetric">symmetric (z = 0)</option>
            <option value="affine">affine (z from min and max)</option>
          </select>
        </label>
      </div>
      {binaryLike && <p className="muted">Binary and ternary weights are symmetric by construction (levels ±α{url.bits === 'ternary' && ' and 0'}), so the zero-point choice does not apply.</p>}
      <fieldset className="quant-activations">
        <legend>Activations (each layer’s output)</legend>
        <div className="controls">
          <label htmlFor={ids.abits}>Activation bits
            <select id={ids.abits} value={url.abits} aria-invalid={!actParsed.ok && !(ACTIVATION_WIDTHS as readonly string[]).includes(url.abits)} onChange={(e) => setUrl({ abits: e.target.value })}>
              {!(ACTIVATION_WIDTHS as readonly string[]).includes(url.abits) && <option value={url.abits} disabled>{url.abits} (not a valid width)</option>}
              {ACTIVATION_WIDTHS.map((w) => <option key={w} value={w}>{w === 'off' ? 'off (float32)' : `${w} bits`}</option>)}
            </select>
          </label>
          <label htmlFor={ids.calib}>Calibration method
            <select id={ids.calib} value={url.calib} disabled={url.abits === 'off'} onChange={(e) => setUrl({ calib: e.target.value as CalibrationMethod })}>
              {CALIBRATION_METHODS.map((m) => <option key={m} value={m}>{CALIBRATION_NAMES[m]}</option>)}
            </select>
          </label>
          {url.calib === 'percentile' && (
            <label htmlFor={ids.pct}>Percentile kept
              <input id={ids.pct} type="number" inputMode="decimal" min={0} max={100} step="any" size={7} value={url.pct} disabled={url.abits === 'off'} onChange={(e) => setUrl({ pct: e.target.value }, TYPING_DELAY_MS)} />
            </label>
          )}
          <label htmlFor={ids.images}>Calibration images
            <input id={ids.images} type="number" inputMode="numeric" min={1} max={60000} step={1} size={7} value={url.images} disabled={url.abits === 'off'} onChange={(e) => setUrl({ images: e.target.value }, TYPING_DELAY_MS)} />
          </label>
        </div>
        <p className="muted">
          Each layer’s output range is calibrated on the first training images, and the outputs are
          then rounded onto an affine grid of that range: all levels on [0, max] after a ReLU.
        </p>
      </fieldset>
      {problems.length > 0 && (
        <div role="alert" className="error-box" id={ids.problems}>
          {problems.map((p) => <p key={p}>{p}</p>)}
          {measured && <p>The result below is still the one for {measured.settings}.</p>}
        </div>
      )}
      <div className="controls">
        <button type="button" className="primary" disabled={!ready || running || problems.length > 0} onClick={() => { setLive(true); evaluate(); }}>Quantize and evaluate</button>
      </div>
      {live && <p className="muted">The accuracy now follows the settings: each change measures again on all 10,000 test images.</p>}
      <JobStatus state={job.state} onCancel={job.cancel} failed="The evaluation failed" cancelled="Evaluation cancelled." />
      {job.state.status === 'error' && measured && <p>The result below is still the one for {measured.settings}.</p>}
      {current && 'error' in current && <div role="alert" className="error-box">The weights could not be quantized: {current.error}</div>}

      <div className="quant-results" role="status">
        <p>
          Float accuracy: <strong data-testid="float-accuracy" data-value={float}>{float === undefined ? 'not measured yet' : formatPercent(float)}</strong>
          {' · '}Quantized accuracy:{' '}
          {measured
            ? <strong data-testid="quant-accuracy" data-value={measured.accuracy} data-fresh={fresh} data-settings={measured.settingsKey}>{formatPercent(measured.accuracy)}</strong>
            : <span className="quant-stale">press “Quantize and evaluate”</span>}
          {measured && (
            <> ({(measured.accuracy - measured.float >= 0 ? '+' : '−') + Math.abs((measured.accuracy - measured.float) * 100).toFixed(2)} points from float; {formatInt(measured.correct)} of {formatInt(measured.total)} images, <span data-testid="quant-ms" data-value={measured.ms}>{Math.round(measured.ms)} ms</span> in the worker)</>
          )}
        </p>
        {measured && <p className={fresh ? 'muted' : 'quant-stale'} data-testid="quant-settings">{fresh ? 'With' : 'Measured with the earlier settings:'} {measured.settings}.</p>}
        {current && 'report' in current && (
          <p>
            Weights: <strong data-testid="quant-bytes" data-value={current.report.quantBytes}>{formatBytes(current.report.quantBytes)}</strong> instead of{' '}
            <span data-testid="float-bytes">{formatBytes(current.report.floatBytes)}</span> as float32
            ({(current.report.floatBytes / current.report.quantBytes).toFixed(1)}× smaller; biases stay float32 and each scale costs 4 bytes{url.scheme === 'affine' && !binaryLike && ', each zero point 4 more'}).
          </p>
        )}
      </div>

      {measured && measured.ranges.length > 0 && (
        <div className="live-table-wrap">
          <table className="live-table" aria-label="Calibrated activation ranges">
            <caption className="muted">Calibrated output ranges of the last measurement</caption>
            <thead>
              <tr><th scope="col">Layer output</th><th scope="col">Min</th><th scope="col">Max</th><th scope="col">Step (scale)</th><th scope="col">Zero point</th></tr>
            </thead>
            <tbody>
              {measured.ranges.map((r) => (
                <tr key={r.layer} data-activation={r.layer}>
                  <th scope="row">{r.layer}</th>
                  <td>{r.min.toPrecision(4)}</td>
                  <td>{r.max.toPrecision(4)}</td>
                  <td data-testid="activation-scale" data-value={r.params.scale}>{r.params.scale.toPrecision(3)}</td>
                  <td>{r.params.zeroPoint}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {layers.length > 0 && (
        <div className="live-table-wrap">
          <table className="live-table" aria-label="Quantization error per layer">
            <thead>
              <tr><th scope="col">Layer</th><th scope="col">Kernel shape</th><th scope="col">Scales</th><th scope="col">Bytes</th><th scope="col">SQNR</th></tr>
            </thead>
            <tbody>
              {layers.map((l) => (
                <tr key={l.weight} data-layer={layerOf(l.weight)}>
                  <th scope="row">{layerOf(l.weight)}</th>
                  <td>{l.shape.join('×')}</td>
                  <td>{formatInt(l.scales)}</td>
                  <td>{formatInt(l.bytes)}</td>
                  <td data-testid="sqnr" data-value={l.sqnrDb}>{formatDb(l.sqnrDb)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {layer && (
        <>
          <div className="controls">
            <label htmlFor={ids.layer}>Histogram of layer
              <select id={ids.layer} value={layer.weight} onChange={(e) => setUrl({ layer: e.target.value })}>
                {layers.map((l) => <option key={l.weight} value={l.weight}>{layerOf(l.weight)}</option>)}
              </select>
            </label>
          </div>
          {weights?.key === weightKey && 'error' in weights && <div role="alert" className="error-box">The weights could not be read for the histogram: {weights.error}</div>}
          {weights?.key === weightKey && 'values' in weights && grid && (
            <WeightHistogram
              values={weights.values}
              quantized={weights.quantized}
              grid={grid}
              label={`${layerOf(layer.weight)} weights, ${widthName} ${schemeText}${layer.grids.length > 1 ? `, widest of ${layer.grids.length} channel grids` : ''}`}
            />
          )}
          {layer.grids.length > 1 && <p className="muted">Per channel, each of the {layer.grids.length} output channels has its own grid; the chart draws the widest one.</p>}
        </>
      )}
      <TfjsDownload
        id={id} what="the quantized model" modelKey={quantized ? quantKey : undefined} version={quantized ? specKey : undefined}
        fileBase={`${url.model}-${binaryLike ? schemeText : `w${url.bits}-${url.granularity}-${url.scheme}`}`}
      />
    </LiveWidget>
  );
}
