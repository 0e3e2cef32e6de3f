import type { Page } from '@playwright/test';

/**
 * What a benchmark gets from `npm run bench` (bench/run.ts). Each `bench/<name>.bench.ts` exports
 * `run(ctx)` returning a JSON-serialisable object, written to `bench/results/<name>.json`.
 * Report ratios against a baseline measured in the same run, never absolute pass/fail timings.
 */
export interface BenchContext {
  /** The built site served by `vite preview`, e.g. http://127.0.0.1:4319/course/ */
  baseURL: string;
  /** A fresh page in headless Chromium (closed by the runner at the end). */
  newPage(): Promise<Page>;
}
