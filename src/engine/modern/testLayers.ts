// Test fixtures: seeded random layers with correlated inputs, and a real layer of the zoo's
// LeNet-300-100 with its calibration activations on MNIST test images (node only).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../random';

export interface TestLayer {
  /** Row-major rows × cols (out × in). */
  weights: Float32Array;
  rows: number;
  cols: number;
  /** samples × cols calibration inputs. */
  inputs: Float32Array;
  samples: number;
}

function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Gaussian weights and inputs that mix a few shared factors (so H has off-diagonal structure, as
 * real activations do), some of them ReLU'd to zero.
 */
export function randomLayer(seed: number, rows: number, cols: number, samples: number): TestLayer {
  const normal = gaussian(seededRandom(seed));
  const weights = Float32Array.from({ length: rows * cols }, () => normal() * 0.1);
  const factors = 4;
  const mixing = Float32Array.from({ length: factors * cols }, normal);
  const inputs = new Float32Array(samples * cols);
  for (let s = 0; s < samples; s++) {
    const z = Array.from({ length: factors }, normal);
    for (let c = 0; c < cols; c++) {
      let v = normal() * 0.3;
      for (let f = 0; f < factors; f++) v += z[f] * mixing[f * cols + c];
      inputs[s * cols + c] = Math.max(0, v);
    }
  }
  return { weights, rows, cols, inputs, samples };
}

const publicDir = join(__dirname, '..', '..', '..', 'public');

/**
 * LeNet-300-100's second layer (300 → 100) as out × in, with its inputs: relu(x W1 + b1) for the
 * first `samples` MNIST test images.
 */
export function lenetSecondLayer(samples: number): TestLayer {
  const bin = readFileSync(join(publicDir, 'models', 'lenet-300-100', 'weights.bin'));
  const all = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  const w1 = all.subarray(0, 784 * 300);
  const b1 = all.subarray(784 * 300, 784 * 300 + 300);
  const w2 = all.subarray(784 * 300 + 300, 784 * 300 + 300 + 300 * 100);
  const pixels = readFileSync(join(publicDir, 'data', 'mnist-test-images.u8'));
  const inputs = new Float32Array(samples * 300);
  for (let s = 0; s < samples; s++) {
    for (let o = 0; o < 300; o++) {
      let v = b1[o];
      for (let i = 0; i < 784; i++) {
        const p = pixels[s * 784 + i];
        if (p !== 0) v += (p / 255) * w1[i * 300 + o];
      }
      inputs[s * 300 + o] = Math.max(0, v);
    }
  }
  const weights = new Float32Array(100 * 300);
  for (let i = 0; i < 300; i++) for (let o = 0; o < 100; o++) weights[o * 300 + i] = w2[i * 100 + o];
  return { weights, rows: 100, cols: 300, inputs, samples };
}
