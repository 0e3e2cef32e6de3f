// The page's side of the distillation jobs (see distillJobs.ts).
import type * as Comlink from 'comlink';
import type { StudentRunSettings } from '../worker/distill';
import type { ModelHost } from '../worker/host';
import type { DistillProgressEvent, TrainedStudent } from '../worker/jobs/distillJobs';
import { asJob, optionalProxy } from './remoteJob';

export interface DistillWorker {
  /** The teacher's (teacher-1200) logits for test image `index`, or for 784 pixel values in [0, 1]. */
  teacherLogits(image: number | Float32Array): Promise<Float32Array>;
  /**
   * Trains a plain and a distilled student with the same seed and batches; they stay in the
   * worker under `${keyPrefix}-plain` and `${keyPrefix}-distilled`.
   */
  trainStudents(settings: StudentRunSettings, keyPrefix: string, call?: { onProgress?: (p: DistillProgressEvent) => void; signal?: AbortSignal }): Promise<TrainedStudent[]>;
}

export function distillClient(remote: Comlink.Remote<ModelHost>): DistillWorker {
  return {
    teacherLogits: (image) => remote.teacherLogits(image),
    trainStudents: (settings, keyPrefix, { onProgress, signal } = {}) =>
      asJob(remote, signal, (jobId) => remote.trainStudents(settings, keyPrefix, jobId, optionalProxy(onProgress))),
  };
}
