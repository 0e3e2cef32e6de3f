import { describe, expect, it } from 'vitest';
import { maxClusterBits } from '../../engine';
import { DEEP_COMPRESSION_MODELS } from './deepCompression';

/** Kernel sizes of the zoo models (LeNet-5: 5 × 5 convolutions to 6 and 16 channels, then 400-120-84-10). */
const KERNEL_SIZES: Record<string, number> = {
  'dense1/kernel': 784 * 300, 'dense2/kernel': 300 * 100, 'logits/kernel': 0,
  'conv1/kernel': 5 * 5 * 1 * 6, 'conv2/kernel': 5 * 5 * 6 * 16, 'fc1/kernel': 400 * 120, 'fc2/kernel': 120 * 84,
};
const LOGITS: Record<string, number> = { 'lenet-300-100': 100 * 10, 'lenet-5': 84 * 10 };

describe('the Deep Compression recipes', () => {
  it('give no layer a codebook larger than its indices (32 · 2^bits ≤ kept · bits)', () => {
    for (const [id, model] of Object.entries(DEEP_COMPRESSION_MODELS)) {
      for (const recipe of Object.values(model.recipes)) {
        for (const [name, layer] of Object.entries(recipe.layers)) {
          const size = name === 'logits/kernel' ? LOGITS[id] : KERNEL_SIZES[name];
          const kept = Math.round((1 - layer.sparsity) * size);
          expect({ id, name, bits: layer.bits }).toEqual({ id, name, bits: Math.min(layer.bits, maxClusterBits(kept)) });
        }
      }
    }
  });

  it('keep the shares one global threshold picks in lesson 4 for LeNet-300-100 (5.9 %, 22 %, 62 %)', () => {
    const { layers } = DEEP_COMPRESSION_MODELS['lenet-300-100'].recipes.full;
    expect(Object.values(layers).map((l) => Math.round((1 - l.sparsity) * 1000) / 10)).toEqual([5.9, 22, 62]);
  });
});
