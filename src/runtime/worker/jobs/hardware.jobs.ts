// The hardware area: float32 versus int8 products timed in the worker, on LeNet-300-100's first
// layer and real test digits (pixels halved to 7 bits for the int8 kernels, weights scaled to ±127).
import * as tf from '@tensorflow/tfjs';
import { denseProductsAvailable, type DenseProductKind, prepareDenseProduct } from '../../../engine';
import { defineJobs, queued } from '../defineJobs';
import { denseLayersOf } from '../integerMlp';
import { quantile, repeatTimed } from '../latency';

const TIMING = { warmupRuns: 2, minRuns: 5, maxRuns: 200, budgetMs: 400 };

/** Median ms of `run`. */
async function timeMs(run: () => void, signal: AbortSignal | undefined): Promise<number> {
  const times = await repeatTimed(() => { const t = performance.now(); run(); return performance.now() - t; }, { ...TIMING, signal });
  return +quantile([...times].sort((x, y) => x - y), 0.5).toFixed(3);
}

export default defineJobs('hardware', (ctx) => ({
  kernelSpeed: queued('timing float32 and int8 products', async ({ rows }, { signal, progress }) => {
    if (!Number.isInteger(rows) || rows < 1 || rows > 1024) throw new Error(`rows must be a whole number from 1 to 1024, got ${rows}`);
    const test = await ctx.loadData('test', { signal, progress });
    const [first] = denseLayersOf(await ctx.getModel('lenet-300-100'));
    const { inputs: n, units: cols, kernel } = first;
    const pixels = test.images.subarray(0, rows * n);
    let maxAbs = 0;
    for (const w of kernel) maxAbs = Math.max(maxAbs, Math.abs(w));
    const kernelT = new Float32Array(cols * n);
    const kernelT8 = new Int8Array(cols * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) {
      kernelT[j * n + i] = kernel[i * cols + j];
      kernelT8[j * n + i] = Math.round((kernel[i * cols + j] / maxAbs) * 127);
    }
    const a32 = Float32Array.from(pixels, (p) => p / 255);
    const a8 = Int8Array.from(pixels, (p) => p >> 1);
    const steps = 4;
    const step = (done: number) => progress({ phase: 'latency', done, total: steps, label: 'the kernels' });

    step(0);
    const timeKernel = async (kind: DenseProductKind) => {
      const p = kind === 'f32' ? prepareDenseProduct('f32', a32, kernelT, rows, cols, n) : prepareDenseProduct(kind, a8, kernelT8, rows, cols, n);
      return { ms: await timeMs(() => p.run(), signal), result: Array.from(p.run()) };
    };
    const f32 = await timeKernel('f32');
    step(1);
    const i8 = await timeKernel('i8');
    step(2);
    const relaxed = denseProductsAvailable('i8relaxed') ? await timeKernel('i8relaxed') : null;
    step(3);
    const a = tf.tensor2d(a32, [rows, n]);
    const b = tf.tensor2d(kernel, [n, cols]);
    let tfjsMs: number;
    try {
      tfjsMs = await timeMs(() => { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); }, signal);
    } finally {
      a.dispose();
      b.dispose();
    }
    step(4);
    return {
      rows, cols, n, f32Ms: f32.ms, i8Ms: i8.ms, tfjsMs, backend: tf.getBackend(),
      relaxedMs: relaxed?.ms ?? null,
      relaxedMatches: relaxed ? relaxed.result.every((v, i) => v === i8.result[i]) : null,
      int8Speedup: +(f32.ms / i8.ms).toFixed(3),
      relaxedSpeedup: relaxed ? +(f32.ms / relaxed.ms).toFixed(3) : null,
    };
  }),
}));
