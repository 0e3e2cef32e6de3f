// The page's side of the integer-only inference and weight-edit jobs (see integerJobs.ts, weightEditJobs.ts).
import type * as Comlink from 'comlink';
import type { IntegerBuildSpec } from '../worker/integerMlp';
import type { ModelHost } from '../worker/host';
import type { IntegerBuild, IntegerProgress } from '../worker/jobs/integerJobs';
import { asJob, optionalProxy } from './remoteJob';

export interface IntegerWorker {
  /** The int8 network of a loaded MLP, calibrated on training images and scored on the test set. */
  integerModel(key: string, spec: IntegerBuildSpec, call?: { onProgress?: (p: IntegerProgress) => void; signal?: AbortSignal }): Promise<IntegerBuild>;
  /** One test image's pixel bytes and label. */
  testImage(index: number): Promise<{ pixels: Uint8Array; label: number; count: number }>;
  /** A copy of model `key` under `newKey` with one weight set to `value`; resolves to the old value. */
  withWeightValue(key: string, newKey: string, name: string, index: number, value: number): Promise<number>;
}

export function integerClient(remote: Comlink.Remote<ModelHost>): IntegerWorker {
  return {
    integerModel: (key, spec, { onProgress, signal } = {}) =>
      asJob(remote, signal, (jobId) => remote.integerModel(key, spec, jobId, optionalProxy(onProgress))),
    testImage: (index) => remote.testImage(index),
    withWeightValue: (key, newKey, name, index, value) => remote.withWeightValue(key, newKey, name, index, value),
  };
}
