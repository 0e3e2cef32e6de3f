import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyMask, globalMagnitudeMasks, magnitudeMask, randomMask, sparsityOf } from './sparsity';

/** Reference: sort all (layer, index) pairs by |w| then position; prune the first k. */
function referenceMasks(layers: Float32Array[], sparsity: number): Uint8Array[] {
  const all: { l: number; i: number; m: number }[] = [];
  layers.forEach((w, l) => w.forEach((v, i) => all.push({ l, i, m: Math.abs(v) })));
  all.sort((a, b) => a.m - b.m || a.l - b.l || a.i - b.i);
  const masks = layers.map((w) => new Uint8Array(w.length).fill(1));
  const k = Math.round(sparsity * all.length);
  for (const { l, i } of all.slice(0, k)) masks[l][i] = 0;
  return masks;
}

// Few distinct values so that ties are common.
const weightsArb = fc
  .array(fc.integer({ min: -4, max: 4 }), { maxLength: 60 })
  .map((a) => Float32Array.from(a, (v) => v / 2));

describe('magnitudeMask', () => {
  it('prunes the smallest magnitudes, lower index first on ties', () => {
    const w = Float32Array.of(0.5, -0.1, 0.1, 2, -0.1, 0);
    expect(Array.from(magnitudeMask(w, 0.5))).toEqual([1, 0, 0, 1, 1, 0]);
    expect(Array.from(magnitudeMask(w, 4 / 6))).toEqual([1, 0, 0, 1, 0, 0]);
  });

  it('keeps everything at sparsity 0 and nothing at sparsity 1', () => {
    const w = Float32Array.of(1, -2, 3);
    expect(Array.from(magnitudeMask(w, 0))).toEqual([1, 1, 1]);
    expect(Array.from(magnitudeMask(w, 1))).toEqual([0, 0, 0]);
  });

  it('matches a sort-based reference with exactly round(s·n) zeros', () => {
    fc.assert(
      fc.property(weightsArb, fc.double({ min: 0, max: 1, noNaN: true }), (w, s) => {
        const mask = magnitudeMask(w, s);
        expect(mask).toEqual(referenceMasks([w], s)[0]);
        expect(mask.filter((v) => v === 0).length).toBe(Math.round(s * w.length));
      }),
    );
  });

  it('rejects NaN or out-of-range sparsity and NaN weights with a clear message', () => {
    const w = Float32Array.of(1, 2);
    expect(() => magnitudeMask(w, NaN)).toThrow(/sparsity must be a number between 0 and 1, got NaN/);
    expect(() => magnitudeMask(w, 1.5)).toThrow(/between 0 and 1.*got 1.5/);
    expect(() => magnitudeMask(w, -0.1)).toThrow(/got -0.1/);
    expect(() => magnitudeMask(Float32Array.of(1, NaN), 0.5)).toThrow(/weight 1 of layer 0 is NaN/);
  });

  // Its time is measured by `npm run bench -- engine` (magnitudeMask), not asserted here.
  it('prunes exactly the asked share of 266k weights', () => {
    const w = new Float32Array(266_200);
    for (let i = 0; i < w.length; i++) w[i] = Math.sin(i * 12.9898) * 0.1;
    const mask = magnitudeMask(w, 0.92);
    expect(mask.filter((v) => v === 0).length).toBe(Math.round(0.92 * w.length));
  });
});

describe('globalMagnitudeMasks', () => {
  it('uses one threshold across layers, earlier layer first on ties', () => {
    const a = Float32Array.of(0.1, 5);
    const b = Float32Array.of(0.1, 0.2, 3);
    const [ma, mb] = globalMagnitudeMasks([a, b], 0.6);
    expect(Array.from(ma)).toEqual([0, 1]);
    expect(Array.from(mb)).toEqual([0, 0, 1]);
    const [ta, tb] = globalMagnitudeMasks([a, b], 0.2);
    expect(Array.from(ta)).toEqual([0, 1]);
    expect(Array.from(tb)).toEqual([1, 1, 1]);
  });

  it('matches the reference on random layers', () => {
    fc.assert(
      fc.property(fc.array(weightsArb, { maxLength: 4 }), fc.double({ min: 0, max: 1, noNaN: true }), (layers, s) => {
        expect(globalMagnitudeMasks(layers, s)).toEqual(referenceMasks(layers, s));
      }),
    );
  });
});

describe('randomMask', () => {
  it('has exactly round(s·n) zeros and is reproducible from its seed', () => {
    fc.assert(
      fc.property(fc.nat(500), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(), (n, s, seed) => {
        const mask = randomMask(n, s, seed);
        expect(mask.length).toBe(n);
        expect(mask.filter((v) => v === 0).length).toBe(Math.round(s * n));
        expect(randomMask(n, s, seed)).toEqual(mask);
      }),
    );
  });

  it('gives different masks for different seeds', () => {
    expect(randomMask(100, 0.5, 1)).not.toEqual(randomMask(100, 0.5, 2));
  });
});

describe('applyMask and sparsityOf', () => {
  it('zeroes pruned weights and measures the zero fraction', () => {
    const w = Float32Array.of(1, -2, 3, 4);
    const pruned = applyMask(w, Uint8Array.of(1, 0, 0, 1));
    expect(Array.from(pruned)).toEqual([1, 0, 0, 4]);
    expect(sparsityOf(pruned)).toBe(0.5);
    expect(sparsityOf(Uint8Array.of(0, 1, 1, 1))).toBe(0.25);
  });

  it('rejects a mask of the wrong length and an empty tensor', () => {
    expect(() => applyMask(Float32Array.of(1, 2), Uint8Array.of(1))).toThrow(/mask has 1 entries but there are 2 weights/);
    expect(() => sparsityOf(new Float32Array(0))).toThrow(/empty/);
  });
});
