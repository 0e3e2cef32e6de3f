// A model's weights as tfjs saves them (ModelArtifacts: topology, weight specs, one or more
// buffers), read without building the model, and joining buffers.
import type * as tf from '@tensorflow/tfjs';

/** The bytes of `parts` one after the other, in one new Uint8Array. */
export function concatBytes(parts: readonly (ArrayBuffer | ArrayBufferView)[]): Uint8Array<ArrayBuffer> {
  const views = parts.map((p) => (ArrayBuffer.isView(p) ? new Uint8Array(p.buffer, p.byteOffset, p.byteLength) : new Uint8Array(p)));
  const out = new Uint8Array(views.reduce((s, v) => s + v.length, 0));
  let offset = 0;
  for (const v of views) {
    out.set(v, offset);
    offset += v.length;
  }
  return out;
}

/** Float32 arrays one after the other, in one new Float32Array. */
export function concatFloats(parts: readonly Float32Array[]): Float32Array<ArrayBuffer> {
  return new Float32Array(concatBytes(parts).buffer);
}

/** The single ArrayBuffer of an artifacts' weights (tfjs may hand several). */
export function weightBuffer(artifacts: tf.io.ModelArtifacts): ArrayBuffer {
  const data = artifacts.weightData;
  if (!data) throw new Error('the model has no weight data');
  return Array.isArray(data) ? concatBytes(data).buffer : data;
}

/** The values of one named float32 weight (e.g. "dense1/kernel") from artifacts, as a new Float32Array. */
export function weightValues(artifacts: tf.io.ModelArtifacts, name: string): Float32Array {
  const source = weightBuffer(artifacts);
  let offset = 0;
  for (const w of artifacts.weightSpecs ?? []) {
    const count = w.shape.reduce((a, b) => a * b, 1);
    if (w.name === name) return new Float32Array(source.slice(offset, offset + count * 4));
    offset += count * 4;
  }
  throw new Error(`the model has no weight named ${name}`);
}
