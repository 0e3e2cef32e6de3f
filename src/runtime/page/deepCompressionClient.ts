// The page's side of the Deep Compression jobs (see deepCompressionJobs.ts).
import type * as Comlink from 'comlink';
import type { DeepCompressionResult } from '../worker/deepCompression';
import type { DeepCompressionPlan } from '../contract/deepCompressionPlan';
import type { CompressedModelInfo, DeepCompressionJobProgress } from '../worker/jobs/deepCompressionJobs';
import type { ModelHost } from '../worker/host';
import { asJob, optionalProxy } from './remoteJob';

export interface DeepCompressionWorker {
  /** Prune, share and Huffman-code a copy of model `key`, kept under `newKey`; sizes and accuracies per stage. */
  deepCompress(key: string, newKey: string, plan: DeepCompressionPlan, call?: { onProgress?: (p: DeepCompressionJobProgress) => void; signal?: AbortSignal }): Promise<DeepCompressionResult>;
  /** Loads a .clmz file's model under `newKey` (evaluate it with `evaluate(newKey)`). */
  loadCompressedModel(bytes: Uint8Array, newKey: string): Promise<CompressedModelInfo>;
}

export function deepCompressionClient(remote: Comlink.Remote<ModelHost>): DeepCompressionWorker {
  return {
    deepCompress: (key, newKey, plan, { onProgress, signal } = {}) =>
      asJob(remote, signal, (jobId) => remote.deepCompress(key, newKey, plan, jobId, optionalProxy(onProgress))),
    loadCompressedModel: (bytes, newKey) => remote.loadCompressedModel(bytes, newKey),
  };
}
