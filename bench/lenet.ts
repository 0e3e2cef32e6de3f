// LeNet-300-100 and the MNIST test set read from public/ in node, for the benches.
import { readFileSync } from 'node:fs';
import type { FloatDenseLayer } from '../src/engine';

/** A file under public/. */
export const publicFile = (path: string) => new URL(`../public/${path}`, import.meta.url);

/** LeNet-300-100's Dense layers from public/models (weightsManifest order: kernel, bias per layer). */
export function loadLenet(): FloatDenseLayer[] {
  const { weightsManifest } = JSON.parse(readFileSync(publicFile('models/lenet-300-100/model.json'), 'utf8'));
  const bin = readFileSync(publicFile('models/lenet-300-100/weights.bin'));
  const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  let offset = 0;
  const tensors = (weightsManifest[0].weights as { shape: number[]; dtype: string }[]).map(({ shape, dtype }) => {
    if (dtype !== 'float32') throw new Error(`expected float32 weights, got ${dtype}`);
    const size = shape.reduce((a, b) => a * b, 1);
    const t = new Float32Array(buffer, offset, size);
    offset += size * 4;
    return { shape, t };
  });
  const layers: FloatDenseLayer[] = [];
  for (let k = 0; k < tensors.length; k += 2) {
    const [inputs, units] = tensors[k].shape;
    layers.push({ kernel: tensors[k].t, bias: tensors[k + 1].t, inputs, units, relu: k + 2 < tensors.length });
  }
  return layers;
}
