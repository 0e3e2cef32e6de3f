// How a job area implements the jobs its contract file declares (see contract/jobs.ts).
import type { AreaName, JobName, JobProgress, PartialOf, RequestOf, ResultOf } from '../contract/jobs';
import type { HostContext } from './context';

/** What a running job gets besides its request. */
export interface JobIO<Partial = never> {
  /** Aborted when the page cancels the job. */
  signal: AbortSignal;
  progress(p: JobProgress): void;
  /** Hands a partial result to the page at once (a sweep point, a latency row…). */
  partial(p: Partial): void;
}

export interface JobImpl<Request, Result, Partial> {
  /**
   * Queued jobs run one at a time, in order, so timings do not overlap and models are not changed
   * under a running job; `title` ("training the students") tells a job waiting behind it what it
   * waits for. Immediate jobs (short look-ups) run at once.
   */
  queue: { title: string } | 'immediate';
  run(request: Request, io: JobIO<Partial>): Promise<Result>;
}

export type AreaJobs<A extends AreaName> = { [N in JobName<A>]: JobImpl<RequestOf<A, N>, ResultOf<A, N>, PartialOf<A, N>> };

export interface AreaDefinition<A extends AreaName = AreaName> {
  area: A;
  make(ctx: HostContext): AreaJobs<A>;
}

/** An area's jobs, made once per host from its context. Export it as the module's default. */
export function defineJobs<A extends AreaName>(area: A, make: (ctx: HostContext) => AreaJobs<A>): AreaDefinition<A> {
  return { area, make };
}

/** A job that runs after every queued job before it. */
export function queued<Request, Result, Partial = never>(title: string, run: (request: Request, io: JobIO<Partial>) => Promise<Result>): JobImpl<Request, Result, Partial> {
  return { queue: { title }, run };
}

/** A short look-up that does not wait for the queue (reading one weight, one image's logits). */
export function immediate<Request, Result, Partial = never>(run: (request: Request, io: JobIO<Partial>) => Promise<Result>): JobImpl<Request, Result, Partial> {
  return { queue: 'immediate', run };
}
