import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWat, wasmSource } from '../../../scripts/build-wasm';
import { seededRandom } from '../random';
import { adamUpdate, nextAdamStep, type AdamSettings, type AdamStep } from '../training/adam';
import { adamKernel } from './adam';

/** Gradients spread over many binades (and some exact zeros), the way real ones are. */
function gradients(n: number, random: () => number): Float32Array {
  return Float32Array.from({ length: n }, () => (random() < 0.1 ? 0 : (random() - 0.5) * 10 ** (2 - 10 * random())));
}

describe('adamKernel', () => {
  it('embeds the module that adam.wat compiles to', async () => {
    const dir = import.meta.dirname;
    const bytes = await compileWat(join(dir, 'adam.wat'));
    expect(readFileSync(join(dir, 'adamWasm.ts'), 'utf8')).toBe(wasmSource('adam.wat', bytes));
  });

  it('gives adamUpdate’s bits, SIMD or not, over 30 steps of variables of several sizes, some added later', () => {
    const settings: AdamSettings = { learningRate: 3e-3, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 };
    const random = seededRandom(5);
    // Sizes not a multiple of four (the kernel's scalar tail); the large one is added after the
    // small ones have moments (the kernel's scratch space moves up and its memory grows).
    const sizes = [1, 3, 4, 37, 70_001];
    const simd = adamKernel(settings);
    const ts = adamKernel(settings, { simd: false });
    expect([simd.simd, ts.simd]).toEqual([true, false]);
    const refs = sizes.map((n) => ({ w: Float32Array.from({ length: n }, () => random() - 0.5), m: new Float32Array(n), v: new Float32Array(n) }));
    const weights = refs.map((r) => ({ simd: r.w.slice(), ts: r.w.slice() }));
    let at: AdamStep | null = null;
    for (let step = 1; step <= 30; step++) {
      at = nextAdamStep(at, settings);
      const added = step === 1 ? [0, 1, 2] : step === 10 ? [3, 4] : [];
      for (const k of added) {
        expect(simd.add(sizes[k])).toBe(k);
        expect(ts.add(sizes[k])).toBe(k);
      }
      for (let k = 0; k < (step < 10 ? 3 : sizes.length); k++) {
        const g = gradients(sizes[k], random);
        // A kernel's result is overwritten by its next update: keep a copy.
        weights[k].simd = simd.update(k, weights[k].simd, g, at).slice();
        weights[k].ts = ts.update(k, weights[k].ts, g, at).slice();
        adamUpdate(refs[k].w, g, refs[k].m, refs[k].v, at, settings);
      }
    }
    for (let k = 0; k < sizes.length; k++) {
      expect(refs[k].w.every(Number.isFinite)).toBe(true);
      expect(weights[k].simd).toEqual(refs[k].w);
      expect(weights[k].ts).toEqual(refs[k].w);
    }
  });

  it('reads the weights and gradients without changing them', () => {
    const kernel = adamKernel({ learningRate: 0.1 });
    const w = Float32Array.of(1, 2, 3, 4, 5), g = Float32Array.of(1, -1, 1, -1, 1);
    kernel.add(5);
    const out = kernel.update(0, w, g, nextAdamStep(null, { learningRate: 0.1 }));
    expect(Array.from(w)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(g)).toEqual([1, -1, 1, -1, 1]);
    expect(Array.from(out, (x) => +x.toFixed(4))).toEqual([0.9, 2.1, 2.9, 4.1, 4.9]);
  });

  it('names a variable it does not have, sizes that do not match and unusable settings', () => {
    for (const simd of [true, false]) {
      const kernel = adamKernel({ learningRate: 0.1 }, { simd });
      const at = nextAdamStep(null, { learningRate: 0.1 });
      expect(() => kernel.add(0)).toThrow(/at least 1 \(got 0\)/);
      kernel.add(3);
      expect(() => kernel.update(1, new Float32Array(3), new Float32Array(3), at)).toThrow(/no variable 1 \(1 added\)/);
      expect(() => kernel.update(0, new Float32Array(3), new Float32Array(4), at)).toThrow(/variable 0 has 3 weights; got 3 weights and 4 gradients/);
    }
    expect(() => adamKernel({ learningRate: -1 })).toThrow(/learning rate/);
  });
});
