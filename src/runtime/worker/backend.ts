// Starting a tfjs backend: wasm (the default; SIMD, single-threaded, see below), webgl where a GPU
// context can be made, cpu as the last resort.
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './kernels/registerWasmTrainingKernels';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

import { BACKENDS, type BackendName } from '../contract/names';
import type { BackendInfo } from '../contract/models';
export type { BackendInfo } from '../contract/models';

export { BACKENDS, type BackendName };

// Vite serves the binaries as assets; their hashed URLs work in dev, in a build and under any base.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

// No wasm threads: tfjs 4.22 starts its pthread workers from `factory.toString()` in a Blob, which
// breaks once the bundle is minified ("e is not defined" in every thread, and the backend never
// starts). Threads gave no speed-up on the 2-core machines measured (shared/reference/tfjs-measured.md).
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

/** The order in which backends are tried: the preferred one, the other accelerated one, then cpu. */
export function fallbackOrder(preferred: BackendName): BackendName[] {
  const rest = BACKENDS.filter((b) => b !== preferred && b !== 'cpu');
  return preferred === 'cpu' ? ['cpu'] : [preferred, ...rest, 'cpu'];
}

/** A reason a backend cannot work here that is known before trying it, or undefined. */
function knownObstacle(name: BackendName): string | undefined {
  if (name === 'wasm' && typeof WebAssembly === 'undefined') return 'this browser has no WebAssembly';
  if (name === 'webgl' && typeof OffscreenCanvas === 'undefined' && typeof document === 'undefined') {
    return 'WebGL needs a canvas, and none is available here';
  }
  return undefined;
}

const START_TIMEOUT_MS = 30_000;

async function tryBackend(name: BackendName): Promise<string | undefined> {
  const obstacle = knownObstacle(name);
  if (obstacle) return obstacle;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A backend whose start-up hangs (a worker that never answers) must not hang the page.
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the ${name} backend did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
  });
  const start = (async () => {
    if (!(await tf.setBackend(name))) return `the ${name} backend failed to start (the browser console has the details)`;
    await tf.ready();
    // tfjs-backend-wasm lacks the conv-gradient kernels; ours let the page fine-tune conv nets.
    if (name === 'wasm') registerWasmTrainingKernels();
    return undefined;
  })().catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
  try {
    return await Promise.race([start, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(name: BackendName): BackendInfo {
  if (name !== 'wasm') return { name };
  return { name, simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), threads: getThreadsCount() };
}

/**
 * Starts the preferred backend, falling back along `fallbackOrder`. Resolves with the backend
 * that runs; if it is not the preferred one, `fellBackFrom` and `reason` say why. Throws only
 * if not even cpu starts.
 */
export async function initBackend(preferred: BackendName = 'wasm'): Promise<BackendInfo> {
  let firstReason: string | undefined;
  for (const name of fallbackOrder(preferred)) {
    if (tf.getBackend() === name) return withFallback(describe(name), preferred, firstReason);
    const reason = await tryBackend(name);
    if (reason === undefined) return withFallback(describe(name), preferred, firstReason);
    firstReason ??= reason;
  }
  throw new Error(`no tfjs backend could start: ${firstReason ?? 'unknown reason'}`);
}

function withFallback(info: BackendInfo, preferred: BackendName, reason: string | undefined): BackendInfo {
  return info.name === preferred ? info : { ...info, fellBackFrom: preferred, reason };
}
