// Timers for the profile of the queued job that runs (queued jobs run one at a time, so one
// profile at a time is open). A phase's time excludes the phases timed inside it, so the phases
// add up to no more than the job's wall time. With no profile open (a unit test, an immediate
// job) the timers only run the work.
import { PROFILE_MEASURE_PREFIX, type JobProfile } from '../contract/profile';
export type { JobProfile, PhaseTime } from '../contract/profile';

let open: { profile: JobProfile; started: number; nested: number[] } | undefined;

/** Starts the profile of job `job` (closing any left open). */
export function beginProfile(job: string): void {
  open = { profile: { job, ms: 0, phases: {} }, started: performance.now(), nested: [] };
}

/**
 * Closes the open profile: its wall time, `other` for the time no phase claimed, and a User
 * Timing measure named `job <area>.<name>` with the profile as its detail (benches read it).
 */
export function endProfile(): JobProfile | undefined {
  const o = open;
  open = undefined;
  if (!o) return undefined;
  const end = performance.now();
  o.profile.ms = end - o.started;
  const claimed = Object.values(o.profile.phases).reduce((s, p) => s + p.ms, 0);
  o.profile.phases.other = { ms: Math.max(0, o.profile.ms - claimed), count: 1 };
  performance.measure(`${PROFILE_MEASURE_PREFIX}${o.profile.job}`, { start: o.started, end, detail: o.profile });
  return o.profile;
}

/** Adds `ms` measured elsewhere to `phase` (a training step's phases). */
export function addTime(phase: string, ms: number): void {
  if (!open) return;
  const p = (open.profile.phases[phase] ??= { ms: 0, count: 0 });
  p.ms += ms;
  p.count++;
  const parent = open.nested.length - 1;
  if (parent >= 0) open.nested[parent] += ms;
}

/** Runs f (sync or async) and adds its time, less the phases timed inside it, to `phase`. */
export function timed<T>(phase: string, f: () => T): T {
  const o = open;
  if (!o) return f();
  o.nested.push(0);
  const t0 = performance.now();
  const close = () => {
    const inner = o.nested.pop() ?? 0;
    if (open !== o) return;
    const ms = performance.now() - t0;
    addTime(phase, ms - inner);
    // addTime credited the parent with the exclusive time; the nested phases are the parent's too.
    const parent = o.nested.length - 1;
    if (parent >= 0) o.nested[parent] += inner;
  };
  let result: T;
  try {
    result = f();
  } catch (e) {
    close();
    throw e;
  }
  if (result instanceof Promise) return result.finally(close) as T;
  close();
  return result;
}
