import { useState } from 'react';
import { PARALLEL_WORKERS, PRECISION_MAX_STEPS, type DataParallelResult, type DataParallelStep } from '../../runtime/contract/training';
import { CurveChart } from '../distill/CurveChart';
import '../distill/distill.css';
import { NumberField, useFieldsValid } from '../input';
import { JobStatus, LiveWidget, useJob, useModelWorker } from '../live';
import { param, useUrlState } from '../urlState';
import { formatBytes, formatMs } from './format';
import './training.css';

const schema = {
  workers: param.integer(4, PARALLEL_WORKERS.min, PARALLEL_WORKERS.max),
  steps: param.integer(50, 1, PRECISION_MAX_STEPS),
  batch: param.integer(64, 1, 1000),
  lr: param.number(0.1, 1e-6, 10),
  seed: param.integer(1, 0, 1e9),
};

/**
 * LeNet-300-100 trained twice from one start: on whole batches, and with each batch split over
 * simulated workers whose gradients are summed by a ring all-reduce; both loss curves, how far
 * gradients and weights differ, the bytes sent and the gradient times.
 */
export function DataParallel() {
  const [s, set] = useUrlState('dp', schema);
  const fields = useFieldsValid();
  const { worker, backend } = useModelWorker();
  const job = useJob<DataParallelResult>();
  const [curves, setCurves] = useState<DataParallelStep[]>([]);
  const [ranSteps, setRanSteps] = useState(s.steps);
  const tooSmall = s.batch < s.workers;

  function start() {
    const seen: DataParallelStep[] = [];
    setCurves([]);
    setRanSteps(s.steps);
    void job.start((signal, progress) => worker.jobs.training.dataParallel(
      { model: 'lenet-300-100', workers: s.workers, steps: s.steps, batchSize: s.batch, learningRate: s.lr, seed: s.seed },
      { signal, onProgress: progress, onPartial: (p) => { seen.push(p); setCurves(seen.slice()); } },
    ));
  }

  const line = (run: DataParallelStep['run']) => curves.filter((c) => c.run === run).map((c) => ({ step: c.step, value: c.loss }));
  const r = job.result;
  return (
    <LiveWidget title="Data parallelism, simulated">
      <div className="controls">
        <NumberField rule={{ label: 'Workers', min: PARALLEL_WORKERS.min, max: PARALLEL_WORKERS.max, integer: true }} value={s.workers} onValue={(workers) => set({ workers })} disabled={job.running} />
        <NumberField rule={{ label: 'Batch size', min: 1, max: 1000, integer: true }} value={s.batch} onValue={(batch) => set({ batch })} disabled={job.running} />
        <NumberField rule={{ label: 'Steps', min: 1, max: PRECISION_MAX_STEPS, integer: true }} value={s.steps} onValue={(steps) => set({ steps })} disabled={job.running} />
        <NumberField rule={{ label: 'Learning rate (SGD)', min: 1e-6, max: 10 }} value={s.lr} onValue={(lr) => set({ lr })} disabled={job.running} />
        <NumberField rule={{ label: 'Seed', min: 0, max: 1e9, integer: true }} value={s.seed} onValue={(seed) => set({ seed })} disabled={job.running} />
      </div>
      {tooSmall && <p className="training-message" role="alert">A batch of {s.batch} cannot be split over {s.workers} workers.</p>}
      <div className="controls">
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running || tooSmall || !fields.valid} aria-describedby={fields.describedBy} onClick={start}>Train both ways</button>
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} failed="Training failed" />
      {curves.length > 0 && (
        <CurveChart steps={ranSteps} yLabel="training loss" format={(v) => v.toFixed(1)} label="Training loss of one worker on whole batches and of the simulated workers"
          series={[
            { label: 'one worker, whole batches', className: 'tr-fp32', points: line('single') },
            { label: 'simulated workers, all-reduced', className: 'tr-scaled', points: line('parallel') },
          ]} />
      )}
      {r && (
        <dl className="training-counts" aria-live="polite">
          <div><dt>Largest gradient difference</dt><dd data-testid="dp-grad-diff" data-value={r.maxGradientDiff}>{r.maxGradientDiff.toExponential(1)}</dd></div>
          <div><dt>Largest weight difference at the end</dt><dd data-testid="dp-weight-diff" data-value={r.maxWeightDiff}>{r.maxWeightDiff.toExponential(1)}</dd></div>
          <div><dt>Each worker sends per step (ring)</dt><dd data-testid="dp-bytes">{formatBytes(r.bytesPerStep)}</dd></div>
          <div><dt>Whole batch, one worker</dt><dd data-testid="dp-whole-ms" data-value={r.wholeBatchMs}>{formatMs(r.wholeBatchMs)}</dd></div>
          <div><dt>Slowest shard (n devices would wait this long)</dt><dd data-testid="dp-slowest-ms" data-value={r.slowestShardMs}>{formatMs(r.slowestShardMs)}</dd></div>
          <div><dt>All shards, one after another here</dt><dd data-testid="dp-all-ms" data-value={r.allShardsMs}>{formatMs(r.allShardsMs)}</dd></div>
        </dl>
      )}
    </LiveWidget>
  );
}
