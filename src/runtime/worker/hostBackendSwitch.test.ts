// A model still being built when the backend switches must not be kept with its weights in the
// old backend's memory: the host drops it and builds it again on the backend that now runs.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { publicFetch } from './testing/fixtures';
import { startedHost } from './testing/startedHost';

/** Builds finish (their tensors made) but are handed over only when `release` is called. */
const gate = vi.hoisted(() => {
  const state = { held: Promise.resolve(), release: () => undefined as void, built: 0 };
  return {
    state,
    hold() {
      state.held = new Promise<void>((r) => { state.release = r; });
    },
  };
});

vi.mock('./modelLoading', async (original) => {
  const actual = await original<typeof import('./modelLoading')>();
  return {
    ...actual,
    modelFromArtifacts: async (...args: Parameters<typeof actual.modelFromArtifacts>) => {
      const model = await actual.modelFromArtifacts(...args);
      gate.state.built++;
      await gate.state.held;
      return model;
    },
  };
});

const base = 'http://course.test/switch/';
afterEach(() => vi.unstubAllGlobals());
// The host points tfjs at the binaries' URLs in a Vite build; node reads them from the package.
beforeAll(() => {
  const dir = dirname(fileURLToPath(import.meta.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')));
  const names = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;
  setWasmPaths(Object.fromEntries(names.map((n) => [n, `${dir}/${n}`])));
});

describe('a backend switch during a model load', () => {
  it('drops the model built on the old backend and builds it again on the new one', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { host, jobs } = await startedHost(base, 'cpu');
    const cpu = tf.findBackend('cpu')!;
    const cpuBuffers = cpu.numDataIds();
    const tensors = host.memory().numTensors;
    gate.hold();
    // An immediate look-up loads the zoo model in the background; its weights land on cpu.
    const lookup = jobs.models.weights({ key: 'lenet-300-100' });
    await vi.waitUntil(() => gate.state.built === 1);
    expect(cpu.numDataIds()).toBe(cpuBuffers + 6);
    await host.init('wasm', base);
    gate.state.release();
    gate.state.held = Promise.resolve();
    const layers = await lookup;
    expect(layers.map((l) => l.name)).toEqual(['dense1', 'dense2', 'logits']);
    // Built twice; the cpu copy is gone and the kept one holds its six tensors on wasm.
    expect(gate.state.built).toBe(2);
    expect(cpu.numDataIds()).toBe(cpuBuffers);
    expect(host.memory().numTensors).toBe(tensors + 6);
    expect(tf.getBackend()).toBe('wasm');
    expect((await jobs.models.evaluate({ key: 'lenet-300-100' })).accuracy).toBeGreaterThan(0.98);
    host.dispose();
    await tf.setBackend('cpu');
  });
});
