// Adam's update for a training loop, with the moments kept in WebAssembly memory and the update
// done four weights at a time (adam.wat): the same float32 operations as adamUpdate, so the same
// bits, without its float64 divisions and roundings. On LeNet-300-100's 266,610 weights the
// TypeScript loop is slower than tfjs's own Adam (bench/optimizer.bench.ts); adamUpdate stands in
// where SIMD is missing.
import { adamConstants, adamUpdate, checkAdamSettings, type AdamSettings, type AdamStep } from '../training/adam';
import { WASM_BASE64 } from './adamWasm';
import { compileKernel, ensureMemory } from './wasmModule';

export interface AdamKernel {
  /** Whether the WebAssembly SIMD kernel runs (else adamUpdate). */
  readonly simd: boolean;
  /** Adds a variable of `size` weights, its moments at zero; returns its number (0, 1, …). */
  add(size: number): number;
  /**
   * One Adam update of variable `index` at step `at`: updates its moments and returns its new
   * weights, a view of the kernel's memory that the next update overwrites (copy it to keep it).
   * `params` and `grads` are read, not changed.
   */
  update(index: number, params: Float32Array, grads: Float32Array, at: AdamStep): Float32Array;
}

/** A kernel for Adam with these settings (`simd: false` forces the TypeScript loop). */
export function adamKernel(settings: AdamSettings, { simd = true }: { simd?: boolean } = {}): AdamKernel {
  checkAdamSettings(settings);
  const module = simd ? compileKernel(WASM_BASE64) : undefined;
  return module ? wasmKernel(module, settings) : tsKernel(settings);
}

function checkSizes(what: string, size: number, params: Float32Array, grads: Float32Array): void {
  if (params.length !== size || grads.length !== size) throw new Error(`${what} has ${size} weights; got ${params.length} weights and ${grads.length} gradients`);
}

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 1) throw new Error(`a variable needs a whole number of weights, at least 1 (got ${size})`);
}

function tsKernel(settings: AdamSettings): AdamKernel {
  const variables: { m: Float32Array; v: Float32Array; out: Float32Array }[] = [];
  return {
    simd: false,
    add(size) {
      checkSize(size);
      variables.push({ m: new Float32Array(size), v: new Float32Array(size), out: new Float32Array(size) });
      return variables.length - 1;
    },
    update(index, params, grads, at) {
      const s = variables[index];
      if (!s) throw new Error(`there is no variable ${index} (${variables.length} added)`);
      checkSizes(`variable ${index}`, s.m.length, params, grads);
      adamUpdate(params, grads, s.m, s.v, at, settings, s.out);
      return s.out;
    },
  };
}

/**
 * Memory: each variable's m and v one after the other (each padded to 16 bytes), then room for
 * the weights and gradients of the largest variable, which moves up as variables are added.
 */
function wasmKernel(module: WebAssembly.Module, settings: AdamSettings): AdamKernel {
  const instance = new WebAssembly.Instance(module);
  const memory = instance.exports.memory as WebAssembly.Memory;
  const run = instance.exports.adam as (...args: number[]) => void;
  const variables: { size: number; mAt: number; vAt: number }[] = [];
  let top = 0;
  let largest = 0;
  const bytes = (size: number) => Math.ceil(size / 4) * 16;
  return {
    simd: true,
    add(size) {
      checkSize(size);
      const mAt = top;
      top += 2 * bytes(size);
      largest = Math.max(largest, bytes(size));
      const needed = top + 2 * largest;
      ensureMemory(memory, needed);
      // The new moments may lie where the scratch space was; they start at zero.
      new Uint8Array(memory.buffer, mAt, 2 * bytes(size)).fill(0);
      variables.push({ size, mAt, vAt: mAt + bytes(size) });
      return variables.length - 1;
    },
    update(index, params, grads, at) {
      const s = variables[index];
      if (!s) throw new Error(`there is no variable ${index} (${variables.length} added)`);
      checkSizes(`variable ${index}`, s.size, params, grads);
      const { b1, b2, c1, c2, k1, k2, eps, negLr } = adamConstants(settings, at);
      const [wAt, gAt] = [top, top + largest];
      const w = new Float32Array(memory.buffer, wAt, s.size);
      w.set(params);
      new Float32Array(memory.buffer, gAt, s.size).set(grads);
      run(wAt, gAt, s.mAt, s.vAt, s.size, b1, b2, c1, c2, k1, k2, eps, negLr);
      return w;
    },
  };
}
