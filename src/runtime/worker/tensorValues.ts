// A tensor's float32 values in and out without a fresh array each time: on the wasm backend,
// megabyte-sized arrays made every training step (what dataSync returns, what a cast returns) cost
// more in page faults and garbage collection than the work done on them.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Whether the current backend keeps tensors in memory JavaScript reads and writes cheaply (wasm,
 * cpu), so that per-step work in JavaScript on weights and gradients pays; webgl's live on the GPU.
 */
export function tensorsInCpuMemory(): boolean {
  return tf.getBackend() === 'wasm' || tf.getBackend() === 'cpu';
}

/**
 * `t`'s values, to be read (not written) before the next tfjs op: on wasm a view of the backend's
 * memory, on cpu the backend's own array, elsewhere a copy.
 */
export function valuesOf(t: tf.Tensor): Float32Array {
  return (tf.getBackend() === 'wasm' ? (tf.backend() as BackendWasm).typedArrayFromHeap(t) : t.dataSync()) as Float32Array;
}

/**
 * A tensor holding a copy of `values`, so the caller may reuse the array: the wasm backend copies
 * what a tensor is made from into its memory; the others keep the array they are given.
 */
export function tensorOf(values: Float32Array, shape: number[]): tf.Tensor {
  return tf.tensor(tf.getBackend() === 'wasm' ? values : values.slice(), shape);
}
