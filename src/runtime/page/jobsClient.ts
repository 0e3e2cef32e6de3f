// The page's typed handle on every declared job, generated from the job registry: no per-area
// client code. `worker.jobs.quant.evaluate(request, { signal, onProgress })`.
import { abortError } from '../contract/abort';
import type { AreaName, JobCall, JobName, JobProgress, JobRegistry, PartialOf, RequestOf, ResultOf } from '../contract/jobs';

export type AreaClient<A extends AreaName> = {
  [N in JobName<A>]: (request: RequestOf<A, N>, call?: JobCall<PartialOf<A, N>>) => Promise<ResultOf<A, N>>;
};
export type JobsClient = { [A in keyof JobRegistry & string]: AreaClient<A> };

/** Sends one job to whatever runs it (the worker through comlink, or a host in a test). */
export type RunJob = (area: string, name: string, request: unknown, jobId: string, onProgress?: (p: JobProgress) => void, onPartial?: (p: unknown) => void) => Promise<unknown>;

let nextJob = 0;

/**
 * A JobsClient over `run`. Aborting a call's signal cancels its job (`cancel(jobId)`) and rejects
 * the call at once with an AbortError; progress or partial results that arrive after the call has
 * ended are dropped, so a late message never overwrites a final state on the page.
 */
export function createJobsClient(run: RunJob, cancel: (jobId: string) => void, wrap: <F extends (...args: never[]) => unknown>(f: F) => F = (f) => f): JobsClient {
  async function call(area: string, name: string, request: unknown, { signal, onProgress, onPartial }: JobCall<unknown> = {}) {
    const jobId = `job-${++nextJob}`;
    if (signal?.aborted) throw abortError();
    let open = true;
    const live = <T,>(f: ((x: T) => void) | undefined) => f && wrap((x: T) => { if (open && !signal?.aborted) f(x); });
    let onAbort = () => undefined as void;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => { cancel(jobId); reject(abortError()); };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    try {
      return await Promise.race([run(area, name, request, jobId, live(onProgress), live(onPartial)), aborted]);
    } finally {
      open = false;
      signal?.removeEventListener('abort', onAbort);
    }
  }
  const areas = new Map<string, unknown>();
  return new Proxy({} as JobsClient, {
    get(_, area: string) {
      if (!areas.has(area)) {
        areas.set(area, new Proxy({}, { get: (__, name: string) => (request: unknown, c?: JobCall<unknown>) => call(area, name, request, c) }));
      }
      return areas.get(area);
    },
  });
}
