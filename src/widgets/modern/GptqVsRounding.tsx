import { useId } from 'react';
import { groupStorage } from '../../engine';
import type { GptqLayerRow, GptqOutcome } from '../../runtime/contract/modern';
import { NumberField, parseField, type FieldRule, useFieldsValid } from '../input';
import { LiveWidget } from '../live/LiveWidget';
import { formatMs, formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { ModelSelect } from './ModelSelect';
import { CALIBRATION_RULE, GROUP_NAMES, GROUP_SIZES, groupSizeOf, modelParam, type GroupChoice } from './settings';

const BITS_RULE: FieldRule = { label: 'Weight bits', min: 2, max: 8, integer: true };

// Defaults: 3 bits in groups of 64 with zero points, where round-to-nearest starts to hurt and
// GPTQ does not (bench/modern.bench.ts records the numbers the lesson quotes).
const schema = {
  model: modelParam,
  bits: param.field(3, BITS_RULE),
  group: param.oneOf(GROUP_SIZES, '64'),
  zeroPoint: param.boolean(true),
  calibration: param.field(128, CALIBRATION_RULE),
};

const layerName = (weight: string) => weight.replace(/\/kernel$/, '');

/** Inputs of the first layer of both models: the row length of a per-output scale. */
const FIRST_LAYER_INPUTS = 784;

/** Bytes per weight of one whole group (or one 784-input row): codes plus scale (and zero point). */
function bytesPerWeight(bits: number, group: GroupChoice, zeroPoint: boolean): number {
  const length = group === '0' ? FIRST_LAYER_INPUTS : Number(group);
  return groupStorage(1, length, { bits, groupSize: length, zeroPoint }).bytesPerWeight;
}

/**
 * Quantizes a fully connected model of the zoo to `bits` with one scale per group of inputs, by
 * round-to-nearest, by GPTQ (Frantar et al. 2023) and by AWQ (Lin et al. 2024) on the same grid,
 * and shows each layer's output error on the calibration data and the test accuracy of all three. URL state: `gq.model`,
 * `gq.bits`, `gq.group` (32, 64, 128 or 0 for per output), `gq.zeroPoint`, `gq.calibration`.
 */
export function GptqVsRounding({ id = 'gq' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const fields = useFieldsValid();
  const { worker, backend } = useModelWorker();
  const job = useJob<GptqOutcome>();
  const ids = { group: useId(), zero: useId() };
  const checks = [parseField(String(url.bits), BITS_RULE), parseField(String(url.calibration), CALIBRATION_RULE)];
  const problem = checks.find((c) => !c.ok);

  function run() {
    void job.start((signal, progress) => worker.jobs.modern.gptq({
      key: url.model, bits: url.bits, groupSize: groupSizeOf(url.group), zeroPoint: url.zeroPoint, calibration: url.calibration,
    }, { signal, onProgress: progress }));
  }

  const result = job.result;
  return (
    <LiveWidget title="GPTQ and AWQ against round-to-nearest">
      <div className="controls">
        <ModelSelect value={url.model} onChange={(model) => setUrl({ model })} disabled={job.running} />
        <NumberField rule={BITS_RULE} value={url.bits} onValue={(bits) => setUrl({ bits })} disabled={job.running} size={3} />
        <label htmlFor={ids.group}>One scale per
          <select id={ids.group} value={url.group} disabled={job.running} onChange={(e) => setUrl({ group: e.target.value as GroupChoice })}>
            {GROUP_SIZES.map((g) => <option key={g} value={g}>{GROUP_NAMES[g]}</option>)}
          </select>
        </label>
        <label htmlFor={ids.zero}>
          <input id={ids.zero} type="checkbox" checked={url.zeroPoint} disabled={job.running} onChange={(e) => setUrl({ zeroPoint: e.target.checked })} /> zero point per group
        </label>
        <NumberField rule={CALIBRATION_RULE} value={url.calibration} onValue={(calibration) => setUrl({ calibration })} disabled={job.running} />
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running || problem !== undefined || !fields.valid} aria-describedby={fields.describedBy} onClick={run}>Quantize three ways</button>
      </div>
      <p className="muted" data-testid="gq-storage">
        Storage: {url.bits} bits per weight plus a 16-bit scale{url.zeroPoint ? ` and a ${url.bits}-bit zero point` : ''} per group
        {url.group === '0' ? ' (a row of 784 inputs)' : ''}
        {problem === undefined && <> = <strong>{bytesPerWeight(url.bits, url.group, url.zeroPoint).toFixed(3)} bytes per weight</strong> (float32: 4)</>}.
        AWQ's per-input scales fold into the layer before (or the input), so they cost nothing extra.
        The calibration images come from the training set; accuracy is measured on all 10,000 test images.
      </p>
      <JobStatus state={job.state} onCancel={job.cancel} failed="Quantization failed" cancelled="Cancelled; the last finished comparison stays below." />
      {result && <GptqTable result={result} />}
    </LiveWidget>
  );
}

function GptqTable({ result }: { result: GptqOutcome }) {
  return (
    <div className="live-table-wrap" data-testid="gq-result" data-rtn={result.rtnAccuracy} data-gptq={result.gptqAccuracy} data-awq={result.awqAccuracy} data-float={result.floatAccuracy} data-bytes-per-weight={result.bytesPerWeight}>
      <p>
        Test accuracy: float <strong>{formatPercent(result.floatAccuracy)}</strong>, round-to-nearest <strong>{formatPercent(result.rtnAccuracy)}</strong>,
        GPTQ <strong>{formatPercent(result.gptqAccuracy)}</strong>, AWQ <strong>{formatPercent(result.awqAccuracy)}</strong>. The kernels take {result.bytesPerWeight.toFixed(3)} bytes per weight
        ({(result.floatKernelBytes / result.groupedKernelBytes).toFixed(1)}× smaller than float32).
      </p>
      <table className="live-table" aria-label="Output error of each layer on the calibration data, and the α AWQ chose">
        <thead>
          <tr>
            <th scope="col">Layer</th><th scope="col">Outputs × inputs</th><th scope="col">‖WX − ŴX‖², rounding</th><th scope="col">GPTQ</th><th scope="col">AWQ</th>
            <th scope="col">GPTQ / rounding</th><th scope="col">AWQ / rounding (α)</th><th scope="col">GPTQ time</th><th scope="col">AWQ time</th>
          </tr>
        </thead>
        <tbody>
          {result.layers.map((l: GptqLayerRow) => (
            <tr key={l.weight} data-layer={layerName(l.weight)} data-ratio={l.gptqError / l.rtnError} data-ms={l.gptqMs}
              data-rtn-error={l.rtnError} data-awq-error={l.awqError} data-awq-alpha={l.awqAlpha} data-awq-ms={l.awqMs}>
              <th scope="row">{layerName(l.weight)}</th>
              <td>{l.outputs} × {l.inputs}</td>
              <td>{l.rtnError.toPrecision(3)}</td>
              <td>{l.gptqError.toPrecision(3)}</td>
              <td>{l.awqError.toPrecision(3)}</td>
              <td>{(l.gptqError / l.rtnError).toFixed(2)}</td>
              <td>{(l.awqError / l.rtnError).toFixed(2)} ({l.awqAlpha.toFixed(2)})</td>
              <td>{formatMs(l.gptqMs)}</td>
              <td>{formatMs(l.awqMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
