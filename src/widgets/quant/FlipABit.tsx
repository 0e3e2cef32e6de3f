import { useEffect, useId, useMemo, useState } from 'react';
import { argmaxRows, decode, dequantize, describe, encode, largestMagnitude, quantize, quantParams, tensorRange, type QuantParams } from '../../engine';
import type { WeightQuantSpec } from '../../runtime/contract/quant';
import { BitGrid } from '../formats/BitGrid';
import { NumberField, useFieldsValid } from '../input';
import { formatQuantity, patternHex, patternLabel } from '../formats/display';
import { LiveWidget } from '../live/LiveWidget';
import { formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState, type Param } from '../urlState';
import { valueProblem } from './fields';
import '../formats/formats.css';
import './integer.css';

const MODEL = 'lenet-300-100';
const LAYERS = ['dense1', 'dense2', 'logits'] as const;
/** The int8 copy: one symmetric scale per tensor, the simplest int8 model. */
const INT8: WeightQuantSpec = { bits: 8, granularity: 'tensor', scheme: 'symmetric' };
const KEYS = { fp32: 'flip:fp32', int8: 'flip:int8', int8Flipped: 'flip:int8-flipped' };

const hexMask = (width: number, fallback: string): Param<string> => ({
  ...param.string(fallback),
  read: (s, label) => (/^[0-9a-f]+$/i.test(s) && s.length <= width / 4 ? { ok: true, value: s.toLowerCase() }
    : { ok: false, message: `${label} must be a hex mask of 1 to ${width / 4} digits (0–9, a–f).` }),
});

const schema = {
  layer: param.oneOf(LAYERS, 'dense1'),
  /** Index of the weight in its kernel; −1 picks the weight of largest magnitude, −2 the largest positive one. */
  index: param.integer(-1, -2),
  /** Which bits are flipped, as a hex XOR mask: of the fp32 pattern, and of the int8 code. */
  fflip: hexMask(32, '40000000'),
  iflip: hexMask(8, '40'),
};

interface Outcome { before: number; after: number; valueBefore: number; valueAfter: number }
interface Result { key: string; fp32: Outcome; int8: Outcome }
/** Accuracy of the unflipped float and int8 models on one backend: the same for every flip. */
interface Baseline { backend: string; float: number; int8: number }

/**
 * Flip bits of one weight of the live LeNet-300-100 and measure the test accuracy: once in the
 * float32 model (a flipped exponent bit can turn 0.3 into 10^38) and once in an int8 copy (the
 * worst a flipped bit can do is move the weight across the int8 range). URL keys `fb.layer`,
 * `fb.index`, `fb.fflip`, `fb.iflip`.
 */
export function FlipABit({ id = 'fb' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const fields = useFieldsValid();
  const { worker, backend } = useModelWorker();
  const ready = backend.status === 'ready';
  const weight = `${url.layer}/kernel`;
  const [values, setValues] = useState<{ weight: string; values: Float32Array } | { weight: string; error: string }>();
  const job = useJob<Result>();
  const [baseline, setBaseline] = useState<Baseline>();
  const ids = { layer: useId() };

  useEffect(() => {
    if (!ready) return;
    let live = true;
    worker.jobs.quant.weightValues({ key: MODEL, weight }).then(
      (v) => live && setValues({ weight, values: v }),
      (e: Error) => live && setValues({ weight, error: e.message }),
    );
    return () => { live = false; };
  }, [ready, worker, weight]);
  useEffect(() => () => { for (const key of Object.values(KEYS)) void worker.dispose(key).catch(() => undefined); }, [worker]);

  const kernel = values?.weight === weight && 'values' in values ? values.values : undefined;
  const index = kernel ? pickIndex(kernel, url.index) : undefined;
  // A link's index is shown, with its message, by the weight-number field; nothing is measured for it.
  const indexRule = { label: 'Weight number', min: 0, max: (kernel?.length ?? 1) - 1, integer: true };
  const indexProblem = kernel && index !== undefined ? valueProblem(index, indexRule) : undefined;
  const flip = useMemo(() => {
    if (!kernel || index === undefined || indexProblem) return undefined;
    const { min, max } = tensorRange(kernel);
    const p = quantParams(min, max, 8, { symmetric: true });
    return flipOutcome(kernel[index], p, BigInt(`0x${url.fflip}`), BigInt(`0x${url.iflip}`));
  }, [kernel, index, indexProblem, url.fflip, url.iflip]);
  const resultKey = `${weight}|${index}|${url.fflip}|${url.iflip}`;

  function measure() {
    if (!flip || index === undefined) return;
    const key = resultKey;
    void job.start(async (signal, progress) => {
      // Score the unflipped models once per backend; each flip then needs two evaluations.
      const known = baseline?.backend === backend.requested ? baseline : undefined;
      const stages = known ? 2 : 4;
      let stage = 0;
      const evaluate = async (model: string, step: string) => {
        const at = stage++;
        const r = await worker.jobs.models.evaluate({ key: model }, { signal, onProgress: (p) => p.phase === 'evaluate' ? progress(step, (at + p.done! / p.total!) / stages) : progress(p) });
        return r.accuracy;
      };
      let base = known;
      if (!base) {
        const float = await evaluate(MODEL, 'Scoring the float model');
        await worker.jobs.quant.transformWeights({ key: MODEL, newKey: KEYS.int8, spec: INT8 }, { signal });
        base = { backend: backend.requested, float, int8: await evaluate(KEYS.int8, 'Scoring the int8 model') };
        setBaseline(base);
      }
      await worker.jobs.quant.withWeightValue({ key: MODEL, newKey: KEYS.fp32, name: weight, index, value: flip.fp32.after }, { signal });
      const fp32After = await evaluate(KEYS.fp32, 'Scoring the float model with the flipped bit');
      await worker.jobs.quant.withWeightValue({ key: KEYS.int8, newKey: KEYS.int8Flipped, name: weight, index, value: flip.int8.after }, { signal });
      const int8After = await evaluate(KEYS.int8Flipped, 'Scoring the int8 model with the flipped bit');
      return {
        key,
        fp32: { before: base.float, after: fp32After, valueBefore: flip.fp32.before, valueAfter: flip.fp32.after },
        int8: { before: base.int8, after: int8After, valueBefore: flip.int8.before, valueAfter: flip.int8.after },
      };
    });
  }

  const result = job.result;
  return (
    <LiveWidget title="Flip a bit">
      <div className="controls">
        <label htmlFor={ids.layer}>Layer of LeNet-300-100
          <select id={ids.layer} value={url.layer} disabled={job.running} onChange={(e) => setUrl({ layer: e.target.value as typeof url.layer, index: -1 })}>
            {LAYERS.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </label>
        {kernel && index !== undefined && <NumberField rule={indexRule} value={index} onValue={(i) => setUrl({ index: i })} disabled={job.running} size={7} />}
        <button type="button" disabled={job.running || !kernel} onClick={() => setUrl({ index: -1 })}>Largest weight of the layer</button>
        <button type="button" disabled={job.running || !kernel} onClick={() => setUrl({ index: -2 })}>Largest positive weight</button>
      </div>
      {values && 'error' in values && <div role="alert" className="error-box">The weights could not be read: {values.error}</div>}
      {flip && (
        <>
          <p>
            Weight {index} of {url.layer} is <strong data-testid="weight-value">{formatQuantity(flip.fp32.before)}</strong>.
            Click bits to flip them; outlined bits are the flipped ones (the top exponent bit, to begin with).
          </p>
          <FlipGrid format="fp32" original={flip.fp32.bits} mask={BigInt(`0x${url.fflip}`)} disabled={job.running}
            onMask={(m) => setUrl({ fflip: patternHex(m, 32) })} value={flip.fp32.after} />
          <FlipGrid format="int8" original={flip.int8.bits} mask={BigInt(`0x${url.iflip}`)} disabled={job.running}
            onMask={(m) => setUrl({ iflip: patternHex(m, 8) })} value={flip.int8.after}
            note={`int8 code ${flip.int8.q} × scale ${formatQuantity(flip.scale)}`} />
          <div className="controls">
            <button type="button" className="primary" disabled={!ready || job.running || !fields.valid} aria-describedby={fields.describedBy} onClick={measure}>Flip and measure the test accuracy</button>
          </div>
        </>
      )}
      <JobStatus state={job.state} onCancel={job.cancel} failed="The measurement failed" cancelled="Cancelled; the last finished measurement stays below." />
      {result && (
        <div className="live-table-wrap" role="status">
          {result.key !== resultKey && <p className="muted">Measured for the previous flip; press the button to measure this one.</p>}
          <table className="live-table flip-table" aria-label="Test accuracy before and after the flip">
            <thead>
              <tr><th scope="col">Model</th><th scope="col">Weight before</th><th scope="col">after</th><th scope="col">Accuracy before</th><th scope="col">after</th><th scope="col">Change</th></tr>
            </thead>
            <tbody>
              {(['fp32', 'int8'] as const).map((m) => {
                const o = result[m];
                const change = pointsChange(o.after - o.before);
                return (
                  <tr key={m} data-model={m}>
                    <th scope="row">{m === 'fp32' ? 'float32' : 'int8 (per tensor)'}</th>
                    <td>{formatQuantity(o.valueBefore)}</td>
                    <td>{formatQuantity(o.valueAfter)}</td>
                    <td>{formatPercent(o.before)}</td>
                    <td data-testid={`${m}-after`} data-value={o.after}>{formatPercent(o.after)}</td>
                    <td data-testid={`${m}-change`} data-change={change}>{change}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </LiveWidget>
  );
}

/** The weight a URL index names: itself, or −1 for the largest magnitude, −2 for the largest positive value. */
function pickIndex(kernel: Float32Array, index: number): number {
  if (index === -1) return largestMagnitude(kernel).index;
  if (index === -2) return argmaxRows(kernel, 1, kernel.length)[0];
  return index;
}

/** "−88.20 points", "+0.01 points", "no change". */
function pointsChange(delta: number): string {
  const points = delta * 100;
  if (Math.abs(points) < 0.005) return 'no change';
  return `${points > 0 ? '+' : '−'}${Math.abs(points).toFixed(2)} points`;
}

/** The fp32 pattern and int8 code of one weight, each with the flip applied, and their values. */
function flipOutcome(w: number, p: QuantParams, fp32Mask: bigint, int8Mask: bigint) {
  const bits = encode('fp32', w);
  const q = quantize(Float32Array.of(w), p)[0];
  const ibits = encode('int8', q);
  const qFlipped = decode('int8', ibits ^ int8Mask);
  return {
    scale: p.scale,
    fp32: { bits, before: decode('fp32', bits), after: decode('fp32', bits ^ fp32Mask) },
    int8: { bits: ibits, q, before: dequantize([q], p)[0], after: dequantize([qFlipped], p)[0] },
  };
}

function FlipGrid({ format, original, mask, onMask, value, disabled, note }: {
  format: 'fp32' | 'int8';
  original: bigint;
  mask: bigint;
  onMask: (mask: bigint) => void;
  value: number;
  disabled: boolean;
  note?: string;
}) {
  const width = format === 'fp32' ? 32 : 8;
  const flipped = original ^ mask;
  const d = describe(format, flipped);
  return (
    <div className="flip-grid" aria-disabled={disabled}>
      <p>
        <strong>{format === 'fp32' ? 'float32' : 'int8'}</strong>: {patternLabel(original, width)} → {patternLabel(flipped, width)}
        {note && <> ({note})</>}; the weight becomes <strong data-testid={`${format}-flipped`}>{formatQuantity(value)}</strong>.
      </p>
      <BitGrid bits={flipped} width={width} fields={d.fields} marked={mask} label={`The ${width} bits of the weight as ${format}, with the flipped ones applied`}
        onChange={(next) => !disabled && onMask(next ^ original)} />
    </div>
  );
}
