import { useId, useState } from 'react';
import type { IterativePoint, IterativeSpec } from '../../runtime/contract/prune';
import type { ScheduleName } from '../../engine';
import type { PruneOutcome } from '../../runtime/contract/prune';
import { LiveWidget } from '../live/LiveWidget';
import { formatInt, formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { CurveChart } from './CurveChart';
import { checkFraction, HAN_LENET_300_100_KEPT, layerOf } from './common';
import { NumberField, useFieldsValid } from '../input';
import { OneClassNote } from './OneClassNote';
import { RETRAIN } from './PruneModel';
import './prune.css';

const SCHEDULES: readonly ScheduleName[] = ['polynomial', 'iterative', 'oneShot'];
const SCHEDULE_NAMES: Record<ScheduleName, string> = {
  polynomial: 'gradual, cubic (Zhu & Gupta 2017)',
  iterative: 'equal steps (Han et al. 2015)',
  oneShot: 'one shot, then retrain',
};
const KERNELS = Object.keys(HAN_LENET_300_100_KEPT);
/** Learning-rate factors per round offered, by their text in the URL. */
const DECAYS = { '1': 1, '0.5': 0.5, '0.3': 0.3 } as const;
type DecayText = keyof typeof DECAYS;
const MODEL = 'lenet-300-100';

// The defaults are the lesson's best measured recipe (12.3× fewer parameters, within 0.3 points
// of the unpruned model): one global threshold at 92 %, then two rounds of 1,500 steps.
const schema = {
  schedule: param.oneOf(SCHEDULES, 'oneShot'),
  allocation: param.oneOf(['paper', 'global'] as const, 'global'),
  // Overall sparsity for global pruning, as a fraction (not clamped: a bad URL gets a message).
  sparsity: param.number(0.92),
  events: param.integer(2, 1, 30),
  steps: param.integer(1500, 10, 2000),
  /** The learning rate is multiplied by this after every round (1: constant). */
  decay: param.oneOf(Object.keys(DECAYS) as DecayText[], '0.3'),
};

/**
 * Prunes LeNet-300-100 step by step with retraining in between, following a schedule, and draws
 * test accuracy and sparsity as they are measured; the kept fraction per layer is shown next to
 * Han et al. 2015's Table 2. URL state: `pi.schedule`, `pi.allocation` (paper per-layer ratios or
 * one global threshold), `pi.sparsity`, `pi.events`, `pi.steps` (retraining steps per event),
 * `pi.decay` (learning-rate factor per round).
 */
export function PruneRetrain({ id = 'pi' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const fields = useFieldsValid();
  const { worker, backend } = useModelWorker();
  const [points, setPoints] = useState<IterativePoint[]>([]);
  const job = useJob<{ outcome: PruneOutcome; seconds: number }>();
  const [base, setBase] = useState<number | undefined>();
  const ids = { schedule: useId(), allocation: useId(), decay: useId() };
  const checked = checkFraction(url.sparsity, 'The target sparsity');

  function run() {
    const spec: IterativeSpec = {
      schedule: url.schedule,
      method: url.allocation === 'global' ? 'global' : 'magnitude',
      finalSparsity: url.allocation === 'global' ? url.sparsity : Object.fromEntries(KERNELS.map((k) => [k, 1 - HAN_LENET_300_100_KEPT[k]])),
      events: url.events,
      stepsPerEvent: url.steps,
      seed: 1,
      ...RETRAIN,
      learningRateDecay: DECAYS[url.decay],
    };
    setPoints([]);
    void job.start(async (signal, progress) => {
      if (base === undefined) setBase((await worker.jobs.models.evaluate({ key: MODEL }, { signal, onProgress: progress })).accuracy);
      // The reader's own wall time for the whole run, on this machine with whatever else it is doing.
      const started = performance.now();
      const { outcome } = await worker.jobs.prune.onSchedule({ key: MODEL, newKey: `${MODEL}:retrained`, spec }, {
        signal, onProgress: progress, onPartial: (p) => setPoints((ps) => [...ps, p]),
      });
      return { outcome, seconds: (performance.now() - started) / 1000 };
    });
  }

  const last = points[points.length - 1];
  const done = job.state.status === 'done' ? job.result : undefined;
  const outcome = done?.outcome;
  const title = 'Prune and retrain';
  return (
    <LiveWidget title={title}>
      <div className="controls">
        <label htmlFor={ids.schedule}>Schedule
          <select id={ids.schedule} value={url.schedule} disabled={job.running} onChange={(e) => setUrl({ schedule: e.target.value as ScheduleName })}>
            {SCHEDULES.map((s) => <option key={s} value={s}>{SCHEDULE_NAMES[s]}</option>)}
          </select>
        </label>
        <label htmlFor={ids.allocation}>Per-layer targets
          <select id={ids.allocation} value={url.allocation} disabled={job.running} onChange={(e) => setUrl({ allocation: e.target.value as 'paper' | 'global' })}>
            <option value="paper">the paper's: keep 8 %, 9 %, 26 %</option>
            <option value="global">one global threshold</option>
          </select>
        </label>
        {/* Typed values go through the shared parser: a bad one is named with its range and the last good one kept. */}
        {url.allocation === 'global' && (
          <NumberField rule={{ label: 'Target sparsity', min: 0, max: 100, unit: ' %' }} value={+(url.sparsity * 100).toFixed(4)} disabled={job.running}
            onValue={(v) => setUrl({ sparsity: v / 100 })} />
        )}
        <NumberField rule={{ label: url.schedule === 'oneShot' ? 'Retraining rounds' : 'Pruning events', min: 1, max: 30, integer: true }}
          value={url.events} disabled={job.running} onValue={(v) => setUrl({ events: v })} />
        <NumberField rule={{ label: url.schedule === 'oneShot' ? 'Retraining steps per round' : 'Retraining steps per event', min: 10, max: 2000, integer: true }}
          value={url.steps} disabled={job.running} onValue={(v) => setUrl({ steps: v })} />
        <label htmlFor={ids.decay}>Learning rate after each round
          <select id={ids.decay} value={url.decay} disabled={job.running} onChange={(e) => setUrl({ decay: e.target.value as DecayText })}>
            <option value="1">stays the same</option>
            <option value="0.5">halves</option>
            <option value="0.3">falls to 30 %</option>
          </select>
        </label>
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running || (url.allocation === 'global' && !checked.ok) || !fields.valid} aria-describedby={fields.describedBy} onClick={run}>Prune and retrain</button>
      </div>
      {url.allocation === 'global' && !checked.ok && <div role="alert" className="error-box">{checked.message}</div>}
      <p className="muted">
        {url.schedule === 'oneShot' ? `All pruning at once, then ${url.events} rounds` : `${url.events} pruning events, each followed by`} of {url.steps} retraining steps
        (Adam, batches of {RETRAIN.batchSize}, learning rate {RETRAIN.learningRate}{url.decay !== '1' && `, multiplied by ${url.decay} after each round`}); test accuracy on all 10,000 images after every prune and every retraining.
      </p>
      <JobStatus state={job.state} onCancel={job.cancel} onRetry={run} failed="Pruning failed"
        cancelled={`Cancelled. The pruned copy keeps the weights of its last finished step${last ? ` (${formatPercent(last.sparsity, 1)} sparse, last measured accuracy ${formatPercent(last.accuracy)})` : ''}; the curve shows every point measured.`} />
      {points.length > 0 && (
        <>
          <CurveChart
            curves={[
              { name: 'test accuracy', points: points.map((p) => ({ x: p.step, y: p.accuracy })) },
              { name: 'sparsity', points: points.map((p) => ({ x: p.step, y: p.sparsity })) },
            ]}
            xDomain={[0, Math.max(1, last.periods * url.steps)]} yDomain={[0, 1]} xLabel="training steps" yLabel="accuracy / sparsity"
            formatX={(v) => formatInt(v)} formatY={(v) => `${Math.round(v * 100)}%`} testId="retrain-chart"
            label="Test accuracy and sparsity while LeNet-300-100 is pruned and retrained"
          />
          <p data-testid="retrain-latest" data-accuracy={last.accuracy} data-sparsity={last.sparsity}>
            Latest: {formatPercent(last.accuracy)} at {formatPercent(last.sparsity, 1)} of weights pruned ({last.phase === 'pruned' ? 'just pruned' : 'after retraining'}, period {last.period + 1} of {last.periods})
            {base !== undefined && <>; the unpruned model scores {formatPercent(base)}</>}.
          </p>
        </>
      )}
      {done && outcome && (
        <div className="live-table-wrap" data-testid="retrain-result" data-accuracy={outcome.accuracy} data-compression={outcome.report.compression}>
          <p>
            Result: <strong>{formatPercent(outcome.accuracy)}</strong>{base !== undefined && <> ({((outcome.accuracy - base) * 100).toFixed(2)} points)</>} with{' '}
            <strong>{outcome.report.compression.toFixed(1)}×</strong> fewer non-zero parameters ({formatInt(outcome.report.nonzeroParams)} of {formatInt(outcome.report.params)}).
            Han et al. (2015) reached 12× on LeNet-300-100, error 1.64 % → 1.59 %.
            {' '}The run took <strong data-testid="retrain-seconds" data-value={done.seconds}>{done.seconds.toFixed(0)} s</strong> in this browser, on this machine and with whatever else it was doing.
          </p>
          <OneClassNote outcome={outcome} />
          <table className="live-table" aria-label="Weights kept per layer, here and in the paper">
            <thead><tr><th scope="col">Layer</th><th scope="col">Weights</th><th scope="col">Kept here</th><th scope="col">Kept in Han et al. 2015</th></tr></thead>
            <tbody>
              {outcome.report.kernels.map((k) => (
                <tr key={k.weight} data-layer={layerOf(k.weight)}>
                  <th scope="row">{layerOf(k.weight)}</th><td>{formatInt(k.count)}</td><td data-testid="kept-here" data-value={k.keptFraction}>{formatPercent(k.keptFraction, 1)}</td>
                  <td>{HAN_LENET_300_100_KEPT[k.weight] !== undefined ? `${HAN_LENET_300_100_KEPT[k.weight] * 100} %` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </LiveWidget>
  );
}
