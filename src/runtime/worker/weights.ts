// Reading and writing a live model's weights by name ("dense1/kernel"), as typed arrays the
// engine works on, and the masks that keep pruned weights at zero while the model trains.
import * as tf from '@tensorflow/tfjs';
import { isKernel } from '../contract/names';


function variableOf(model: tf.LayersModel, name: string): { v: tf.LayerVariable; shape: number[]; count: number } {
  const v = model.weights.find((w) => w.originalName === name);
  if (!v) throw new Error(`the model has no weight named ${name}`);
  const shape = v.shape.map((d) => d ?? 0); // weights have fully known shapes
  return { v, shape, count: shape.reduce((a, b) => a * b, 1) };
}

/** Names and shapes of the model's kernels, in layer order. */
export function kernelsOf(model: tf.LayersModel): { name: string; shape: number[] }[] {
  return model.weights.filter((w) => isKernel(w.originalName)).map((w) => ({ name: w.originalName, shape: w.shape.map((d) => d ?? 0) }));
}

/** A copy of one weight's values (row-major, channels on the last axis). */
export function readWeight(model: tf.LayersModel, name: string): Float32Array {
  return variableOf(model, name).v.read().dataSync().slice() as Float32Array;
}

/** Replaces one weight's values; `values` must have exactly as many entries as the weight. */
export function writeWeight(model: tf.LayersModel, name: string, values: Float32Array): void {
  const { v, shape, count } = variableOf(model, name);
  if (values.length !== count) throw new Error(`weight ${name} has ${count} values, not ${values.length}`);
  const t = tf.tensor(values, shape);
  v.write(t);
  t.dispose();
}

/**
 * An afterStep hook for `trainModel` that multiplies each named weight by its mask (1 keeps,
 * 0 prunes), so pruned weights stay exactly zero through training. Call it once before training
 * to apply the masks; `dispose` frees the mask tensors.
 */
export function maskHook(model: tf.LayersModel, masks: Record<string, Uint8Array>): { apply(): void; dispose(): void } {
  const held = Object.entries(masks).map(([name, mask]) => {
    const { v, shape, count } = variableOf(model, name);
    if (mask.length !== count) throw new Error(`the mask for ${name} has ${mask.length} entries; the weight has ${count}`);
    return { v, mask: tf.tensor(Float32Array.from(mask), shape) };
  });
  return {
    apply() {
      for (const { v, mask } of held) {
        const masked = tf.tidy(() => v.read().mul(mask));
        v.write(masked);
        masked.dispose();
      }
    },
    dispose() {
      for (const { mask } of held) mask.dispose();
    },
  };
}
