// The roofline area: this browser's peak and bandwidth measured with the backend the models run
// on (not a plain-JavaScript loop, which is several times slower than tfjs's WebAssembly SIMD),
// and the bytes a forward pass allocates.
import * as tf from '@tensorflow/tfjs';
import type { BrowserLimits, MemoryUse } from '../../contract/roofline';
import { defineJobs, queued } from '../defineJobs';
import { inputShapeOf } from '../evaluate';
import { repeatTimed } from '../latency';

/** n of the n×n matrix product: 2·512³ ≈ 268 MFLOP, big enough for the kernels' full speed, a few ms to a few tens of ms. */
export const MATMUL_SIZE = 512;
/**
 * n of the n×n weight matrix streamed by a matrix–vector product: 64 MB of float32, far more than
 * any cache. Each weight is read once and used once (0.5 FLOP per byte), so the product is limited
 * by memory, and it is the product a dense layer does at batch 1. (An element-wise tf.add was
 * tried first: on the wasm backend it runs far below the memory's speed, 0.8 GB/s here.)
 */
export const STREAM_SIZE = 4096;
const TIMING = { warmupRuns: 1, minRuns: 3, maxRuns: 20, budgetMs: 300 };

/** Waits until `t` is computed (webgl runs asynchronously) by reading one value of it. */
async function settle(t: tf.Tensor): Promise<void> {
  const one = tf.tidy(() => tf.slice(t.reshape([-1]), [0], [1]));
  try {
    await one.data();
  } finally {
    one.dispose();
  }
}

/** The fastest time (ms) of `op` on a busy machine: a limit is a best case, not a typical one. */
async function fastestMs(op: () => tf.Tensor, signal: AbortSignal): Promise<number> {
  const times = await repeatTimed(async () => {
    const t0 = performance.now();
    const out = op();
    try {
      await settle(out);
    } finally {
      out.dispose();
    }
    return performance.now() - t0;
  }, { ...TIMING, signal });
  return Math.min(...times);
}

/** The fastest time (ms) of a rows×inner by inner×cols float32 tf.matMul of seeded random matrices. */
async function fastestProductMs(rows: number, inner: number, cols: number, seed: number, signal: AbortSignal): Promise<number> {
  const a = tf.randomUniform([rows, inner], -1, 1, 'float32', seed);
  const b = tf.randomUniform([inner, cols], -1, 1, 'float32', seed + 1);
  try {
    return await fastestMs(() => tf.matMul(a, b), signal);
  } finally {
    a.dispose();
    b.dispose();
  }
}

/** The wasm backend's heap in bytes, or null on another backend. */
function wasmHeapBytes(): number | null {
  if (tf.getBackend() !== 'wasm') return null;
  const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
  return heap ? heap.buffer.byteLength : null;
}

type MemoryApi = { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };

/** The worker's JS heap in use, from the best API this browser offers, and which one it was. */
async function heapBytes(): Promise<{ bytes: number | null; source: string }> {
  const perf = performance as Performance & MemoryApi & { memory?: { usedJSHeapSize: number } };
  if (typeof perf.measureUserAgentSpecificMemory === 'function' && globalThis.crossOriginIsolated) {
    // It answers at the next garbage collection; do not wait longer than a few seconds for it.
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 3000));
    const result = await Promise.race([perf.measureUserAgentSpecificMemory().catch(() => null), timeout]);
    if (result) return { bytes: result.bytes, source: 'performance.measureUserAgentSpecificMemory()' };
  }
  if (perf.memory) return { bytes: perf.memory.usedJSHeapSize, source: 'performance.memory (Chrome only, rounded)' };
  return { bytes: null, source: 'not available here: measureUserAgentSpecificMemory needs a cross-origin isolated page, and performance.memory is Chrome’s alone' };
}

export default defineJobs('roofline', (ctx) => ({
  limits: queued('measuring this browser’s peak and bandwidth', async (_request, { signal, progress }): Promise<BrowserLimits> => {
    await ctx.started();
    const n = MATMUL_SIZE;
    progress({ phase: 'latency', done: 0, total: 2, label: `a ${n}×${n} matrix product` });
    const matmulMs = await fastestProductMs(n, n, n, 1, signal);
    const m = STREAM_SIZE;
    const label = `a 1×${m} by ${m}×${m} matrix–vector product`;
    progress({ phase: 'latency', done: 1, total: 2, label });
    const streamMs = await fastestProductMs(1, m, m, 3, signal);
    progress({ phase: 'latency', done: 2, total: 2, label });
    const streamBytes = 4 * (m * m + 2 * m);
    return {
      backend: tf.getBackend(), matmulSize: n, matmulMs, streamSize: m, streamMs, streamBytes,
      peakFlops: (2 * n ** 3) / (matmulMs / 1000),
      bandwidth: streamBytes / (streamMs / 1000),
    };
  }),

  memory: queued('measuring the memory of a forward pass', async ({ key, batch }, { signal }): Promise<MemoryUse> => {
    if (!Number.isInteger(batch) || batch < 1 || batch > 1024) throw new Error(`the batch must be a whole number from 1 to 1,024, got ${batch}`);
    const model = await ctx.getModel(key, signal);
    const x = tf.randomUniform([batch, ...inputShapeOf(model)], 0, 1, 'float32', 42);
    try {
      const before = tf.memory().numBytes;
      const info = await tf.profile(() => {
        const y = model.predict(x, { batchSize: batch }) as tf.Tensor;
        y.dispose();
      });
      return {
        key, batch, backend: tf.getBackend(),
        weightBytes: model.weights.reduce((sum, w) => sum + w.read().size * 4, 0),
        inputBytes: x.size * 4,
        peakPassBytes: Math.max(0, info.peakBytes - before),
        tfjsBytes: tf.memory().numBytes,
        wasmHeapBytes: wasmHeapBytes(),
        ...(await heapBytes().then(({ bytes, source }) => ({ heapBytes: bytes, heapSource: source }))),
      };
    } finally {
      x.dispose();
    }
  }),
}));
