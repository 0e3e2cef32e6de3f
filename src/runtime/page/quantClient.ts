// The page's side of the quantization jobs (see quantJobs.ts).
import type * as Comlink from 'comlink';
import type { WeightQuantReport, WeightQuantSpec } from '../worker/quantize';
import type { ModelHost } from '../worker/host';
import type { QatRequest, QatResult, QuantEvalRequest, QuantEvalResult, QuantProgress, SweepPoint, SweepResult } from '../worker/jobs/quantJobs';
import { asJob, optionalProxy } from './remoteJob';

export interface QuantCall {
  onProgress?: (p: QuantProgress) => void;
  signal?: AbortSignal;
}

export interface QuantWorker {
  /** Builds a weight-quantized copy of a loaded model under newKey, in the worker; returns per-kernel statistics. */
  transformWeights(key: string, newKey: string, spec: WeightQuantSpec): Promise<WeightQuantReport>;
  /** The values of one weight (e.g. "dense1/kernel") of a loaded model. */
  weightValues(key: string, weight: string): Promise<Float32Array>;
  /** Test accuracy with quantized weights (copy under newKey) and/or calibrated, quantized activations. */
  quantEvaluate(key: string, newKey: string, request: QuantEvalRequest, call?: QuantCall): Promise<QuantEvalResult>;
  /** Accuracy at each sweep point (weights only) on the first `testImages` test images (all by default). */
  sweepWeights(key: string, points: readonly SweepPoint[], call?: QuantCall & { testImages?: number; onPoint?: (r: SweepResult) => void }): Promise<SweepResult[]>;
  /** Quantization-aware training of a copy of `key` under newKey; its accuracy and that of plain PTQ. */
  trainQat(key: string, newKey: string, request: QatRequest, call?: QuantCall & { testImages?: number }): Promise<QatResult>;
}

export function quantClient(remote: Comlink.Remote<ModelHost>): QuantWorker {
  return {
    transformWeights: (key, newKey, spec) => remote.transformWeights(key, newKey, spec),
    weightValues: (key, weight) => remote.weightValues(key, weight),
    quantEvaluate: (key, newKey, request, { onProgress, signal } = {}) =>
      asJob(remote, signal, (jobId) => remote.quantEvaluate(key, newKey, request, jobId, optionalProxy(onProgress))),
    sweepWeights: (key, points, { onProgress, onPoint, signal, testImages } = {}) =>
      asJob(remote, signal, (jobId) => remote.sweepWeights(key, [...points], testImages, jobId, optionalProxy(onPoint), optionalProxy(onProgress))),
    trainQat: (key, newKey, request, { onProgress, signal, testImages } = {}) =>
      asJob(remote, signal, (jobId) => remote.trainQat(key, newKey, request, testImages, jobId, optionalProxy(onProgress))),
  };
}
