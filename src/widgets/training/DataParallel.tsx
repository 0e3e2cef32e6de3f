import { useState } from 'react';
import {
  DATA_PARALLEL_MODES, PARALLEL_WORKERS, PRECISION_MAX_STEPS, REAL_PARALLEL_WORKERS,
  type DataParallelMode, type DataParallelResult, type DataParallelStep, type SimulatedParallelResult, type WorkersParallelResult,
} from '../../runtime/contract/training';
import { CurveChart } from '../distill/CurveChart';
import '../distill/distill.css';
import { NumberField, useFieldsValid } from '../input';
import { JobStatus, LiveWidget, useJob, useModelWorker } from '../live';
import { param, useUrlState } from '../urlState';
import { formatBytes, formatMs } from './format';
import './training.css';

const schema = {
  mode: param.oneOf(DATA_PARALLEL_MODES, 'simulated'),
  workers: param.integer(4, PARALLEL_WORKERS.min, PARALLEL_WORKERS.max),
  steps: param.integer(50, 1, PRECISION_MAX_STEPS),
  batch: param.integer(64, 1, 1000),
  lr: param.number(0.1, 1e-6, 10),
  seed: param.integer(1, 0, 1e9),
};

const MODE_NAMES: Record<DataParallelMode, string> = {
  simulated: 'simulated devices (one after another, in the model worker)',
  workers: 'real Web Workers (each its own tfjs)',
};

const RUN_NAMES: Record<DataParallelMode, string> = { simulated: 'simulated workers, all-reduced', workers: 'shard workers, averaged' };

/**
 * LeNet-300-100 trained twice from one start: on whole batches, and with each batch split over
 * simulated devices (gradients summed by a ring all-reduce) or over real shard workers (gradients
 * averaged by the model worker); both loss curves, how far the weights differ, the traffic and
 * the times.
 */
export function DataParallel() {
  const [s, set] = useUrlState('dp', schema);
  const fields = useFieldsValid();
  const { worker, backend } = useModelWorker();
  const job = useJob<DataParallelResult>();
  const [curves, setCurves] = useState<DataParallelStep[]>([]);
  const [ran, setRan] = useState({ steps: s.steps, mode: s.mode });
  const range = s.mode === 'workers' ? REAL_PARALLEL_WORKERS : PARALLEL_WORKERS;
  const problem = s.workers > range.max
    ? `Real workers go up to ${range.max}: each loads its own tfjs and model. Choose ${range.max} or fewer, or simulated devices.`
    : s.batch < s.workers ? `A batch of ${s.batch} cannot be split over ${s.workers} workers.` : undefined;

  function start() {
    const seen: DataParallelStep[] = [];
    setCurves([]);
    setRan({ steps: s.steps, mode: s.mode });
    void job.start((signal, progress) => worker.jobs.training.dataParallel(
      { model: 'lenet-300-100', mode: s.mode, workers: s.workers, steps: s.steps, batchSize: s.batch, learningRate: s.lr, seed: s.seed },
      { signal, onProgress: progress, onPartial: (p) => { seen.push(p); setCurves(seen.slice()); } },
    ));
  }

  const line = (run: DataParallelStep['run']) => curves.filter((c) => c.run === run).map((c) => ({ step: c.step, value: c.loss }));
  const r = job.result;
  return (
    <LiveWidget title="Data parallelism">
      <div className="controls">
        <label>Shards run on{' '}
          <select value={s.mode} onChange={(e) => set({ mode: e.target.value as DataParallelMode })} disabled={job.running}>
            {DATA_PARALLEL_MODES.map((m) => <option key={m} value={m}>{MODE_NAMES[m]}</option>)}
          </select>
        </label>
        <NumberField rule={{ label: 'Workers', min: PARALLEL_WORKERS.min, max: PARALLEL_WORKERS.max, integer: true }} value={s.workers} onValue={(workers) => set({ workers })} disabled={job.running} />
        <NumberField rule={{ label: 'Batch size', min: 1, max: 1000, integer: true }} value={s.batch} onValue={(batch) => set({ batch })} disabled={job.running} />
        <NumberField rule={{ label: 'Steps', min: 1, max: PRECISION_MAX_STEPS, integer: true }} value={s.steps} onValue={(steps) => set({ steps })} disabled={job.running} />
        <NumberField rule={{ label: 'Learning rate (SGD)', min: 1e-6, max: 10 }} value={s.lr} onValue={(lr) => set({ lr })} disabled={job.running} />
        <NumberField rule={{ label: 'Seed', min: 0, max: 1e9, integer: true }} value={s.seed} onValue={(seed) => set({ seed })} disabled={job.running} />
      </div>
      {problem && <p className="training-message" role="alert">{problem}</p>}
      <div className="controls">
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running || problem !== undefined || !fields.valid} aria-describedby={fields.describedBy} onClick={start}>Train both ways</button>
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} failed="Training failed" />
      {curves.length > 0 && (
        <CurveChart steps={ran.steps} yLabel="training loss" format={(v) => v.toFixed(1)} label={`Training loss of one worker on whole batches and of the ${RUN_NAMES[ran.mode]}`}
          series={[
            { label: 'one worker, whole batches', className: 'tr-fp32', points: line('single') },
            { label: RUN_NAMES[ran.mode], className: 'tr-scaled', points: line('parallel') },
          ]} />
      )}
      {r?.mode === 'simulated' && <SimulatedCounts r={r} />}
      {r?.mode === 'workers' && <WorkersCounts r={r} />}
    </LiveWidget>
  );
}

function SimulatedCounts({ r }: { r: SimulatedParallelResult }) {
  return (
    <dl className="training-counts" aria-live="polite">
      <div><dt>Largest gradient difference</dt><dd data-testid="dp-grad-diff" data-value={r.maxGradientDiff}>{r.maxGradientDiff.toExponential(1)}</dd></div>
      <div><dt>Largest weight difference at the end</dt><dd data-testid="dp-weight-diff" data-value={r.maxWeightDiff}>{r.maxWeightDiff.toExponential(1)}</dd></div>
      <div><dt>Each worker sends per step (ring)</dt><dd data-testid="dp-bytes">{formatBytes(r.bytesPerStep)}</dd></div>
      <div><dt>Whole batch, one worker</dt><dd data-testid="dp-whole-ms" data-value={r.wholeBatchMs}>{formatMs(r.wholeBatchMs)}</dd></div>
      <div><dt>Slowest shard (n devices would wait this long)</dt><dd data-testid="dp-slowest-ms" data-value={r.slowestShardMs}>{formatMs(r.slowestShardMs)}</dd></div>
      <div><dt>All shards, one after another here</dt><dd data-testid="dp-all-ms" data-value={r.allShardsMs}>{formatMs(r.allShardsMs)}</dd></div>
    </dl>
  );
}

function WorkersCounts({ r }: { r: WorkersParallelResult }) {
  return (
    <>
      <dl className="training-counts" aria-live="polite">
        <div><dt>Largest weight difference at the end</dt><dd data-testid="dp-weight-diff" data-value={r.maxWeightDiff}>{r.maxWeightDiff.toExponential(1)}</dd></div>
        <div><dt>Step, one worker, whole batch</dt><dd data-testid="dp-whole-step-ms" data-value={r.wholeStepMs}>{formatMs(r.wholeStepMs)}</dd></div>
        <div><dt>Step, {r.workers} shard workers</dt><dd data-testid="dp-sharded-step-ms" data-value={r.shardedStepMs}>{formatMs(r.shardedStepMs)}</dd></div>
        <div><dt>Speed-up</dt><dd data-testid="dp-speedup" data-value={r.speedup}>{r.speedup.toFixed(2)}×</dd></div>
        <div><dt>Slowest shard’s own work</dt><dd data-testid="dp-compute-ms" data-value={r.slowestComputeMs}>{formatMs(r.slowestComputeMs)}</dd></div>
        <div><dt>Messages and waiting, per shard</dt><dd data-testid="dp-messaging-ms" data-value={r.messagingMs}>{formatMs(r.messagingMs)}</dd></div>
        <div><dt>To each shard per step</dt><dd data-testid="dp-bytes-to" data-value={r.bytesToShard}>{formatBytes(r.bytesToShard)}</dd></div>
        <div><dt>From each shard per step</dt><dd data-testid="dp-bytes-from" data-value={r.bytesFromShard}>{formatBytes(r.bytesFromShard)}</dd></div>
        <div><dt>Starting the shard workers</dt><dd data-testid="dp-startup-ms" data-value={r.startupMs}>{formatMs(r.startupMs)}</dd></div>
      </dl>
      <p className="training-note" data-testid="dp-cleanup">
        {r.workers} shard worker{r.workers === 1 ? '' : 's'} on the {r.shardBackend} backend{r.cores > 0 ? `, on a machine with ${r.cores} logical cores` : ''}. Afterwards:{' '}
        <span data-testid="dp-shards-left" data-value={r.shardWorkersAfter}>{r.shardWorkersAfter} shard workers running</span> (before: {r.shardWorkersBefore}),{' '}
        <span data-testid="dp-tensors" data-before={r.tensorsBefore} data-after={r.tensorsAfter}>{r.tensorsAfter} tensors in the model worker</span> (before: {r.tensorsBefore}).
      </p>
    </>
  );
}
