import { useCallback, useEffect, useRef, useState } from 'react';
import { RECIPE_NAMES, type StudentProgress, type Recipe, type StudentRunSettings } from '../../runtime/contract/distill';
import type { TrainedStudent } from '../../runtime/contract/distill';
import { useJob, type Job } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import type { Point } from './CurveChart';

export type Curves = Record<Recipe, { loss: Point[]; accuracy: Point[] }>;

const emptyCurves = (): Curves => ({ plain: { loss: [], accuracy: [] }, distilled: { loss: [], accuracy: [] } });


export interface StudentRun {
  job: Job<TrainedStudent[]>;
  /** The curves of the current or last run; kept when it is cancelled or fails. */
  curves: Curves;
  /** The settings of the run the curves belong to. */
  settings: StudentRunSettings | undefined;
  /** The trained students of that run, once it has finished (none while it runs or after a cancel). */
  students: TrainedStudent[] | undefined;
  /** How many runs have been started; names the run the results belong to. */
  runs: number;
  start(settings: StudentRunSettings): void;
}

/**
 * Trains the plain and the distilled student in the page's worker and collects their loss and
 * accuracy curves as they arrive (redrawn at most once per animation frame). The trained students
 * stay in the worker under `${keyPrefix}-plain` / `-distilled`.
 */
export { RECIPE_NAMES };

export function useStudentRun(keyPrefix: string): StudentRun {
  const { worker } = useModelWorker();
  const job = useJob<TrainedStudent[]>();
  const [curves, setCurves] = useState<Curves>(emptyCurves);
  const [settings, setSettings] = useState<StudentRunSettings | undefined>();
  const [students, setStudents] = useState<TrainedStudent[] | undefined>();
  const [runs, setRuns] = useState(0);
  const pending = useRef<Curves>(emptyCurves());
  const frame = useRef(0);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const start = useCallback((s: StudentRunSettings) => {
    pending.current = emptyCurves();
    setCurves(emptyCurves());
    setSettings(s);
    setStudents(undefined);
    setRuns((n) => n + 1);
    const flush = () => {
      frame.current = 0;
      const p = pending.current;
      setCurves({ plain: { loss: [...p.plain.loss], accuracy: [...p.plain.accuracy] }, distilled: { loss: [...p.distilled.loss], accuracy: [...p.distilled.accuracy] } });
    };
    void job.start(async (signal, progress) => {
      const onPartial = (e: StudentProgress) => {
        const c = pending.current[e.recipe];
        if (e.kind === 'loss') c.loss.push({ step: e.step, value: e.loss });
        else c.accuracy.push({ step: e.step, value: e.accuracy });
        frame.current ||= requestAnimationFrame(flush);
      };
      try {
        const trained = await worker.jobs.distill.trainStudents({ settings: s, keyPrefix }, { signal, onProgress: progress, onPartial });
        if (!signal.aborted) setStudents(trained);
        return trained;
      } finally {
        cancelAnimationFrame(frame.current);
        flush();
      }
    });
  }, [job, worker, keyPrefix]);

  return { job, curves, settings, students, runs, start };
}
