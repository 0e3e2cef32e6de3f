import { useEffect, useId, useMemo, useState } from 'react';
import { ZOO } from '../../runtime/contract/zoo';
import { argmaxRows, CALIBRATION_METHODS, floatMlpForward, traceIntegerMlp, type CalibrationMethod } from '../../engine';
import type { IntegerBuildSpec } from '../../runtime/contract/integer';
import type { IntegerBuild } from '../../runtime/contract/integer';
import { LiveWidget } from '../live/LiveWidget';
import { DigitImage } from '../live/DigitImage';
import { formatInt, formatMs, formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { NumberField, useFieldsValid } from '../input';
import { CALIBRATION_NAMES } from './calibrationInput';
import { FIELDS, valueProblem } from './fields';
import './quant.css';
import './integer.css';

const MODELS = ['lenet-300-100', 'teacher-1200'] as const;
/** Units shown per layer: the first few (a layer has up to 1,200). */
const SHOWN_UNITS = 10;

const schema = {
  model: param.oneOf(MODELS, 'lenet-300-100'),
  calib: param.integer(500),
  method: param.oneOf(CALIBRATION_METHODS, 'minmax'),
  pct: param.number(99.99),
  scales: param.oneOf(['tensor', 'channel'] as const, 'tensor'),
  image: param.integer(0, 0, 9999),
};

const specKeyOf = (model: string, s: IntegerBuildSpec) => `${model}|${s.calibrationImages}|${s.method}|${s.percentile}|${s.perChannel}`;

/**
 * The int8 network of Jacob et al. (2018) built from a live MLP: activation ranges calibrated on
 * training images, int8 weights, int32 accumulators and bias, fixed-point requantization. Scores
 * it on the whole test set in the worker, then follows one test image through it layer by layer,
 * next to the float network's values. URL keys `ip.model`, `ip.calib`, `ip.method`, `ip.pct`,
 * `ip.scales`, `ip.image`.
 */
export function IntegerPipeline({ id = 'ip' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const fields = useFieldsValid();
  const { worker, backend } = useModelWorker();
  const job = useJob<{ key: string; build: IntegerBuild }>();
  const [image, setImage] = useState<{ index: number; pixels: Uint8Array; label: number } | { index: number; error: string }>();
  const ids = { model: useId(), method: useId(), scales: useId() };
  const ready = backend.status === 'ready';
  const spec: IntegerBuildSpec = { calibrationImages: url.calib, method: url.method, percentile: url.pct, perChannel: url.scales === 'channel', weightBits: 8 };
  const specKey = specKeyOf(url.model, spec);
  // A link's value is shown, with its message, by its field; it must also keep the build from starting.
  const problem = valueProblem(url.calib, FIELDS.calibrationImages) ?? (url.method === 'percentile' ? valueProblem(url.pct, FIELDS.percentile) : undefined);

  useEffect(() => {
    if (!ready) return;
    let live = true;
    worker.jobs.models.testImage({ index: url.image }).then(
      (r) => live && setImage({ index: url.image, pixels: r.pixels, label: r.label }),
      (e: Error) => live && setImage({ index: url.image, error: e.message }),
    );
    return () => { live = false; };
  }, [ready, worker, url.image]);

  const build = job.result?.build;
  const trace = useMemo(() => {
    if (!build || !image || 'error' in image) return undefined;
    const float = floatMlpForward(build.float, Float32Array.from(image.pixels, (p) => p / 255));
    return { int: traceIntegerMlp(build.model, image.pixels), float };
  }, [build, image]);

  function run() {
    if (problem) return;
    const key = specKey;
    void job.start(async (signal, progress) => {
      const result = await worker.jobs.integer.build({ key: url.model, spec }, { signal, onProgress: progress });
      return { key, build: result };
    });
  }

  const stale = job.result && job.result.key !== specKey;
  return (
    <LiveWidget title="The integer pipeline">
      <div className="controls">
        <label htmlFor={ids.model}>Model
          <select id={ids.model} value={url.model} disabled={job.running} onChange={(e) => setUrl({ model: e.target.value as typeof url.model })}>
            {MODELS.map((m) => <option key={m} value={m}>{ZOO[m].name}</option>)}
          </select>
        </label>
        <NumberField rule={FIELDS.calibrationImages} value={url.calib} onValue={(calib) => setUrl({ calib })} disabled={job.running} size={7} />
        <label htmlFor={ids.method}>Activation range
          <select id={ids.method} value={url.method} disabled={job.running} onChange={(e) => setUrl({ method: e.target.value as CalibrationMethod })}>
            {CALIBRATION_METHODS.map((m) => <option key={m} value={m}>{CALIBRATION_NAMES[m]}</option>)}
          </select>
        </label>
        {url.method === 'percentile' && (
          <NumberField rule={FIELDS.percentile} value={url.pct} onValue={(pct) => setUrl({ pct })} disabled={job.running} size={7} />
        )}
        <label htmlFor={ids.scales}>Weight scales
          <select id={ids.scales} value={url.scales} disabled={job.running} onChange={(e) => setUrl({ scales: e.target.value as typeof url.scales })}>
            <option value="tensor">one per layer</option>
            <option value="channel">one per output unit</option>
          </select>
        </label>
      </div>
      <div className="controls">
        <button type="button" className="primary" disabled={!ready || job.running || !!problem || !fields.valid} aria-describedby={fields.describedBy} onClick={run}>Build the int8 network and score it</button>
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} failed="The integer network could not be built" cancelled="Cancelled; the last finished result stays below." />

      {build && (
        <div className={stale ? 'quant-results quant-stale-block' : 'quant-results'} role="status">
          {stale && <p className="muted">These results are for the previous settings; press the button to rebuild.</p>}
          <p>
            Integer-only accuracy on {formatInt(build.score.count)} test images:{' '}
            <strong data-testid="int-accuracy" data-value={build.score.accuracy}>{formatPercent(build.score.accuracy)}</strong>
            {' · '}same prediction as the float simulation of the int8 model on{' '}
            <strong data-testid="int-agreement" data-value={build.score.agreement}>{formatPercent(build.score.agreement)}</strong> of them
            {' · '}the integer pass took {formatMs(build.score.integerMs)} in plain TypeScript.
          </p>
          {build.model.warnings.length > 0 && <div role="alert" className="error-box">Warnings while quantizing: {build.model.warnings.join('; ')}</div>}
        </div>
      )}

      {build && (
        <div className="controls">
          <NumberField rule={FIELDS.testImage} value={url.image} onValue={(image) => setUrl({ image })} />
          <button type="button" onClick={() => setUrl({ image: Math.max(0, url.image - 1) })} disabled={url.image <= 0}>Previous image</button>
          <button type="button" onClick={() => setUrl({ image: Math.min(9999, url.image + 1) })} disabled={url.image >= 9999}>Next image</button>
        </div>
      )}
      {build && image && 'error' in image && <div role="alert" className="error-box">The test image could not be read: {image.error}</div>}
      {build && image && 'pixels' in image && trace && (
        <IntegerTrace build={build} pixels={image.pixels} label={image.label} index={image.index} trace={trace} />
      )}
    </LiveWidget>
  );
}

function IntegerTrace({ build, pixels, label, index, trace }: {
  build: IntegerBuild;
  pixels: Uint8Array;
  label: number;
  index: number;
  trace: { int: ReturnType<typeof traceIntegerMlp>; float: Float32Array[] };
}) {
  const last = trace.int.length - 1;
  const intOut = trace.int[last].output;
  const intClass = argmaxRows(intOut, 1, intOut.length)[0];
  const floatClass = argmaxRows(trace.float[last], 1, trace.float[last].length)[0];
  return (
    <div className="int-trace">
      <div className="int-trace-image">
        <DigitImage pixels={pixels} label={`test image ${index}, labelled ${label}`} />
        <p>
          Label <strong>{label}</strong>. Integer network says <strong data-testid="int-class">{intClass}</strong>, float network says{' '}
          <strong data-testid="float-class">{floatClass}</strong>. The input integers are the pixel bytes themselves
          (scale 1/255, zero point 0).
        </p>
      </div>
      {build.model.layers.map((layer, k) => {
        const t = trace.int[k];
        const perUnit = new Set(layer.m0).size > 1;
        const real = (q: number) => layer.output.scale * (q - layer.output.zeroPoint);
        const shown = Math.min(layer.units, SHOWN_UNITS);
        return (
          <div key={k} className="int-layer" data-layer={k}>
            <h4>Layer {k + 1}: {layer.inputs} → {layer.units}{layer.relu ? ', ReLU' : ' (logits)'}</h4>
            <p className="int-params">
              S<sub>in</sub> = {layer.input.scale.toPrecision(4)}, Z<sub>in</sub> = {layer.input.zeroPoint};
              S<sub>w</sub> = {perUnit ? 'one per unit' : layer.weightScales[0].toPrecision(4)};
              S<sub>out</sub> = {layer.output.scale.toPrecision(4)}, Z<sub>out</sub> = {layer.output.zeroPoint};
              {perUnit
                ? ' M₀ and n per unit (see the table).'
                : <> M = S<sub>w</sub>S<sub>in</sub>/S<sub>out</sub> = M₀·2<sup>−n</sup> with M₀ = <span data-testid={`m0-${k}`}>{layer.m0[0]}</span> (×2<sup>−31</sup>) and n = {layer.shift[0]}.</>}
              {' '}Nonzero inputs: {formatInt(t.input.reduce((s, v) => s + (v !== layer.input.zeroPoint ? 1 : 0), 0))} of {formatInt(layer.inputs)}.
            </p>
            <div className="live-table-wrap">
              <table className="live-table" aria-label={`Layer ${k + 1}, first ${shown} units`}>
                <thead>
                  <tr>
                    <th scope="col">Unit</th>
                    <th scope="col">int32 accumulator</th>
                    {perUnit && <th scope="col">M₀, n</th>}
                    <th scope="col">uint8 output</th>
                    <th scope="col">its real value</th>
                    <th scope="col">float network</th>
                  </tr>
                </thead>
                <tbody>
                  {Array.from({ length: shown }, (_, j) => (
                    <tr key={j}>
                      <th scope="row">{j}</th>
                      <td>{formatInt(t.accumulators[j])}</td>
                      {perUnit && <td>{layer.m0[j]}, {layer.shift[j]}</td>}
                      <td>{t.output[j]}</td>
                      <td>{real(t.output[j]).toFixed(4)}</td>
                      <td>{trace.float[k][j].toFixed(4)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {layer.units > shown && <p className="muted">First {shown} of {formatInt(layer.units)} units.</p>}
          </div>
        );
      })}
    </div>
  );
}
