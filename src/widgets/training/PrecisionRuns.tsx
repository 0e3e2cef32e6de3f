import { useState } from 'react';
import {
  LOSS_SCALE_RANGE, PRECISION_MAX_STEPS, PRECISION_MODES, PRECISION_NAMES,
  type PrecisionMode, type PrecisionRunResult, type PrecisionRunSettings, type PrecisionStep,
} from '../../runtime/contract/training';
import { CurveChart, type Series } from '../distill/CurveChart';
import '../distill/distill.css';
import { NumberField, useFieldsValid } from '../input';
import { JobStatus, LiveWidget, useJob, useModelWorker } from '../live';
import { param, useUrlState } from '../urlState';
import { formatMs, formatPercent } from './format';
import './training.css';

const DEFAULT_MODES: PrecisionMode[] = ['fp32', 'fp16', 'fp16-master', 'fp16-master-scaled'];

const schema = {
  modes: param.string(DEFAULT_MODES.join(',')),
  steps: param.integer(300, 1, PRECISION_MAX_STEPS),
  batch: param.integer(64, 1, 1000),
  lr: param.number(0.1, 1e-6, 10),
  seed: param.integer(1, 0, 1e9),
  scale: param.number(2 ** 16, LOSS_SCALE_RANGE.min, LOSS_SCALE_RANGE.max),
  growth: param.integer(100, 1, 100000),
};

/** Each mode's line class: distinct dashes as well as colours. */
const LINE: Record<PrecisionMode, string> = {
  fp32: 'tr-fp32', fp16: 'tr-fp16', 'fp16-master': 'tr-master', 'fp16-master-scaled': 'tr-scaled', 'bf16-master': 'tr-bf16', 'fp8-master-scaled': 'tr-fp8',
};

const modesOf = (text: string) => PRECISION_MODES.filter((m) => text.split(',').includes(m));

/**
 * Trains LeNet-300-100 from one seeded start in several simulated precisions with SGD, and draws
 * the loss curves, the loss scale of the scaled runs, and a table of the outcomes.
 */
export function PrecisionRuns() {
  const [s, set] = useUrlState('prec', schema);
  const fields = useFieldsValid();
  const { worker, backend } = useModelWorker();
  const job = useJob<PrecisionRunResult[]>();
  const [curves, setCurves] = useState<PrecisionStep[]>([]);
  const [ranSteps, setRanSteps] = useState(s.steps);
  const modes = modesOf(s.modes);

  function toggle(m: PrecisionMode, on: boolean) {
    const next = PRECISION_MODES.filter((k) => (k === m ? on : modes.includes(k)));
    set({ modes: next.join(',') });
  }

  function start() {
    const settings: PrecisionRunSettings = {
      model: 'lenet-300-100', modes, steps: s.steps, batchSize: s.batch, learningRate: s.lr, seed: s.seed, initialScale: s.scale, growthInterval: s.growth,
    };
    const seen: PrecisionStep[] = [];
    setCurves([]);
    setRanSteps(s.steps);
    void job.start((signal, progress) => worker.jobs.training.precisionRuns(settings, {
      signal, onProgress: progress,
      onPartial: (p) => {
        seen.push(p);
        if (p.step % 5 === 0 || p.step === settings.steps) setCurves(seen.slice());
      },
    }));
  }

  const ran = PRECISION_MODES.filter((m) => curves.some((c) => c.mode === m));
  const series = (value: (c: PrecisionStep) => number, only?: (m: PrecisionMode) => boolean): Series[] => ran.filter((m) => !only || only(m)).map((m) => ({
    label: PRECISION_NAMES[m], className: LINE[m], points: curves.filter((c) => c.mode === m).map((c) => ({ step: c.step, value: value(c) })),
  }));
  const scaled = (m: PrecisionMode) => m.endsWith('-scaled');

  return (
    <LiveWidget title="Train in several precisions">
      <fieldset className="training-modes">
        <legend>Ways to train (same start, same batches, SGD)</legend>
        {PRECISION_MODES.map((m) => (
          <label key={m}><input type="checkbox" checked={modes.includes(m)} disabled={job.running} onChange={(e) => toggle(m, e.target.checked)} /> {PRECISION_NAMES[m]}</label>
        ))}
      </fieldset>
      <div className="controls">
        <NumberField rule={{ label: 'Steps', min: 1, max: PRECISION_MAX_STEPS, integer: true }} value={s.steps} onValue={(steps) => set({ steps })} disabled={job.running} />
        <NumberField rule={{ label: 'Batch size', min: 1, max: 1000, integer: true }} value={s.batch} onValue={(batch) => set({ batch })} disabled={job.running} />
        <NumberField rule={{ label: 'Learning rate', min: 1e-6, max: 10 }} value={s.lr} onValue={(lr) => set({ lr })} disabled={job.running} />
        <NumberField rule={{ label: 'Starting loss scale', min: LOSS_SCALE_RANGE.min, max: LOSS_SCALE_RANGE.max }} value={s.scale} onValue={(scale) => set({ scale })} disabled={job.running} size={10} />
        <NumberField rule={{ label: 'Double the scale after', min: 1, max: 100000, integer: true, unit: ' good steps' }} value={s.growth} onValue={(growth) => set({ growth })} disabled={job.running} />
        <NumberField rule={{ label: 'Seed', min: 0, max: 1e9, integer: true }} value={s.seed} onValue={(seed) => set({ seed })} disabled={job.running} />
      </div>
      {modes.length === 0 && <p className="training-message" role="alert">Choose at least one way to train.</p>}
      <div className="controls">
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running || modes.length === 0 || !fields.valid} aria-describedby={fields.describedBy} onClick={start}>Train</button>
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} failed="Training failed" />
      {curves.length > 0 && (
        <>
          <CurveChart series={series((c) => c.loss)} steps={ranSteps} yLabel="training loss" format={(v) => v.toFixed(1)} label="Training loss of each run against the step" />
          {ran.some(scaled) && (
            <CurveChart series={series((c) => Math.log2(c.scale), scaled)} steps={ranSteps} yLabel="log₂ loss scale" format={(v) => String(v)}
              label="Loss scale of the scaled runs against the step, on a log2 axis" />
          )}
        </>
      )}
      {job.result && (
        <div className="training-table-wrap" tabIndex={0} role="region" aria-label="Outcome of each run">
          <table className="training-table" data-testid="precision-table">
            <thead><tr>
              <th scope="col">Run</th><th scope="col" className="num">Test accuracy</th><th scope="col" className="num">Final loss</th>
              <th scope="col" className="num">Gradients flushed</th><th scope="col" className="num">Updates lost</th>
              <th scope="col" className="num">Skipped steps</th><th scope="col" className="num">Time</th>
            </tr></thead>
            <tbody>
              {job.result.map((r) => (
                <tr key={r.mode} data-testid={`precision-${r.mode}`}>
                  <th scope="row">{PRECISION_NAMES[r.mode]}</th>
                  <td className="num" data-testid={`acc-${r.mode}`} data-value={r.accuracy}>{Number.isNaN(r.accuracy) ? 'diverged' : formatPercent(r.accuracy)}</td>
                  <td className="num">{Number.isNaN(r.finalLoss) ? '—' : r.finalLoss.toFixed(3)}</td>
                  <td className="num" data-testid={`flushed-${r.mode}`} data-value={r.meanFlushed}>{formatPercent(r.meanFlushed, 1)}</td>
                  <td className="num" data-testid={`lost-${r.mode}`} data-value={r.meanLost}>{formatPercent(r.meanLost, 1)}</td>
                  <td className="num" data-testid={`skipped-${r.mode}`}>{r.skippedSteps}</td>
                  <td className="num" data-testid={`ms-${r.mode}`} data-value={r.ms}>{formatMs(r.ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </LiveWidget>
  );
}
