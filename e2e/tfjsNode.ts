// The reader's side of "take it away": the two downloaded files loaded with plain tfjs in node,
// and the model scored on the MNIST test set read straight from public/data.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Download } from '@playwright/test';

/** A downloaded file's bytes and the name the page gave it. */
export async function savedDownload(download: Promise<Download>): Promise<{ name: string; bytes: Buffer }> {
  const d = await download;
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

/**
 * Loads model.json with tf.loadLayersModel through an IOHandler that serves each weight path the
 * manifest names from the downloaded files (as a static server would next to model.json), then
 * counts the test images it classifies right.
 */
export async function scoreWithPlainTfjs(json: { bytes: Buffer }, files: { name: string; bytes: Buffer }[]): Promise<{ correct: number; total: number }> {
  await tf.setBackend('cpu');
  const modelJson = JSON.parse(json.bytes.toString('utf8'));
  const handler: tf.io.IOHandler = {
    load: async () => {
      const paths: string[] = modelJson.weightsManifest.flatMap((g: { paths: string[] }) => g.paths);
      const parts = paths.map((p) => {
        const file = files.find((f) => f.name === basename(p));
        if (!file) throw new Error(`model.json names ${p}, which was not downloaded`);
        return file.bytes;
      });
      const data = Buffer.concat(parts);
      return {
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest.flatMap((g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights),
        weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
      };
    },
  };
  const model = await tf.loadLayersModel(handler);
  const images = readFileSync('public/data/mnist-test-images.u8');
  const labels = readFileSync('public/data/mnist-test-labels.u8');
  const shape = model.inputs[0].shape.slice(1) as number[];
  let correct = 0;
  for (let start = 0; start < labels.length; start += 1000) {
    const n = Math.min(1000, labels.length - start);
    const pixels = Float32Array.from(images.subarray(start * 784, (start + n) * 784), (b) => b / 255);
    const predicted = tf.tidy(() => (model.predict(tf.tensor(pixels, [n, ...shape])) as tf.Tensor).argMax(-1).dataSync());
    predicted.forEach((p, i) => { if (p === labels[start + i]) correct++; });
  }
  model.dispose();
  return { correct, total: labels.length };
}
