// What a job area gets from the model host: the loaded models and the data. The queue and
// cancellation are the host's; a job sees only its own signal and progress (see defineJobs.ts).
import type * as tf from '@tensorflow/tfjs';
import type { JobProgress } from '../contract/jobs';
import type { BackendInfo, MnistSplit, ModelSource } from '../contract/models';
import type { MnistSet } from './mnist';

export interface HostContext {
  /** A loaded model (zoo ids load on first use); `signal` stops the wait, not the load. */
  getModel(key: string, signal?: AbortSignal): Promise<tf.LayersModel>;
  /** Builds a model from artifacts and keeps it under `key`, replacing (and freeing) any model there. */
  putArtifacts(key: string, artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel>;
  /** Builds a model from `source` and keeps it under its key (see keyOf), freeing any model there. */
  store(source: ModelSource, signal?: AbortSignal): Promise<tf.LayersModel>;
  /** The site's base URL (the folder holding data/ and models/). */
  baseUrl(): string;
  /** Resolves once the worker's backend has started (immediate jobs that need tfjs wait for it). */
  started(): Promise<void>;
  /** The backend that runs; throws until the worker has been started. */
  backend(): BackendInfo;
  /** A model's topology and weights in memory. */
  saveArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts>;
  /** An MNIST split (cached after the first load), reporting the download as a 'data' phase. */
  loadData(split: MnistSplit, io?: { signal?: AbortSignal; progress?: (p: JobProgress) => void }): Promise<MnistSet>;
}
