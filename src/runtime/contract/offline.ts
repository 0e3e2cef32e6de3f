// The offline area of the page/worker contract: saving what the course downloads on demand. No tfjs here.

/** What "Download the whole course" stored of MNIST in the worker's cache. */
export interface SavedData {
  /** Test and training images now kept in this browser. */
  images: number;
}

declare module './jobs' {
  interface JobRegistry {
    offline: {
      /** Downloads MNIST's test and training splits into the worker's cache (a no-op for a split already there). */
      saveData: JobSpec<Record<string, never>, SavedData>;
    };
  }
}
