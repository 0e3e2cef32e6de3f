import { describe, expect, it } from 'vitest';
import { abortError } from '../../runtime/contract/abort';
import { createJobRun, type JobState, type JobWork, type ReportProgress } from './jobRun';

/** A run that records every state and result, and work the test finishes by hand. */
function recorded() {
  const states: JobState[] = [];
  const results: string[] = [];
  const run = createJobRun<string>((s) => states.push(s), (r) => results.push(r));
  const pending: { signal: AbortSignal; progress: ReportProgress; resolve(v: string): void; reject(e: unknown): void }[] = [];
  const work: JobWork<string> = (signal, progress) => new Promise((resolve, reject) => { pending.push({ signal, progress, resolve, reject }); });
  const finals = () => states.filter((s) => s.status !== 'running').map((s) => s.status);
  return { states, results, run, pending, work, finals };
}

describe('a widget’s job run', () => {
  it('ends a success in one "done" with its result; later progress is ignored', async () => {
    const r = recorded();
    const done = r.run.start(r.work);
    r.pending[0].progress({ phase: 'evaluate', done: 500, total: 10000 });
    expect(r.states.at(-1)).toEqual({ status: 'running', step: 'Evaluating: 500 of 10,000 images', fraction: 0.05 });
    r.pending[0].resolve('98.35 %');
    await done;
    r.pending[0].progress({ phase: 'data', done: 0, total: 7.8e6 });
    expect(r.finals()).toEqual(['done']);
    expect(r.states.at(-1)).toEqual({ status: 'done' });
    expect(r.results).toEqual(['98.35 %']);
  });

  it('ends a failure in one "error" whose retry runs the same work again', async () => {
    const r = recorded();
    const failed = r.run.start(r.work);
    r.pending[0].reject(new Error('could not download data/mnist-test-images.u8: HTTP 404'));
    await failed;
    r.pending[0].progress('Downloading the test images', 0);
    const error = r.states.at(-1);
    expect(error).toMatchObject({ status: 'error', message: 'could not download data/mnist-test-images.u8: HTTP 404' });
    if (error?.status !== 'error') throw new Error('not an error');
    error.retry();
    expect(r.pending).toHaveLength(2);
    expect(r.states.at(-1)).toEqual({ status: 'running', step: 'Starting…' });
    r.pending[1].resolve('ok');
    await new Promise((res) => setTimeout(res, 0));
    expect(r.finals()).toEqual(['error', 'done']);
    expect(r.results).toEqual(['ok']);
  });

  it('ends a cancel in one "cancelled", whether the work throws an AbortError or finishes anyway', async () => {
    const r = recorded();
    const first = r.run.start(r.work);
    r.run.cancel();
    expect(r.pending[0].signal.aborted).toBe(true);
    r.pending[0].reject(abortError());
    await first;
    const second = r.run.start(r.work);
    r.run.cancel();
    r.pending[1].resolve('too late');
    await second;
    expect(r.finals()).toEqual(['cancelled', 'cancelled']);
    expect(r.results).toEqual([]);
  });

  it('lets a superseded run end silently: only the newer run reports', async () => {
    const r = recorded();
    const old = r.run.start(r.work);
    const fresh = r.run.start(r.work);
    expect(r.pending[0].signal.aborted).toBe(true);
    r.pending[0].progress('old progress');
    r.pending[0].reject(new Error('old failure'));
    await old;
    r.pending[1].resolve('new');
    await fresh;
    expect(r.states.map((s) => s.status)).toEqual(['running', 'running', 'done']);
    expect(r.results).toEqual(['new']);
  });

  it('puts anything thrown into words', async () => {
    const r = recorded();
    await r.run.start(() => Promise.reject('a string'));
    expect(r.states.at(-1)).toMatchObject({ status: 'error', message: 'a string' });
    await r.run.start(() => Promise.reject(new Error('')));
    expect(r.states.at(-1)).toMatchObject({ status: 'error', message: 'no reason was given' });
  });
});
