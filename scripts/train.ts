// Trains the model zoo on the full MNIST training set in node with the tfjs wasm backend and
// writes public/models/<id>/model.json + weights.bin and public/models/manifest.json.
//
//   npm run train                              all models, default epochs
//   npm run train -- --only lenet-300-100      some models (comma-separated ids)
//   npm run train -- --epochs 1                override the epochs of every model
//
// Reproducible: initialisers and dropout are seeded from SEED, and the per-epoch shuffle uses our
// own seeded generator (tfjs's own shuffle draws from Math.random).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../src/runtime/worker/kernels/registerWasmTrainingKernels.ts';
import { buildModel } from '../src/runtime/worker/models.ts';
import { ZOO, ZOO_IDS, type ZooEntry, type ZooId, type ZooManifest } from '../src/runtime/contract/zoo.ts';
import { readMnist, type MnistSet } from './mnist-idx.ts';
import { seededRandom } from '../src/engine/random.ts';

const SEED = 42;
const PIXELS = 784;

/** Per-model schedule: Adam with lr = lr0 · decay^epoch, chosen to fit the whole run in ~25 min on 2 cores. */
// `shift`: training images are moved by up to this many pixels in x and y (seeded), which keeps the
// large teacher MLP from overfitting without dropout (whose seeded masks repeat in tfjs).
const schedules: Record<ZooId, { epochs: number; batchSize: number; lr0: number; decay: number; shift?: number }> = {
  'lenet-300-100': { epochs: 10, batchSize: 64, lr0: 1e-3, decay: 0.75 },
  'lenet-5': { epochs: 10, batchSize: 64, lr0: 1e-3, decay: 0.8 },
  dsconv: { epochs: 5, batchSize: 64, lr0: 2e-3, decay: 0.7 },
  'teacher-1200': { epochs: 6, batchSize: 128, lr0: 1e-3, decay: 0.7, shift: 2 },
};

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'public', 'models');


function shuffled(count: number, random: () => number): Uint32Array {
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * Images `indices` of `set` as a float tensor [n, ...inputShape] scaled to [0, 1], and one-hot
 * labels. With `shift` > 0 each image is moved by a random whole number of pixels in [-shift, shift]
 * along each axis (zeros fill in), drawn from `random`.
 */
function batch(set: MnistSet, indices: ArrayLike<number>, inputShape: number[], shift = 0, random?: () => number): { x: tf.Tensor; y: tf.Tensor } {
  const n = indices.length;
  const pixels = new Float32Array(n * PIXELS);
  const onehot = new Float32Array(n * 10);
  const side = 28;
  const draw = () => (shift > 0 && random ? Math.floor(random() * (2 * shift + 1)) - shift : 0);
  for (let k = 0; k < n; k++) {
    const src = indices[k] * PIXELS;
    const dx = draw();
    const dy = draw();
    for (let r = 0; r < side; r++) {
      const sr = r - dy;
      if (sr < 0 || sr >= side) continue;
      for (let c = 0; c < side; c++) {
        const sc = c - dx;
        if (sc >= 0 && sc < side) pixels[k * PIXELS + r * side + c] = set.images[src + sr * side + sc] / 255;
      }
    }
    onehot[k * 10 + set.labels[indices[k]]] = 1;
  }
  return { x: tf.tensor(pixels, [n, ...inputShape]), y: tf.tensor2d(onehot, [n, 10]) };
}

/** Top-1 accuracy of `model` on all of `set`, in [0, 1]. */
function accuracy(model: tf.LayersModel, set: MnistSet, inputShape: number[]): number {
  let correct = 0;
  const step = 1000;
  for (let start = 0; start < set.count; start += step) {
    const indices = Array.from({ length: Math.min(step, set.count - start) }, (_, k) => start + k);
    const { x, y } = batch(set, indices, inputShape);
    const hits = tf.tidy(() => tf.equal((model.predict(x) as tf.Tensor).argMax(-1), y.argMax(-1)).sum().dataSync()[0]);
    correct += hits;
    tf.dispose([x, y]);
  }
  return correct / set.count;
}

async function train(id: ZooId, trainSet: MnistSet, testSet: MnistSet, epochs: number) {
  const { batchSize, lr0, decay, shift = 0 } = schedules[id];
  const { inputShape } = ZOO[id];
  const model = buildModel(id, SEED);
  const optimizer = tf.train.adam(lr0);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  console.log(`\n${id}: ${model.countParams()} params, ${epochs} epochs, batch ${batchSize}`);
  const random = seededRandom(SEED);
  const seconds: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    // Adam reads its learning rate at every step, so a plain assignment schedules it.
    (optimizer as unknown as { learningRate: number }).learningRate = lr0 * decay ** epoch;
    const order = shuffled(trainSet.count, random);
    const started = performance.now();
    let loss = 0;
    let acc = 0;
    let steps = 0;
    for (let start = 0; start < trainSet.count; start += batchSize) {
      const { x, y } = batch(trainSet, order.subarray(start, start + batchSize), inputShape, shift, random);
      const [l, a] = (await model.trainOnBatch(x, y)) as number[];
      tf.dispose([x, y]);
      loss += l;
      acc += a;
      steps++;
      if (steps % 100 === 0) process.stdout.write(`\r  epoch ${epoch + 1}: ${start + batchSize}/${trainSet.count}`);
    }
    seconds.push((performance.now() - started) / 1000);
    // Save after every epoch, so that a run stopped early still leaves a consistent zoo entry.
    const testAccuracy = accuracy(model, testSet, inputShape);
    console.log(`\r  epoch ${epoch + 1}/${epochs}: loss ${(loss / steps).toFixed(4)}, train accuracy ${(100 * acc / steps).toFixed(2)}%, ` +
      `${seconds[epoch].toFixed(1)} s; test accuracy ${(100 * testAccuracy).toFixed(2)}%`);
    await save(model, id);
    writeEntry({
      ...ZOO[id],
      params: model.countParams(),
      testAccuracy,
      epochs: epoch + 1,
      trainedOn: `MNIST train, ${trainSet.count.toLocaleString('en-US')} images`,
      seed: SEED,
      path: `${id}/model.json`,
    });
  }
  console.log(`  ${id}: ${seconds.reduce((a, b) => a + b, 0).toFixed(0)} s training`);
  model.dispose();
  optimizer.dispose();
}

/** Writes tfjs layers-format artifacts (model.json + weights.bin) under public/models/<id>/. */
async function save(model: tf.LayersModel, id: ZooId) {
  const dir = join(outDir, id);
  mkdirSync(dir, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
    writeFileSync(join(dir, 'weights.bin'), weights);
    writeFileSync(join(dir, 'model.json'), JSON.stringify({
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
      convertedBy: null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    }));
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  }));
}

/** Adds or replaces `entry` in public/models/manifest.json, re-reading it so that runs of other models (--only) keep theirs. */
function writeEntry(entry: ZooEntry) {
  const path = join(outDir, 'manifest.json');
  const manifest: ZooManifest = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : { models: [] };
  const models = manifest.models.filter((m) => m.id !== entry.id).concat(entry);
  models.sort((a, b) => ZOO_IDS.indexOf(a.id) - ZOO_IDS.indexOf(b.id));
  writeFileSync(path, `${JSON.stringify({ models }, null, 2)}\n`);
}

async function main() {
  const { values } = parseArgs({ options: { only: { type: 'string' }, epochs: { type: 'string' } } });
  const ids = values.only ? values.only.split(',').map((s) => s.trim()) : [...ZOO_IDS];
  for (const id of ids) if (!(ZOO_IDS as readonly string[]).includes(id)) throw new Error(`unknown model: ${id} (known: ${ZOO_IDS.join(', ')})`);
  const epochsOverride = values.epochs === undefined ? undefined : Number(values.epochs);
  if (epochsOverride !== undefined && !(Number.isInteger(epochsOverride) && epochsOverride > 0)) {
    throw new Error(`--epochs must be a positive integer, got ${values.epochs}`);
  }

  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  const trainSet = readMnist('train');
  const testSet = readMnist('test');
  console.log(`backend ${tf.getBackend()}, ${trainSet.count} training and ${testSet.count} test images, seed ${SEED}`);

  for (const id of ids as ZooId[]) await train(id, trainSet, testSet, epochsOverride ?? schedules[id].epochs);
}

await main();
