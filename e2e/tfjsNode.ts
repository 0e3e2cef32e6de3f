// The reader's side of "take it away": the two downloaded files loaded with plain tfjs in node,
// and its predictions on MNIST test images read straight from public/data.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { Download } from '@playwright/test';

/** A downloaded file's bytes and the name the page gave it. */
export async function savedDownload(download: Promise<Download>): Promise<{ name: string; bytes: Buffer }> {
  const d = await download;
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

/**
 * Loads model.json with tf.loadLayersModel through an IOHandler that serves each weight path the
 * manifest names from the downloaded files (as a static server would next to model.json), and
 * returns its predicted digits for the first `count` test images, as one string.
 */
export async function predictWithPlainTfjs(json: { bytes: Buffer }, files: { name: string; bytes: Buffer }[], count: number): Promise<string> {
  // The wasm backend, as in the page (the cpu backend is several times slower).
  await tf.setBackend('wasm');
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
  const shape = model.inputs[0].shape.slice(1) as number[];
  const pixels = Float32Array.from(images.subarray(0, count * 784), (b) => b / 255);
  const predicted = tf.tidy(() => (model.predict(tf.tensor(pixels, [count, ...shape])) as tf.Tensor).argMax(-1).dataSync());
  model.dispose();
  return Array.from(predicted).join('');
}
