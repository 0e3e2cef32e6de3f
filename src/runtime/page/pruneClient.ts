// The page's side of the pruning jobs (see pruneJobs.ts): cancellable through an AbortSignal,
// with progress and streamed points as callbacks.
import type * as Comlink from 'comlink';
import type { UnitNorm } from '../../engine';
import type { IterativePoint, IterativeSpec, MaskSpec, SensitivityPoint } from '../worker/prune';
import type { ModelHost } from '../worker/host';
import type { ProductTiming, PruneOutcome, PruneProgress, RetrainSettings, SpeedReport, StructuredOutcome } from '../worker/jobs/pruneJobs';
import { asJob, optionalProxy } from './remoteJob';

export interface PruneCall {
  onProgress?: (p: PruneProgress) => void;
  signal?: AbortSignal;
}

export interface PruneWorker {
  /** A copy of `key` under `newKey` pruned by `spec` (magnitude, global or random), scored on the test set. */
  pruneModel(key: string, newKey: string, spec: MaskSpec, call?: PruneCall): Promise<PruneOutcome>;
  /** Retrains a pruned copy in place with its masks held; on cancel it keeps the last finished step. */
  retrainPruned(key: string, settings: RetrainSettings, call?: PruneCall): Promise<PruneOutcome>;
  /** Prunes a copy of `key` under `newKey` on a schedule with retraining, streaming test points. */
  pruneOnSchedule(key: string, newKey: string, spec: IterativeSpec, call?: PruneCall & { onPoint?: (p: IterativePoint) => void }): Promise<{ points: IterativePoint[]; outcome: PruneOutcome }>;
  /** Accuracy with each kernel alone pruned at each sparsity, on the first `images` test images. */
  sensitivityScan(key: string, sparsities: readonly number[], images: number, call?: PruneCall & { onPoint?: (p: SensitivityPoint) => void }): Promise<SensitivityPoint[]>;
  /** A smaller dense copy of `key` under `newKey` with the units of smallest norm removed. */
  pruneStructured(key: string, newKey: string, fraction: number | Record<string, number>, norm: UnitNorm, call?: PruneCall): Promise<StructuredOutcome>;
  /** Latency of a dense (masked) model and of a smaller model at one batch size. */
  compareLatency(denseKey: string, smallKey: string, batch: number, call?: PruneCall): Promise<SpeedReport>;
  /** CSR against dense products of `key`'s first kernel pruned to each sparsity. */
  productTimings(key: string, sparsities: readonly number[], batch: number, call?: PruneCall): Promise<ProductTiming[]>;
}

export function pruneClient(remote: Comlink.Remote<ModelHost>): PruneWorker {
  return {
    pruneModel: (key, newKey, spec, { onProgress, signal } = {}) =>
      asJob(remote, signal, (jobId) => remote.pruneModel(key, newKey, spec, jobId, optionalProxy(onProgress))),
    retrainPruned: (key, settings, { onProgress, signal } = {}) =>
      asJob(remote, signal, (jobId) => remote.retrainPruned(key, settings, jobId, optionalProxy(onProgress))),
    pruneOnSchedule: (key, newKey, spec, { onProgress, onPoint, signal } = {}) =>
      asJob(remote, signal, (jobId) => remote.pruneOnSchedule(key, newKey, spec, jobId, optionalProxy(onPoint), optionalProxy(onProgress))),
    sensitivityScan: (key, sparsities, images, { onProgress, onPoint, signal } = {}) =>
      asJob(remote, signal, (jobId) => remote.sensitivityScan(key, [...sparsities], images, jobId, optionalProxy(onPoint), optionalProxy(onProgress))),
    pruneStructured: (key, newKey, fraction, norm, { onProgress, signal } = {}) =>
      asJob(remote, signal, (jobId) => remote.pruneStructured(key, newKey, fraction, norm, jobId, optionalProxy(onProgress))),
    compareLatency: (denseKey, smallKey, batch, { onProgress, signal } = {}) =>
      asJob(remote, signal, (jobId) => remote.compareLatency(denseKey, smallKey, batch, jobId, optionalProxy(onProgress))),
    productTimings: (key, sparsities, batch, { onProgress, signal } = {}) =>
      asJob(remote, signal, (jobId) => remote.productTimings(key, [...sparsities], batch, jobId, optionalProxy(onProgress))),
  };
}
