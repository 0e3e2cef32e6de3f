// The page's handle on the model worker: the generated job client, the backend, and tf.memory().
// No tfjs here: the worker module is loaded by URL into its own thread.
import * as Comlink from 'comlink';
import type { BackendInfo, MemoryInfo } from '../contract/models';
import type { BackendName } from '../contract/names';
import type { ModelHostApi } from '../contract/host';
import { createJobsClient, type JobsClient } from './jobsClient';

export interface ModelWorker {
  /** Every declared job, by area: `jobs.models.evaluate({ key }, { signal, onProgress })`. */
  jobs: JobsClient;
  /** Starts or switches the backend. `baseUrl` defaults to the document's folder. */
  init(backend: BackendName, baseUrl?: string): Promise<BackendInfo>;
  /** tf.memory() inside the worker. */
  memory(): Promise<MemoryInfo>;
  /** Frees one model, or all of them. */
  dispose(key?: string): Promise<void>;
  /** Stops the worker; every pending call rejects. */
  terminate(): void;
}

/** Starts a model worker. One per page is enough; widgets share it through `useModelWorker`. */
export function createModelWorker(): ModelWorker {
  const worker = new Worker(new URL('../worker/evaluate.worker.ts', import.meta.url), { type: 'module', name: 'compression-lab-models' });
  const remote = Comlink.wrap<ModelHostApi>(worker);
  const defaultBase = () => new URL('.', document.baseURI).href;
  return {
    jobs: createJobsClient(
      (area, name, request, jobId, onProgress, onPartial) => remote.run(area, name, request, jobId, onProgress, onPartial),
      (jobId) => void remote.cancel(jobId),
      Comlink.proxy,
    ),
    init: (backend, baseUrl = defaultBase()) => remote.init(backend, baseUrl),
    memory: () => remote.memory(),
    dispose: (key) => remote.dispose(key),
    terminate: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
