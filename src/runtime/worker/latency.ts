// Inference latency of a model at several batch sizes: warm-up runs, then timed runs that each
// wait for the output data (so asynchronous backends are timed to completion).
import * as tf from '@tensorflow/tfjs';
import { abortError, yieldToEventLoop } from '../contract/abort';
import { inputShapeOf } from './evaluate';
import type { LatencyRow } from '../contract/models';
export type { LatencyRow } from '../contract/models';

export interface LatencyProgress {
  /** Batch sizes finished, and the one being measured. */
  done: number;
  total: number;
  batchSize: number;
}

export interface LatencyOptions {
  warmupRuns?: number;
  /** Timed runs are repeated until both minimum count and time budget are reached, or maxRuns. */
  minRuns?: number;
  maxRuns?: number;
  /** Time budget per batch size in milliseconds. */
  budgetMs?: number;
  onProgress?: (p: LatencyProgress) => void;
  /** Called with each row as soon as it is measured. */
  onRow?: (row: LatencyRow) => void;
  signal?: AbortSignal;
}

/**
 * The q-quantile (q in [0, 1]) of ascending `sorted` values, interpolating linearly between
 * neighbours: position q·(n−1). Throws on an empty list.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile of an empty list');
  const pos = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Summarises per-run times (ms) of one batch size. */
export function summarise(batchSize: number, timesMs: readonly number[]): LatencyRow {
  const sorted = [...timesMs].sort((a, b) => a - b);
  const medianMs = quantile(sorted, 0.5);
  return {
    batchSize,
    runs: sorted.length,
    medianMs,
    p10Ms: quantile(sorted, 0.1),
    p90Ms: quantile(sorted, 0.9),
    imagesPerSecond: medianMs > 0 ? (batchSize * 1000) / medianMs : Infinity,
  };
}

/**
 * The times (ms) of repeated calls of `run`, which returns the time of one call: `warmupRuns`
 * untimed first, then until both `minRuns` calls and `budgetMs` have passed, or `maxRuns` calls.
 * Yields to the event loop between calls, so a cancel can arrive.
 */
export async function repeatTimed(run: () => number | Promise<number>, options: { warmupRuns: number; minRuns: number; maxRuns: number; budgetMs: number; signal?: AbortSignal }): Promise<number[]> {
  const { warmupRuns, minRuns, maxRuns, budgetMs, signal } = options;
  for (let w = 0; w < warmupRuns; w++) await run();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < maxRuns && (times.length < minRuns || performance.now() - start < budgetMs)) {
    await yieldToEventLoop();
    if (signal?.aborted) throw abortError();
    times.push(await run());
  }
  return times;
}

async function timeOneRun(model: tf.LayersModel, x: tf.Tensor): Promise<number> {
  const t0 = performance.now();
  const y = model.predict(x, { batchSize: x.shape[0] }) as tf.Tensor; // one pass, not chunks of 32
  try {
    await y.data();
  } finally {
    y.dispose();
  }
  return performance.now() - t0;
}

/**
 * Measures forward-pass latency of `model` for each batch size on inputs of uniform noise in
 * [0, 1] (the time of a dense or convolutional network does not depend on the pixel values).
 */
export async function measureLatency(model: tf.LayersModel, batchSizes: readonly number[], options: LatencyOptions = {}): Promise<LatencyRow[]> {
  const { warmupRuns = 3, minRuns = 10, maxRuns = 200, budgetMs = 800, onProgress, onRow, signal } = options;
  const shape = inputShapeOf(model);
  const rows: LatencyRow[] = [];
  for (const [i, batchSize] of batchSizes.entries()) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
    if (signal?.aborted) throw abortError();
    onProgress?.({ done: i, total: batchSizes.length, batchSize });
    const x = tf.randomUniform([batchSize, ...shape], 0, 1, 'float32', 42);
    try {
      const times = await repeatTimed(() => timeOneRun(model, x), { warmupRuns, minRuns, maxRuns, budgetMs, signal });
      const row = summarise(batchSize, times);
      rows.push(row);
      onRow?.(row);
    } finally {
      x.dispose();
    }
  }
  onProgress?.({ done: batchSizes.length, total: batchSizes.length, batchSize: batchSizes[batchSizes.length - 1] ?? 0 });
  return rows;
}
