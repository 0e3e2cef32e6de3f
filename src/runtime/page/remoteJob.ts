// Helpers for the main thread's side of worker calls, shared by client.ts and the area clients.
import * as Comlink from 'comlink';
import type { ModelHost } from '../worker/host';

let nextJob = 0;

/** Runs `call` as a cancellable worker job: aborting `signal` cancels the job in the worker. */
export async function asJob<T>(remote: Comlink.Remote<ModelHost>, signal: AbortSignal | undefined, call: (jobId: string) => Promise<T>): Promise<T> {
  const jobId = `job-${++nextJob}`;
  const cancel = () => void remote.cancel(jobId);
  signal?.addEventListener('abort', cancel);
  try {
    if (signal?.aborted) cancel();
    return await call(jobId);
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

export function optionalProxy<F extends (...args: never[]) => unknown>(f: F | undefined) {
  return f ? Comlink.proxy(f) : undefined;
}
