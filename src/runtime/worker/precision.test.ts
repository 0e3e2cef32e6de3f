import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { castTensor, seededRandom } from '../../engine';
import { PRECISION_RECIPES } from '../contract/training';
import { precisionHooks, type PrecisionStats } from './precision';
import { pickerData, tinyLogitsModel } from './testing/fixtures';
import { trainModel } from './train';

const data = pickerData(200);
const kernelOf = (m: tf.LayersModel) => m.getLayer('logits').getWeights()[0].dataSync() as Float32Array;
const base = { batchSize: 20, seed: 3, optimizer: 'sgd' as const };

async function run(mode: keyof typeof PRECISION_RECIPES, learningRate: number, steps: number, initialScale = 1, growthInterval = 2000) {
  const model = tinyLogitsModel();
  const p = precisionHooks(model, PRECISION_RECIPES[mode], { initialScale, growthInterval });
  const seen: PrecisionStats[] = [];
  const r = await trainModel(model, data, { ...base, steps, learningRate, ...p.hooks, onStep: () => seen.push({ ...p.stats }) });
  p.finish();
  const kernel = kernelOf(model);
  model.dispose();
  return { kernel, seen, losses: r.losses };
}

// On wasm the hooks read tensors in place (a view of the backend's memory) and reuse their arrays.
describe.each(['cpu', 'wasm'])('precisionHooks on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  it('leave an fp32 run exactly as plain training', async () => {
    const model = tinyLogitsModel();
    await trainModel(model, data, { ...base, steps: 5, learningRate: 0.05 });
    const plain = kernelOf(model);
    model.dispose();
    const { kernel, seen } = await run('fp32', 0.05, 5);
    expect(Array.from(kernel)).toEqual(Array.from(plain));
    expect(seen.every((s) => s.scale === 1 && !s.skipped && s.flushed === 0)).toBe(true);
  });

  it('keep fp16-only weights on the fp16 grid and lose updates 2048× smaller than the weights', async () => {
    const start = kernelOf(tinyLogitsModel());
    const { kernel, seen } = await run('fp16', 1e-7, 3);
    expect(Array.from(castTensor(kernel, 'fp16'))).toEqual(Array.from(kernel));
    // Updates of about 1e-7 · |g| on weights of about 0.05 are all lost: the weights are the rounded start.
    expect(Array.from(kernel)).toEqual(Array.from(castTensor(start, 'fp16')));
    expect(seen.every((s) => s.lost === 1)).toBe(true);
  });

  it('let the fp32 master copy keep the same small updates', async () => {
    const { kernel } = await run('fp16-master', 1e-3, 3);
    const lostRun = await run('fp16', 1e-3, 3);
    const ref = await run('fp32', 1e-3, 3);
    // The master copy follows fp32 training to within fp16 rounding of the forward weights...
    const diff = (a: Float32Array, b: Float32Array) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    expect(diff(kernel, castTensor(ref.kernel, 'fp16'))).toBeLessThan(1e-4);
    // ...while fp16 weights lose some of those updates.
    expect(lostRun.seen.some((s) => s.lost > 0)).toBe(true);
  });

  it('flush gradients scaled below 2^-24 to zero, and a larger loss scale brings them back', async () => {
    // This task's gradients are about 1e-3; a scale of 2^-30 pushes them under fp16's smallest subnormal.
    const tiny = await run('fp16-master-scaled', 0.05, 1, 2 ** -30);
    expect(tiny.seen[0].flushed).toBeGreaterThan(0.5);
    const unscaled = await run('fp16-master-scaled', 0.05, 1, 1);
    expect(unscaled.seen[0].flushed).toBeLessThan(0.05);
  });

  it('skip overflowing steps, halving the scale each time, and grow it after good steps', async () => {
    const start = kernelOf(tinyLogitsModel());
    const { kernel, seen } = await run('fp16-master-scaled', 0.05, 3, 2 ** 40);
    expect(seen.map((s) => [s.scale, s.skipped])).toEqual([[2 ** 40, true], [2 ** 39, true], [2 ** 38, true]]);
    expect(Array.from(kernel)).toEqual(Array.from(castTensor(start, 'fp16')));
    const growing = await run('fp16-master-scaled', 0.05, 5, 4, 2);
    expect(growing.seen.map((s) => s.scale)).toEqual([4, 4, 8, 8, 16]);
  });

  it('hand on the cast gradients divided by the loss scale exactly as tf.div would', () => {
    const model = tinyLogitsModel();
    const p = precisionHooks(model, PRECISION_RECIPES['fp16-master-scaled'], { initialScale: 1000.1, growthInterval: 2000 });
    const random = seededRandom(5);
    const grads: tf.NamedTensorMap = {};
    const expected: Record<string, Float32Array> = {};
    for (const v of model.trainableWeights.map((w) => w.read() as tf.Variable)) {
      const values = Float32Array.from({ length: v.size }, () => (random() - 0.5) * 2 ** Math.floor(random() * 40 - 30));
      grads[v.name] = tf.tensor(values, v.shape);
      // 1000.1 is not a float32: tfjs divides by its float32 rounding.
      expected[v.name] = tf.tidy(() => tf.div(tf.tensor(castTensor(values, 'fp16')), 1000.1).dataSync() as Float32Array);
    }
    p.hooks.beforeStep!(1);
    const out = p.hooks.gradients!(grads, 1, new Int32Array(0))!;
    for (const [name, g] of Object.entries(out)) expect(g.dataSync()).toEqual(expected[name]);
    tf.dispose(out);
    p.finish();
    model.dispose();
  });

  it('free every tensor they make', async () => {
    await run('fp16-master-scaled', 0.05, 2, 8);
    const before = tf.memory().numTensors;
    await run('fp16-master-scaled', 0.05, 3, 2 ** 40);
    await run('fp16', 0.05, 3);
    await run('bf16-master', 0.05, 3);
    expect(tf.memory().numTensors).toBe(before);
  });
});
