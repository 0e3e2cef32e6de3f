// The roofline area of the page/worker contract: this browser's two roofline limits, and the
// memory a forward pass really allocates, both measured in the model worker. No tfjs here.

/** Peak FLOP/s and memory bandwidth of the backend in use, each from its fastest timed run. */
export interface BrowserLimits {
  backend: string;
  /** 2n³ / time of an n×n by n×n float32 tf.matMul. */
  peakFlops: number;
  matmulSize: number;
  matmulMs: number;
  /** Bytes moved / time of a float32 1×m by m×m tf.matMul, whose m×m weights are far bigger than any cache. */
  bandwidth: number;
  streamSize: number;
  /** Bytes the matrix–vector product reads and writes: the weights, the vector and the result. */
  streamBytes: number;
  streamMs: number;
}

/** What one forward pass of a loaded model allocates in the worker, and what the worker holds. */
export interface MemoryUse {
  key: string;
  batch: number;
  backend: string;
  /** Bytes of the model's weight tensors as tfjs holds them. */
  weightBytes: number;
  /** The input batch's bytes (allocated before the pass, so not part of the peak). */
  inputBytes: number;
  /** Highest tfjs byte count during the pass, above what was allocated before it (tf.profile). */
  peakPassBytes: number;
  /** All tfjs tensor bytes in the worker after the pass (every model loaded so far). */
  tfjsBytes: number;
  /** The wasm backend's heap (WebAssembly memory), which only grows; null on other backends. */
  wasmHeapBytes: number | null;
  /** The worker's JavaScript heap in use: performance.measureUserAgentSpecificMemory where the page is cross-origin isolated, else Chrome's performance.memory; null where neither exists. */
  heapBytes: number | null;
  heapSource: string;
}

declare module './jobs' {
  interface JobRegistry {
    roofline: {
      /** Times a large matrix product and a large add with the worker's backend: this browser's roofline. */
      limits: JobSpec<Record<string, never>, BrowserLimits>;
      /** One forward pass of a loaded model at `batch` images (1–1024), with the bytes it allocates. */
      memory: JobSpec<{ key: string; batch: number }, MemoryUse>;
    };
  }
}
