import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { quantizeArtifacts, type WeightQuantSpec } from '/work/main/src/runtime/quantize.ts';
import { quantizationAwareTrain } from '/work/main/src/runtime/qat.ts';
import { evaluateModel } from '/work/main/src/runtime/evaluate.ts';

const root = '/work/main/public/';
const set = (s: 'test' | 'train', count: number) => ({ count, images: new Uint8Array(readFileSync(root + `data/mnist-${s}-images.u8`)), labels: new Uint8Array(readFileSync(root + `data/mnist-${s}-labels.u8`)) });
const json = JSON.parse(readFileSync(root + 'models/lenet-300-100/model.json', 'utf8'));
const bin = readFileSync(root + 'models/lenet-300-100/weights.bin');
const artifacts: tf.io.ModelArtifacts = { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g: any) => g.weights), weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) };

await tf.setBackend('wasm');
const test = set('test', 10000);
const train = set('train', 20000);
const load = (a: tf.io.ModelArtifacts) => tf.loadLayersModel(tf.io.fromMemory(a));
const float = await evaluateModel(await load(artifacts), test);
console.log('float', float.accuracy);
const args = process.argv.slice(2);
const bits = Number(args[0] ?? 3);
for (const gran of ['tensor', 'channel'] as const) for (const scheme of ['symmetric', 'affine'] as const) {
  const spec: WeightQuantSpec = { bits, granularity: gran, scheme };
  const ptq = await evaluateModel(await load(quantizeArtifacts(artifacts, spec).artifacts), test);
  console.log('PTQ', bits, gran, scheme, ptq.accuracy);
}
const spec: WeightQuantSpec = { bits, granularity: (args[1] ?? 'tensor') as any, scheme: (args[2] ?? 'symmetric') as any };
for (const [steps, lr, bs] of JSON.parse(process.env.GRID ?? "[[200,1e-4,64]]") as [number, number, number][]) {
  const m = await load(artifacts);
  const t0 = performance.now();
  await quantizationAwareTrain(m, train, { spec, steps, batchSize: bs, learningRate: lr, seed: 1 });
  const qat = await evaluateModel(m, test);
  console.log('QAT', JSON.stringify(spec), steps, lr, bs, qat.accuracy, ((performance.now() - t0) / 1000).toFixed(1), 's');
}
