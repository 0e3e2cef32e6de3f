import { describe, expect, it } from 'vitest';
import { abortError, isAbortError } from '../contract/abort';
import type { JobProgress } from '../contract/jobs';
import '../contract/models';
import { createJobsClient, type RunJob } from './jobsClient';

/** A job runner whose jobs the test finishes by hand, keeping each job's callbacks. */
function manualRunner() {
  const jobs: { id: string; progress?: (p: JobProgress) => void; partial?: (p: unknown) => void; resolve(v: unknown): void; reject(e: unknown): void }[] = [];
  const cancelled: string[] = [];
  const run: RunJob = (_area, _name, _request, id, progress, partial) => new Promise((resolve, reject) => { jobs.push({ id, progress, partial, resolve, reject }); });
  return { jobs, cancelled, client: createJobsClient(run, (id) => cancelled.push(id)) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const data: JobProgress = { phase: 'data', done: 0, total: 7850000 };

describe('the page’s job client', () => {
  it('passes progress while a job runs and drops what arrives after it succeeded or failed', async () => {
    const { jobs, client } = manualRunner();
    const heard: JobProgress[] = [];
    const ok = client.models.evaluate({ key: 'm' }, { onProgress: (p) => heard.push(p) });
    const failed = client.models.evaluate({ key: 'm' }, { onProgress: (p) => heard.push(p) });
    jobs[0].progress!({ phase: 'evaluate', done: 1, total: 2 });
    jobs[0].resolve('result');
    await expect(ok).resolves.toBe('result');
    jobs[0].progress!(data);
    jobs[1].reject(new Error('could not download data/mnist-test-images.u8: HTTP 404'));
    await expect(failed).rejects.toThrow('HTTP 404');
    // The late "0.0 of 7.8 MB" of the failed download never reaches the page.
    jobs[1].progress!(data);
    expect(heard).toEqual([{ phase: 'evaluate', done: 1, total: 2 }]);
  });

  it('a cancel rejects at once with an AbortError, tells the worker, and silences the job', async () => {
    const { jobs, cancelled, client } = manualRunner();
    const c = new AbortController();
    const heard: unknown[] = [];
    const run = client.models.latency({ key: 'm', batchSizes: [1] }, { signal: c.signal, onProgress: (p) => heard.push(p), onPartial: (p) => heard.push(p) });
    await tick();
    c.abort();
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(cancelled).toEqual([jobs[0].id]);
    jobs[0].progress!(data);
    jobs[0].partial!({ batchSize: 1 });
    // The worker's own late answer, result or error, changes nothing.
    jobs[0].reject(abortError());
    await tick();
    expect(heard).toEqual([]);
  });

  it('never starts a job whose signal is already aborted', async () => {
    const { jobs, client } = manualRunner();
    const c = new AbortController();
    c.abort();
    await expect(client.models.evaluate({ key: 'm' }, { signal: c.signal })).rejects.toSatisfy(isAbortError);
    expect(jobs).toHaveLength(0);
  });
});
