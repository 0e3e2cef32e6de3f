import { describe, expect, it } from 'vitest';
import { adamUpdate, nextAdamStep, type AdamStep } from './adam';

const settings = { learningRate: 0.1 };

describe('nextAdamStep', () => {
  it('starts at step 1 with β₁ and β₂ as float32, then multiplies each by float32(β) once per step', () => {
    const first = nextAdamStep(null, settings);
    expect(first).toEqual({ step: 1, beta1Power: Math.fround(0.9), beta2Power: Math.fround(0.999) });
    // An independent float32 accumulator: each store to a Float32Array rounds the product.
    const acc = Float32Array.of(0.9, 0.999);
    let at = first;
    for (let t = 2; t <= 1000; t++) {
      at = nextAdamStep(at, settings);
      acc[0] *= Math.fround(0.9);
      acc[1] *= Math.fround(0.999);
    }
    expect(at).toEqual({ step: 1000, beta1Power: acc[0], beta2Power: acc[1] });
    // The point of carrying the product: it is not float32(β²ᵗ) to the last bit.
    expect(at.beta2Power).not.toBe(Math.fround(Math.fround(0.999) ** 1000));
  });

  it('uses the settings’ βs', () => {
    expect(nextAdamStep(nextAdamStep(null, { learningRate: 1, beta1: 0.5, beta2: 0.25 }), { learningRate: 1, beta1: 0.5, beta2: 0.25 }))
      .toEqual({ step: 2, beta1Power: 0.25, beta2Power: 0.0625 });
  });
});

describe('adamUpdate', () => {
  it('follows a hand-computed run of two steps (β₁ ½, β₂ ¾, lr ¼: g = 2, then −2)', () => {
    const s = { learningRate: 0.25, beta1: 0.5, beta2: 0.75 };
    const w = Float32Array.of(1), m = new Float32Array(1), v = new Float32Array(1);
    let at: AdamStep = nextAdamStep(null, s);
    adamUpdate(w, Float32Array.of(2), m, v, at, s);
    // m = ½ · 2 = 1, v = ¼ · 4 = 1; m̂ = 1 / ½ = 2, v̂ = 1 / ¼ = 4; √v̂ + ε rounds to 2 in float32,
    // so w = 1 − ¼ · 2 / 2 = 0.75 exactly.
    expect([m[0], v[0], w[0]]).toEqual([1, 1, 0.75]);
    at = nextAdamStep(at, s);
    adamUpdate(w, Float32Array.of(-2), m, v, at, s);
    // m = ½ − 1 = −½, v = ¾ + ¼ · 4 = 1.75; m̂ = −½ / (1 − ¼) = −⅔ (rounded), v̂ = 1.75 / (1 − 9⁄16) = 4;
    // w = 0.75 + ¼ · ⅔ / 2, the last sum rounded.
    expect([m[0], v[0]]).toEqual([-0.5, 1.75]);
    expect(w[0]).toBe(Math.fround(0.75 + Math.fround(2 / 3) / 8));
    expect(w[0]).toBeCloseTo(0.75 + 1 / 12, 7);
  });

  it('rounds the βs to float32 as tfjs does: with the defaults the first step is not exactly lr (0.9000007, not 0.9000000)', () => {
    const w = Float32Array.of(1);
    adamUpdate(w, Float32Array.of(2), new Float32Array(1), new Float32Array(1), nextAdamStep(null, settings), settings);
    // 1 − float32(0.999) is 0.00099998713…, 1.3e-5 below 0.001: v̂ and so √v̂ come out a little large.
    expect(w[0]).toBeCloseTo(0.9000007, 7);
  });

  it('moves each weight by about lr against the sign of its gradient on the first step, whatever the gradient’s size', () => {
    const w = new Float32Array(4);
    adamUpdate(w, Float32Array.of(1e-3, -5, 300, 0), new Float32Array(4), new Float32Array(4), nextAdamStep(null, settings), settings);
    expect(Array.from(w, (x) => +x.toFixed(4))).toEqual([-0.1, 0.1, -0.1, 0]);
  });

  it('writes the new weights to out and leaves the weights it read alone', () => {
    const w = Float32Array.of(1, 2, 3), out = new Float32Array(3);
    const same = w.slice();
    const at = nextAdamStep(null, settings);
    adamUpdate(w, Float32Array.of(1, 1, 1), new Float32Array(3), new Float32Array(3), at, settings, out);
    expect(Array.from(w)).toEqual([1, 2, 3]);
    adamUpdate(same, Float32Array.of(1, 1, 1), new Float32Array(3), new Float32Array(3), at, settings);
    expect(Array.from(out)).toEqual(Array.from(same));
  });

  it('names arrays of different lengths and unusable settings', () => {
    const a = new Float32Array(3);
    const at = nextAdamStep(null, settings);
    expect(() => adamUpdate(a, new Float32Array(2), a.slice(), a.slice(), at, settings)).toThrow(/one length \(got 3, 2, 3, 3, 3\)/);
    expect(() => adamUpdate(a, a.slice(), a.slice(), a.slice(), at, { learningRate: 0 })).toThrow(/learning rate must be a positive number/);
    expect(() => adamUpdate(a, a.slice(), a.slice(), a.slice(), at, { learningRate: 1, beta1: 1 })).toThrow(/β₁ must be at least 0 and below 1/);
    expect(() => adamUpdate(a, a.slice(), a.slice(), a.slice(), at, { learningRate: 1, beta2: -0.1 })).toThrow(/β₂/);
    expect(() => adamUpdate(a, a.slice(), a.slice(), a.slice(), at, { learningRate: 1, epsilon: 0 })).toThrow(/ε must be a positive number/);
    expect(() => adamUpdate(a, a.slice(), a.slice(), a.slice(), { ...at, step: 0 }, settings)).toThrow(/step must be a whole number of at least 1/);
  });
});
