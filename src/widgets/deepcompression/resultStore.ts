// The page's latest Deep Compression run, shared by the pipeline, codebook, bit-accounting and
// download widgets (each can sit in its own section of the lesson).
import { useSyncExternalStore } from 'react';
import type { DeepCompressionResult } from '../../runtime/contract/deepCompression';
import type { DeepCompressionModelId, DeepCompressionPlan } from '../../runtime/contract/deepCompression';

export interface PipelineRun {
  result: DeepCompressionResult;
  plan: DeepCompressionPlan;
  /** The worker key of the compressed model. */
  key: string;
  /** The zoo model that was compressed. */
  model: DeepCompressionModelId;
  /** Counts the runs published on this page: what is under `key` changes with each. */
  version: number;
}

let current: PipelineRun | undefined;
const listeners = new Set<() => void>();

export function publishRun(run: Omit<PipelineRun, 'version'>): void {
  current = { ...run, version: (current?.version ?? 0) + 1 };
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The latest finished run on this page, or undefined before the first. */
export function usePipelineRun(): PipelineRun | undefined {
  return useSyncExternalStore(subscribe, () => current);
}
