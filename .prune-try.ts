import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadZooModel, readMnistSplit } from './src/runtime/testing/fixtures';
import { pruningMasks, retrainMasked, pruneIteratively, kernelSparsity } from './src/runtime/prune';
import { evaluateModel } from './src/runtime/evaluate';
await tf.setBackend('wasm');
const train = readMnistSplit('train'); const test = readMnistSplit('test');
const recipe = process.argv[2];
const m = await loadZooModel('lenet-300-100');
const t0 = performance.now();
if (recipe === 'oneshot') {
  const masks = pruningMasks(m, { method: 'global', sparsity: 0.918 });
  for (const [lr, steps] of [[1e-3, 1500], [3e-4, 1500], [1e-4, 1000]] as const) {
    await retrainMasked(m, masks, train, { steps, batchSize: 64, learningRate: lr, seed: steps + lr * 1e6 });
    console.log(recipe, lr, steps, (await evaluateModel(m, test)).accuracy, ((performance.now() - t0) / 1000).toFixed(0), 's');
  }
} else {
  const { points } = await pruneIteratively(m, train, test, { schedule: 'polynomial', method: 'global', finalSparsity: 0.918, events: 6, stepsPerEvent: 500, batchSize: 64, learningRate: 1e-3, learningRateDecay: 0.75, seed: 1 }, {});
  for (const p of points) if (p.phase === 'retrained') console.log(recipe, p.period, p.sparsity.toFixed(3), p.accuracy);
  console.log(((performance.now() - t0) / 1000).toFixed(0), 's');
}
