// The optimizer phase of a training step on tfjs's wasm backend in node, in one run: tf.train.adam
// against the fused Adam trainModel uses on wasm and cpu (src/runtime/worker/fusedAdam.ts), with
// the engine's WebAssembly SIMD kernel and with its TypeScript loop, on LeNet-300-100 and the
// 1200-unit teacher. Both update the same model's variables with the same
// gradients (batch-64-like, from one real backward pass), alternating in rounds so that a change
// of the machine's load falls on both; the median ms per update of each and their ratio. Runs in
// node without the site: `npx tsx bench/optimizer.bench.ts` prints the same JSON.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { FusedAdam, type StepOptimizer } from '../src/runtime/worker/fusedAdam';
import { variableGrads } from '../src/runtime/worker/gradients';
import { buildModel } from '../src/runtime/worker/models';
import { median, ratio } from './timing';

const MODELS = ['lenet-300-100', 'teacher-1200'] as const;
const BATCH = 64;
const ROUNDS = 5;
const UPDATES = 20;

/** Gradients of the model's weights for one batch of random images and labels. */
function batchGradients(model: tf.LayersModel): tf.NamedTensorMap {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = variableGrads(() => tf.tidy(() => {
    const x = tf.randomUniform([BATCH, 784], 0, 1, 'float32', 1);
    const y = tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', 2), 10);
    return tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar;
  }), variables);
  value.dispose();
  return grads;
}

/** ms of each of `UPDATES` updates, after one untimed update. */
function updateTimes(optimizer: StepOptimizer, grads: tf.NamedTensorMap): number[] {
  optimizer.applyGradients(grads);
  const times: number[] = [];
  for (let k = 0; k < UPDATES; k++) {
    const t = performance.now();
    optimizer.applyGradients(grads);
    times.push(performance.now() - t);
  }
  return times;
}

async function compare(id: (typeof MODELS)[number]) {
  const model = buildModel(id, 1);
  const grads = batchGradients(model);
  const tfjs: number[] = [];
  const fused: number[] = [];
  const fusedTs: number[] = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      const optimizers = [[tfjs, tf.train.adam(1e-3)], [fused, new FusedAdam({ learningRate: 1e-3 })], [fusedTs, new FusedAdam({ learningRate: 1e-3 }, { simd: false })]] as const;
      for (const [times, optimizer] of optimizers) {
        times.push(...updateTimes(optimizer, grads));
        optimizer.dispose();
      }
    }
  } finally {
    tf.dispose(grads);
    model.dispose();
  }
  const parameters = model.countParams();
  const ms = (times: number[]) => +median(times).toFixed(2);
  return {
    parameters, tfjsAdamMs: ms(tfjs), fusedAdamMs: ms(fused), fusedTypeScriptLoopMs: ms(fusedTs),
    tfjsOverFused: ratio(median(tfjs), median(fused)), tfjsOverFusedTypeScriptLoop: ratio(median(tfjs), median(fusedTs)),
  };
}

export async function run() {
  await tf.setBackend('wasm');
  await tf.ready();
  const load = [loadavg()[0]];
  const models: Record<string, Awaited<ReturnType<typeof compare>>> = {};
  for (const m of MODELS) models[m] = await compare(m);
  load.push(loadavg()[0]);
  return { settings: { backend: 'wasm (node)', batchSize: BATCH, rounds: ROUNDS, updatesPerRound: UPDATES, learningRate: 1e-3 }, models, loadAverage: load.map((v) => +v.toFixed(1)) };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) console.log(JSON.stringify(await run(), null, 2));
