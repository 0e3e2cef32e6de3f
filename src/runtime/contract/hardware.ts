// The hardware area of the page/worker contract: what is timed in the worker for lesson 9. No tfjs here.

/** Median milliseconds of one product of `rows` test digits by LeNet-300-100's first layer, per kernel. */
export interface KernelSpeed {
  rows: number;
  cols: number;
  n: number;
  /** The engine's float32 WebAssembly SIMD kernel. */
  f32Ms: number;
  /** The engine's int8 kernel in standard WebAssembly SIMD. */
  i8Ms: number;
  /** The int8 kernel with relaxed SIMD's 8-bit dot product; null where relaxed SIMD does not run. */
  relaxedMs: number | null;
  /** Whether the relaxed kernel's int32 sums equal the standard int8 kernel's exactly (null: not run). */
  relaxedMatches: boolean | null;
  /** tfjs's float32 matMul on the worker's backend, including reading the result back. */
  tfjsMs: number;
  backend: string;
  /** f32Ms / i8Ms and f32Ms / relaxedMs: throughput of int8 relative to float32. */
  int8Speedup: number;
  relaxedSpeedup: number | null;
}

declare module './jobs' {
  interface JobRegistry {
    hardware: {
      /** Times float32 and int8 products (engine kernels and tfjs) on real digits and weights; rows are images, 1–1024. */
      kernelSpeed: JobSpec<{ rows: number }, KernelSpeed>;
    };
  }
}
