// The shape of every job the model worker runs, as the page sees it. No tfjs here.
//
// Each job area (models, quant, prune, …) declares its jobs once, in its own contract file, by
// adding itself to `JobRegistry`:
//
//   declare module './jobs' {
//     interface JobRegistry {
//       quant: { evaluate: JobSpec<QuantEvalRequest, QuantEvalResult> };
//     }
//   }
//
// The worker implements the area in `worker/jobs/<area>.jobs.ts` (checked against this
// declaration), and the page calls it as `worker.jobs.quant.evaluate(request, call)`. Declaring
// the same area twice with different jobs is a type error.

/**
 * One job: the request the page sends, the result it gets back, and what it may hear on the way
 * (`Partial`, e.g. each point of a sweep as soon as it is measured).
 */
export interface JobSpec<Request, Result, Partial = never> {
  request: Request;
  result: Result;
  partial: Partial;
}

/** Every job area, filled in by the areas' contract files through declaration merging. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobRegistry {}

export type AreaName = keyof JobRegistry & string;
export type JobName<A extends AreaName> = keyof JobRegistry[A] & string;
type Spec<A extends AreaName, N extends JobName<A>> = JobRegistry[A][N] extends JobSpec<infer R, infer S, infer P> ? JobSpec<R, S, P> : never;
export type RequestOf<A extends AreaName, N extends JobName<A>> = Spec<A, N>['request'];
export type ResultOf<A extends AreaName, N extends JobName<A>> = Spec<A, N>['result'];
export type PartialOf<A extends AreaName, N extends JobName<A>> = Spec<A, N>['partial'];

/** What a job is doing at the moment; `describeProgress` puts it in words. */
export type ProgressPhase =
  | 'waiting' | 'data' | 'model' | 'calibrate' | 'evaluate' | 'train' | 'teacher' | 'sweep'
  | 'scan' | 'latency' | 'product' | 'score' | 'prune' | 'share' | 'encode' | 'svd';

/** The one progress report every job sends. */
export interface JobProgress {
  phase: ProgressPhase;
  /** How far along the phase is, in its unit (bytes for 'data', images, steps, points…). */
  done?: number;
  total?: number;
  /** The training loss at this step ('train'). */
  loss?: number;
  /** Which model, layer or run the phase concerns, e.g. "the distilled student". */
  label?: string;
  /** For 'waiting': what the worker is busy with first. */
  behind?: string;
}

/** How the page calls a job: cancel with `signal`, hear progress and partial results. */
export interface JobCall<Partial = never> {
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
  onPartial?: (p: Partial) => void;
}

const PHASE_WORDS: Record<ProgressPhase, { text: string; unit?: string }> = {
  waiting: { text: 'Waiting' },
  data: { text: 'Downloading MNIST' },
  model: { text: 'Loading the model' },
  calibrate: { text: 'Calibrating activation ranges' },
  evaluate: { text: 'Evaluating', unit: 'images' },
  train: { text: 'Training', unit: 'steps' },
  teacher: { text: 'Computing the teacher’s logits', unit: 'images' },
  sweep: { text: 'Measuring', unit: 'configurations' },
  scan: { text: 'Scanning', unit: 'points' },
  latency: { text: 'Timing', unit: 'measurements' },
  product: { text: 'Timing products', unit: 'sparsities' },
  score: { text: 'Scoring', unit: 'images' },
  prune: { text: 'Pruning and retraining', unit: 'steps' },
  share: { text: 'Sharing weights', unit: 'steps' },
  encode: { text: 'Huffman coding' },
  svd: { text: 'Computing the singular values of' },
};

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const megabytes = (n: number) => (n / 1e6).toFixed(1);

/** A progress report in words, and the fraction done in [0, 1] when it is known. */
export function describeProgress(p: JobProgress): { text: string; fraction?: number } {
  if (p.phase === 'waiting') return { text: `Waiting for the worker to finish ${p.behind ?? 'another job'}…` };
  const { text, unit } = PHASE_WORDS[p.phase];
  const what = p.label ? `${text} ${p.label}` : text;
  const known = p.done !== undefined && p.total !== undefined && p.total > 0;
  const fraction = known ? Math.min(1, p.done! / p.total!) : undefined;
  if (!known) return { text: `${what}…`, fraction };
  const amount = p.phase === 'data'
    ? `${megabytes(p.done!)} of ${megabytes(p.total!)} MB`
    : `${count(p.done!)} of ${count(p.total!)}${unit ? ` ${unit}` : ''}`;
  const loss = p.loss !== undefined && Number.isFinite(p.loss) ? `, loss ${p.loss.toFixed(3)}` : '';
  return { text: `${what}: ${amount}${loss}`, fraction };
}
