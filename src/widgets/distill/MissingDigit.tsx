import { useId, useMemo } from 'react';
import { LiveWidget } from '../live/LiveWidget';
import { formatInt, formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { CurveChart } from './CurveChart';
import { RunFields } from './RunFields';
import { parseRun, type RunText } from './settings';
import { RECIPE_NAMES, useStudentRun } from './useStudentRun';
import './distill.css';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

const schema = {
  digit: param.oneOf(DIGITS, '3'),
  width: param.string('100'),
  temperature: param.string('8'),
  alpha: param.string('0.9'),
  steps: param.string('600'),
  lr: param.string('0.01'),
};

/**
 * The experiment of Hinton et al. (2015, §3): both students train without a single image of one
 * digit; the plain one can never name it, the distilled one learns something of it from the
 * teacher's soft targets on the other digits. Reports each student's accuracy on that digit's test
 * images and on all test images. URL state: `kdm.digit`, `kdm.width`, `kdm.temperature`,
 * `kdm.alpha`, `kdm.steps`, `kdm.lr`.
 */
export function MissingDigit({ id = 'kdm' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const { backend } = useModelWorker();
  const run = useStudentRun('kd-missing');
  const digit = Number(url.digit);
  const parsed = useMemo(() => parseRun(url as RunText, { withheldDigit: digit }), [url, digit]);
  const ids = { digit: useId(), problems: useId() };
  const results = run.students;
  const ranDigit = run.settings?.withheldDigit;
  const title = 'Learning a digit it never saw';

  return (
    <LiveWidget title={title}>
      <div className="controls">
        <label htmlFor={ids.digit}>Digit left out of the students’ training images
          <select id={ids.digit} value={url.digit} disabled={run.job.running} onChange={(e) => setUrl({ digit: e.target.value as typeof url.digit })}>
            {DIGITS.map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        </label>
      </div>
      <RunFields text={url} onChange={setUrl} invalid={!parsed.ok} describedBy={ids.problems} disabled={run.job.running} />
      {!parsed.ok && <div role="alert" className="error-box" id={ids.problems}>{parsed.problems.map((p) => <p key={p}>{p}</p>)}</div>}
      <div className="controls">
        <button type="button" className="primary" disabled={backend.status !== 'ready' || run.job.running || !parsed.ok} onClick={() => parsed.ok && run.start(parsed.value)}>
          Train both students without any {url.digit}
        </button>
      </div>
      <JobStatus state={run.job.state} onCancel={run.job.cancel} onRetry={() => parsed.ok && run.start(parsed.value)} failed="The training stopped" cancelled="Training cancelled; the curves so far are kept." />
      {run.settings && (
        <CurveChart
          label={`Test accuracy (1,000 images) against training step, both students trained without the digit ${ranDigit}`}
          steps={run.settings.steps}
          yLabel="test accuracy (1,000 images)"
          yDomain={[0, 1]}
          format={(v) => `${Math.round(v * 100)}%`}
          series={(['plain', 'distilled'] as const).map((r) => ({ label: RECIPE_NAMES[r], className: `kd-${r}`, points: run.curves[r].accuracy }))}
        />
      )}
      {results && (
        <div className="live-table-wrap">
          <table className="live-table" aria-label={`Accuracy on the digit ${ranDigit} that neither student saw`} data-run={run.runs}>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Test images of {ranDigit} recognised</th>
                <th scope="col">All 10,000 test images</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr key={r.recipe}>
                  <th scope="row">{RECIPE_NAMES[r.recipe]}</th>
                  <td data-testid={`kd-withheld-${r.recipe}`} data-value={r.withheldAccuracy}>
                    {formatPercent(r.withheldAccuracy ?? 0, 1)} of {formatInt(r.withheldTotal ?? 0)}
                  </td>
                  <td>{formatPercent(r.accuracy)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </LiveWidget>
  );
}
