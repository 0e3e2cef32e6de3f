import { useEffect, useId, useMemo } from 'react';
import { formatBytes } from '../cost/format';
import { TEACHER_ID, type Recipe } from '../../runtime/contract/distill';
import type { LatencyRow } from '../../runtime/contract/models';
import { LiveWidget } from '../live/LiveWidget';
import { formatInt, formatMs, formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { useZooModels } from '../live/useZooModels';
import { param, useUrlState } from '../urlState';
import { CurveChart } from './CurveChart';
import { RunFields } from './RunFields';
import { parseRun, type RunText } from './settings';
import { RECIPE_NAMES, useStudentRun } from './useStudentRun';
import './distill.css';

// Text fields, so that a bad value in a link (kdt.t=0) is named instead of silently replaced.
const schema = {
  width: param.string('30'),
  temperature: param.string('4'),
  alpha: param.string('0.9'),
  steps: param.string('300'),
  lr: param.string('0.01'),
};

const KEY_PREFIX = 'kd-students';

/**
 * Trains two students 784-h-10 from the same initial weights on the same batches, one on the
 * labels alone and one with the distillation loss against teacher-1200, and draws both accuracy
 * curves (1,000 test images) and both loss curves live; then a table of size, latency and accuracy
 * on all 10,000 test images for the teacher and both students. URL state: `kdt.width`,
 * `kdt.temperature`, `kdt.alpha`, `kdt.steps`, `kdt.lr`.
 */
export function TrainStudents({ id = 'kdt' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const { models } = useZooModels([TEACHER_ID]);
  const teacher = models.find((m) => m.id === TEACHER_ID);
  const run = useStudentRun(KEY_PREFIX);
  const latency = useJob<Record<string, LatencyRow>>();
  const parsed = useMemo(() => parseRun(url as RunText), [url]);
  const problemsId = useId();
  const ready = backend.status === 'ready';
  const students = run.students;

  // Once both students exist, time one image through each model (batch size 1).
  useEffect(() => {
    if (!students) return;
    void latency.start(async (signal, progress) => {
      const out: Record<string, LatencyRow> = {};
      for (const key of [TEACHER_ID, ...students.map((s) => s.key)]) {
        [out[key]] = await worker.jobs.models.latency({ key, batchSizes: [1] }, { signal, onProgress: (p) => progress({ ...p, label: `${key}` }) });
      }
      return out;
    });
  }, [students]); // a new result measures again

  const fresh = (r: Recipe) => run.curves[r];
  const steps = run.settings?.steps ?? (parsed.ok ? parsed.value.steps : 1);
  const title = 'Train two students';
  const rows = students && [
    { name: `Teacher ${teacher?.architecture ?? '784-1200-1200-10'}`, key: TEACHER_ID, params: teacher?.params, accuracy: teacher?.testAccuracy, testid: 'teacher', trainMs: undefined },
    ...students.map((s) => ({ name: `${s.recipe === 'plain' ? 'Plain' : 'Distilled'} student 784-${run.settings?.hidden}-10`, key: s.key, params: s.params, accuracy: s.accuracy, testid: s.recipe, trainMs: s.trainMs })),
  ];

  return (
    <LiveWidget title={title}>
      <RunFields text={url} onChange={setUrl} invalid={!parsed.ok} describedBy={problemsId} disabled={run.job.running} />
      {!parsed.ok && (
        <div role="alert" className="error-box" id={problemsId}>
          {parsed.problems.map((p) => <p key={p}>{p}</p>)}
          {run.settings && <p>The curves below are still those of the last run.</p>}
        </div>
      )}
      <div className="controls">
        <button type="button" className="primary" disabled={!ready || run.job.running || !parsed.ok} onClick={() => parsed.ok && run.start(parsed.value)}>Train both students</button>
      </div>
      <p className="muted">
        Both students start from the same random weights and see the same batches in the same order; only the loss differs.
        The first run waits while the teacher computes its logits for the 20,000 training images, once.
      </p>
      <JobStatus state={run.job.state} onCancel={run.job.cancel} onRetry={() => parsed.ok && run.start(parsed.value)} failed="The training stopped" cancelled="Training cancelled; the curves so far are kept." />
      {run.settings && (
        <>
          <CurveChart
            label={`Test accuracy (1,000 images) against training step for both students: plain ${lastOf(fresh('plain').accuracy)}, distilled ${lastOf(fresh('distilled').accuracy)}`}
            steps={steps}
            yLabel="test accuracy (1,000 images)"
            yDomain={[0, 1]}
            format={(v) => `${Math.round(v * 100)}%`}
            series={(['plain', 'distilled'] as const).map((r) => ({ label: RECIPE_NAMES[r], className: `kd-${r}`, points: run.curves[r].accuracy }))}
          />
          <CurveChart
            label="Training loss of each student against training step"
            steps={steps}
            yLabel="training loss (nats)"
            format={(v) => v.toFixed(1)}
            series={(['plain', 'distilled'] as const).map((r) => ({ label: RECIPE_NAMES[r], className: `kd-${r}`, points: run.curves[r].loss }))}
          />
          <p className="muted">
            Each student’s loss is its own objective: cross-entropy with the labels for the plain one, α·T²·KL + (1 − α)·cross-entropy for the distilled one, so the two loss curves are not on the same footing; the accuracy curves are.
          </p>
        </>
      )}
      {rows && (
        <div className="live-table-wrap">
          <table className="live-table" aria-label="Teacher and students compared" data-run={run.runs}>
            <caption className="muted">
              Accuracy on all 10,000 test images{teacher?.testAccuracy !== undefined && ' (the teacher’s from its training run)'}; size as float32 weights; latency of one image on {backend.status === 'ready' ? backend.info.name : 'this backend'} (median).
            </caption>
            <thead>
              <tr><th scope="col">Model</th><th scope="col">Parameters</th><th scope="col">Size</th><th scope="col">Latency</th><th scope="col">Accuracy</th><th scope="col">Training here</th></tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} data-testid={`kd-row-${r.testid}`}>
                  <th scope="row">{r.name}</th>
                  <td>{r.params === undefined ? '—' : formatInt(r.params)}</td>
                  <td>{r.params === undefined ? '—' : formatBytes(r.params * 4)}</td>
                  <td>{latency.result?.[r.key] ? formatMs(latency.result[r.key].medianMs) : latency.running ? 'measuring…' : '—'}</td>
                  <td data-testid={`kd-acc-${r.testid}`} data-value={r.accuracy}>{r.accuracy === undefined ? '—' : formatPercent(r.accuracy)}</td>
                  <td data-testid={`kd-train-${r.testid}`} data-ms={r.trainMs}>{r.trainMs === undefined ? 'offline (npm run train)' : `${formatMs(r.trainMs)} for ${formatInt(run.settings?.steps ?? 0)} steps`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <JobStatus state={latency.state} onCancel={latency.cancel} failed="The latency could not be measured" cancelled="Latency measurement cancelled." />
        </div>
      )}
    </LiveWidget>
  );
}

function lastOf(points: readonly { value: number }[]): string {
  return points.length ? formatPercent(points[points.length - 1].value, 1) : 'not started';
}
