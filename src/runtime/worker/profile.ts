// Timers for the profile of the queued job that runs (queued jobs run one at a time, so one
// profile at a time is open). Phases are wall-clock intervals that do not overlap, so they add up
// to no more than the job's wall time; on a loaded machine they include the time the worker
// waited for a core. With no profile open (a unit test) the timers only run the work.
import { PROFILE_MEASURE_PREFIX, type JobProfile } from '../contract/profile';
export type { JobProfile, PhaseTime } from '../contract/profile';

let open: { profile: JobProfile; started: number } | undefined;

/** Starts the profile of job `job` (closing any left open). */
export function beginProfile(job: string): void {
  open = { profile: { job, ms: 0, phases: {} }, started: performance.now() };
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
}

/**
 * Runs f (sync or async) and adds its wall time to `phase`. Phases must not be timed inside one
 * another (the time would count twice); an async phase counts until its promise settles.
 */
export function timed<T>(phase: string, f: () => T): T {
  const o = open;
  if (!o) return f();
  const t0 = performance.now();
  const close = () => { if (open === o) addTime(phase, performance.now() - t0); };
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
