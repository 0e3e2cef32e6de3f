// The main thread's handle on the model worker: typed promises, progress callbacks, and
// cancellation through an ordinary AbortSignal.
import * as Comlink from 'comlink';
import type * as tf from '@tensorflow/tfjs';
import type { BackendInfo, BackendName } from '../worker/backend';
import type { LatencyProgress, LatencyRow } from '../worker/latency';
import type { MnistSplit } from '../worker/mnist';
import type { ModelSummary } from '../worker/summary';
import { asJob, optionalProxy } from './remoteJob';
import { integerClient, type IntegerWorker } from './integerClient';
import { quantClient, type QuantWorker } from './quantClient';
import { deepCompressionClient, type DeepCompressionWorker } from './deepCompressionClient';
import { pruneClient, type PruneWorker } from './pruneClient';
import { distillClient, type DistillWorker } from './distillClient';
import type { EvaluateProgressEvent, EvaluationResult, MemoryInfo, ModelHost, ModelSource } from '../worker/host';

export interface EvaluateCall {
  onProgress?: (p: EvaluateProgressEvent) => void;
  signal?: AbortSignal;
  /** Which MNIST split to score on; the test set by default. */
  split?: MnistSplit;
}

export interface LatencyCall {
  onProgress?: (p: LatencyProgress) => void;
  /** Each batch size's result as soon as it is measured. */
  onRow?: (row: LatencyRow) => void;
  signal?: AbortSignal;
}

export interface ModelWorker extends IntegerWorker, QuantWorker, DeepCompressionWorker, PruneWorker, DistillWorker {
  /** Starts or switches the backend. `baseUrl` defaults to the document's folder. */
  init(backend: BackendName, baseUrl?: string): Promise<BackendInfo>;
  /** A zoo model by id, or a model from in-memory artifacts under a key of your choosing. */
  loadModel(source: string | { key: string; artifacts: tf.io.ModelArtifacts }): Promise<ModelSummary>;
  /** The reader's own model from a file picker (model.json + .bin files), kept under the key "upload". */
  loadUploadedModel(files: FileList | readonly File[]): Promise<ModelSummary>;
  evaluate(key: string, call?: EvaluateCall): Promise<EvaluationResult>;
  measureLatency(key: string, batchSizes: readonly number[], call?: LatencyCall): Promise<LatencyRow[]>;
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
  const remote = Comlink.wrap<ModelHost>(worker);
  const defaultBase = () => new URL('.', document.baseURI).href;

  return {
    ...integerClient(remote),
    ...quantClient(remote),
    ...deepCompressionClient(remote),
    ...pruneClient(remote),
    ...distillClient(remote),
    init: (backend, baseUrl = defaultBase()) => remote.init(backend, baseUrl),
    loadModel: (source) => remote.loadModel(typeof source === 'string' ? { kind: 'zoo', id: source } : { kind: 'artifacts', ...source } as ModelSource),
    loadUploadedModel: (files) => remote.loadModel({ kind: 'files', files: Array.from(files) }),
    evaluate: (key, { onProgress, signal, split } = {}) =>
      asJob(remote, signal, (jobId) => remote.evaluate(key, jobId, optionalProxy(onProgress), split)),
    measureLatency: (key, batchSizes, { onProgress, onRow, signal } = {}) =>
      asJob(remote, signal, (jobId) => remote.measureLatency(key, jobId, [...batchSizes], optionalProxy(onProgress), optionalProxy(onRow))),
    memory: () => remote.memory(),
    dispose: (key) => remote.dispose(key),
    terminate: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
