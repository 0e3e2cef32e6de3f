// Dense training steps on tfjs's wasm backend in node, in one run: the backend's own kernels
// against the course's (registerWasmTrainingKernels, whose BatchMatMul transposes an operand
// explicitly and then takes XNNPACK's plain product). Every Dense layer's backward pass asks for
// products with a transposed operand (dW = xᵀ·dy, dx = dy·Wᵀ). Per model: ms per step and its
// phases (data, forward, backward, optimizer) from trainModel's own timers, batch 64, Adam, on
// MNIST-like inputs (81 % zero pixels); the load average is recorded with the numbers. Then, with
// the course's kernels, the first layer from the non-zero pixels only (sparseTraining.ts) against
// the same steps with tfjs's dense product, alternating rounds so that a change of load hits both
// (each variant's fastest round is kept).
// Runs in node without the site: `npx tsx bench/dense-steps.bench.ts` prints the same JSON.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { seededRandom } from '../src/engine';
import { registerWasmTrainingKernels } from '../src/runtime/worker/kernels/registerWasmTrainingKernels';
import { buildModel } from '../src/runtime/worker/models';
import { beginProfile, endProfile } from '../src/runtime/worker/profile';
import { trainModel } from '../src/runtime/worker/train';

const MODELS = ['lenet-300-100', 'teacher-1200'] as const;
const BATCH = 64;
const STEPS = 30;
const WARM_UP = 3;
const SPARSE_ROUNDS = 3;

function mnistLike(count: number) {
  const random = seededRandom(7);
  const images = Uint8Array.from({ length: count * 784 }, () => (random() < 0.81 ? 0 : 1 + Math.floor(random() * 255)));
  const labels = Uint8Array.from({ length: count }, () => Math.floor(random() * 10));
  return { count, images, labels };
}

/**
 * ms per step of each phase over STEPS steps (after WARM_UP untimed ones), and the process's CPU
 * time per step (what a loaded machine inflates least).
 */
async function stepTimes(id: (typeof MODELS)[number], data: ReturnType<typeof mnistLike>, sparseInput = false) {
  const model = buildModel(id, 1);
  try {
    await trainModel(model, data, { steps: WARM_UP, batchSize: BATCH, learningRate: 1e-3, seed: 1, sparseInput });
    beginProfile(id);
    const cpu = process.cpuUsage();
    await trainModel(model, data, { steps: STEPS, batchSize: BATCH, learningRate: 1e-3, seed: 2, sparseInput });
    const { user, system } = process.cpuUsage(cpu);
    const p = endProfile()!;
    const per = (phase: string) => +((p.phases[`train ${phase}`]?.ms ?? 0) / STEPS).toFixed(2);
    return { stepMs: +(p.ms / STEPS).toFixed(2), cpuMs: +((user + system) / 1000 / STEPS).toFixed(2), dataMs: per('data'), forwardMs: per('forward'), backwardMs: per('backward'), optimizerMs: per('optimizer') };
  } finally {
    model.dispose();
  }
}

export async function run() {
  await tf.setBackend('wasm');
  await tf.ready();
  const data = mnistLike(2000);
  const load = [loadavg()[0]];
  const backendKernels: Record<string, Awaited<ReturnType<typeof stepTimes>>> = {};
  for (const m of MODELS) backendKernels[m] = await stepTimes(m, data);
  registerWasmTrainingKernels();
  const courseKernels: Record<string, Awaited<ReturnType<typeof stepTimes>>> = {};
  for (const m of MODELS) courseKernels[m] = await stepTimes(m, data);
  load.push(loadavg()[0]);
  const sparseInput = await sparseAgainstDense(data);
  load.push(loadavg()[0]);
  const speedup = Object.fromEntries(MODELS.map((m) => [m, {
    step: +(backendKernels[m].stepMs / courseKernels[m].stepMs).toFixed(2),
    backward: +(backendKernels[m].backwardMs / courseKernels[m].backwardMs).toFixed(2),
    backwardOverForward: { backendKernels: +(backendKernels[m].backwardMs / backendKernels[m].forwardMs).toFixed(2), courseKernels: +(courseKernels[m].backwardMs / courseKernels[m].forwardMs).toFixed(2) },
  }]));
  return { settings: { backend: 'wasm (node)', batchSize: BATCH, steps: STEPS, optimizer: 'adam' }, backendKernels, courseKernels, speedup, sparseInput, loadAverage: load.map((v) => +v.toFixed(1)) };
}

type StepTimes = Awaited<ReturnType<typeof stepTimes>>;

/** Per model, each variant's best round (course kernels both), and dense over sparse per phase. */
async function sparseAgainstDense(data: ReturnType<typeof mnistLike>) {
  const out: Record<string, { dense: StepTimes; sparse: StepTimes; denseOverSparse: Record<'step' | 'cpu' | 'forward' | 'backward', number> }> = {};
  for (const m of MODELS) {
    const best = { dense: undefined as StepTimes | undefined, sparse: undefined as StepTimes | undefined };
    for (let round = 0; round < SPARSE_ROUNDS; round++) {
      for (const variant of ['dense', 'sparse'] as const) {
        const t = await stepTimes(m, data, variant === 'sparse');
        if (!best[variant] || t.stepMs < best[variant].stepMs) best[variant] = t;
      }
    }
    const [dense, sparse] = [best.dense!, best.sparse!];
    const r = (a: number, b: number) => +(a / b).toFixed(2);
    out[m] = { dense, sparse, denseOverSparse: { step: r(dense.stepMs, sparse.stepMs), cpu: r(dense.cpuMs, sparse.cpuMs), forward: r(dense.forwardMs, sparse.forwardMs), backward: r(dense.backwardMs, sparse.backwardMs) } };
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) console.log(JSON.stringify(await run(), null, 2));
