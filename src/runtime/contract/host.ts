// What the model worker exposes to the page (through comlink). No tfjs here.
import type { JobProgress } from './jobs';
import type { BackendInfo, MemoryInfo } from './models';
import type { BackendName } from './names';

export interface ModelHostApi {
  /** Starts (or switches to) a backend; `base` is the site's base URL (the folder with data/ and models/). */
  init(preferred: BackendName, base: string): Promise<BackendInfo>;
  /** Runs job `name` of `area` under `jobId`; progress and partial results go to the callbacks. */
  run(area: string, name: string, request: unknown, jobId: string, onProgress?: (p: JobProgress) => void, onPartial?: (p: unknown) => void): Promise<unknown>;
  /** Stops a running or queued job; it rejects with an AbortError at once. Unknown ids are ignored. */
  cancel(jobId: string): void;
  memory(): MemoryInfo;
  /** Frees one model, or all when no key is given. */
  dispose(key?: string): void;
}
