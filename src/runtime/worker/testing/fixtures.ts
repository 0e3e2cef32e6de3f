// Hand-built models and data for the runtime's tests, with outcomes known without running tfjs.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { LabelledImages } from '../evaluate';
import type { MnistManifest } from '../mnist';

/**
 * A dense 784→10 model whose logit c is pixel c's value: it predicts the class whose pixel
 * (among pixels 0…9) is brightest. With `conv` true it takes [28, 28, 1] input and flattens it.
 */
export function pixelPickerModel(conv = false): tf.LayersModel {
  const model = tf.sequential();
  if (conv) model.add(tf.layers.flatten({ inputShape: [28, 28, 1] }));
  model.add(tf.layers.dense({ units: 10, useBias: true, ...(conv ? {} : { inputShape: [784] }) }));
  const kernel = new Float32Array(784 * 10);
  for (let c = 0; c < 10; c++) kernel[c * 10 + c] = 1;
  const w = tf.tensor2d(kernel, [784, 10]);
  const b = tf.zeros([10]);
  model.layers[model.layers.length - 1].setWeights([w, b]);
  w.dispose();
  b.dispose();
  return model;
}

/** A small untrained, seeded 784 → 32 → 16 → 10 MLP with the zoo's layer names. */
export function smallMlp(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [784], units: 32, activation: 'relu', name: 'dense1', kernelInitializer: tf.initializers.heNormal({ seed: 1 }) }));
  m.add(tf.layers.dense({ units: 16, activation: 'relu', name: 'dense2', kernelInitializer: tf.initializers.heNormal({ seed: 2 }) }));
  m.add(tf.layers.dense({ units: 10, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  m.add(tf.layers.activation({ activation: 'softmax', name: 'softmax' }));
  return m;
}

/** 784 → 10 logits → softmax with seeded Glorot weights: the smallest model `trainModel` can train. */
export function tinyLogitsModel(seed = 1): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [784], units: 10, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  model.add(tf.layers.activation({ activation: 'softmax', name: 'softmax' }));
  return model;
}

/**
 * `count` images where image i lights pixel (3i mod 10) and has label i mod 10, so the pixel
 * picker predicts 3i mod 10 and is right exactly when i is a multiple of 5.
 */
export function pickerData(count: number): LabelledImages & { expected: Uint8Array } {
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  const expected = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    expected[i] = (3 * i) % 10;
    images[i * 784 + expected[i]] = 255;
    images[i * 784 + 700] = 200; // ink outside pixels 0…9 must not matter
    labels[i] = i % 10;
  }
  return { count, images, labels, expected };
}

/** The model's artifacts, as model.save() would write them (for loading through tf.io.fromMemory). */
export async function artifactsOf(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return saved!;
}

const publicDir = join(import.meta.dirname, '../../../../public');

/**
 * A fetch that serves the project's public/ folder for URLs under `base`, streaming bodies in
 * 64 KiB chunks; other URLs answer 404. `requests` records every URL asked for.
 */
export function publicFetch(base: string, requests: string[] = []): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input);
    requests.push(url);
    if (!url.startsWith(base)) return new Response('not found', { status: 404 });
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(join(publicDir, url.slice(base.length)));
    } catch {
      return new Response('not found', { status: 404 });
    }
    let offset = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(offset, offset + 65536));
        offset += 65536;
      },
    });
    return new Response(body, { status: 200 });
  }) as typeof fetch;
}

/** A zoo model from public/models/<id>/, read from disk (node tests). */
export async function loadZooModel(id: string): Promise<tf.LayersModel> {
  const dir = join(publicDir, 'models', id);
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const bin = readFileSync(join(dir, json.weightsManifest[0].paths[0]));
  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0].weights,
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  }));
}

/** An MNIST split as prepared by `npm run data` in public/data/ (node tests). */
export function readMnistSplit(split: 'test' | 'train'): LabelledImages {
  const { sets } = JSON.parse(readFileSync(join(publicDir, 'data', 'manifest.json'), 'utf8')) as MnistManifest;
  const read = (file: string) => {
    const bytes = readFileSync(join(publicDir, 'data', file));
    return new Uint8Array(file.endsWith('.gz') ? gunzipSync(bytes) : bytes);
  };
  const images = read(sets[split].images);
  const labels = read(sets[split].labels);
  return { count: labels.length, images, labels };
}
