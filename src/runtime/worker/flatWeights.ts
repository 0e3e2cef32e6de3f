// Weights and gradients of a model as one flat Float32Array (in the order of its trainable
// variables), the form they take in a message between workers and in the engine's all-reduce.
import * as tf from '@tensorflow/tfjs';

/** The trainable variables of a model, in the order every flat array here uses. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** The tensors of `map` (gradients keyed by variable name, or the variables themselves) concatenated in the variables' order. */
export function flatten(variables: readonly tf.Variable[], map?: tf.NamedTensorMap): Float32Array {
  const flat = new Float32Array(variables.reduce((s, v) => s + v.size, 0));
  let offset = 0;
  for (const v of variables) {
    flat.set((map ? map[v.name] : v).dataSync(), offset);
    offset += v.size;
  }
  return flat;
}

/** Cuts a flat array back into one tensor per variable, keyed by its name (the caller disposes them). */
export function unflatten(variables: readonly tf.Variable[], flat: Float32Array): tf.NamedTensorMap {
  const total = variables.reduce((s, v) => s + v.size, 0);
  if (flat.length !== total) throw new Error(`the model has ${total} trainable values; got ${flat.length}`);
  const out: tf.NamedTensorMap = {};
  let offset = 0;
  for (const v of variables) {
    out[v.name] = tf.tensor(flat.subarray(offset, offset + v.size), v.shape);
    offset += v.size;
  }
  return out;
}

/** Writes a flat array into the variables. */
export function assignFlat(variables: readonly tf.Variable[], flat: Float32Array): void {
  const parts = unflatten(variables, flat);
  for (const v of variables) v.assign(parts[v.name]);
  tf.dispose(parts);
}
