import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type KernelLayer, pruneUnitsByNorm, rankUnits, removeInputs, removeUnits, unitsToKeep } from './structured';
import { seededRandom } from '../random';

/** Plain dense forward pass, x [in] · W [in, out] + b, ReLU on every layer but the last. */
function forward(layers: KernelLayer[], x: Float32Array): Float64Array {
  let a = Float64Array.from(x);
  layers.forEach((layer, l) => {
    const [inputs, outputs] = layer.shape;
    const y = new Float64Array(outputs);
    for (let o = 0; o < outputs; o++) {
      let s = layer.bias ? layer.bias[o] : 0;
      for (let i = 0; i < inputs; i++) s += a[i] * layer.kernel[i * outputs + o];
      y[o] = l < layers.length - 1 ? Math.max(0, s) : s;
    }
    a = y;
  });
  return a;
}

function randomLayer(inputs: number, outputs: number, random: () => number): KernelLayer {
  return {
    kernel: Float32Array.from({ length: inputs * outputs }, () => random() * 2 - 1),
    shape: [inputs, outputs],
    bias: Float32Array.from({ length: outputs }, () => random() - 0.5),
  };
}

describe('rankUnits', () => {
  it('gives the L1 and L2 norm of each output column', () => {
    const kernel = Float32Array.of(1, -2, 3, 4); // [[1, -2], [3, 4]]
    expect(Array.from(rankUnits(kernel, [2, 2], 1, 'l1'))).toEqual([4, 6]);
    expect(Array.from(rankUnits(kernel, [2, 2], 1, 'l2'))).toEqual([Math.fround(Math.sqrt(10)), Math.fround(Math.sqrt(20))]);
    expect(Array.from(rankUnits(kernel, [2, 2], 0, 'l1'))).toEqual([3, 7]);
  });

  it('rejects unknown norms, bad axes and mismatched shapes', () => {
    const kernel = new Float32Array(4);
    expect(() => rankUnits(kernel, [2, 2], 1, 'l3' as 'l1')).toThrow('unknown norm: l3');
    expect(() => rankUnits(kernel, [2, 2], 2, 'l1')).toThrow(/axis 2 is outside shape \[2,2\]/);
    expect(() => rankUnits(kernel, [2, 3], 1, 'l1')).toThrow(/has 6 elements but the kernel has 4/);
  });
});

describe('removeUnits and removeInputs', () => {
  it('slice a Conv kernel [kh, kw, in, out] along the right axes', () => {
    const [kh, kw, cin, cout] = [2, 3, 4, 5];
    const at = (y: number, x: number, c: number, o: number, outs = cout, ins = cin) => ((y * kw + x) * ins + c) * outs + o;
    const kernel = Float32Array.from({ length: kh * kw * cin * cout }, (_, i) => i);
    const conv = { kernel, shape: [kh, kw, cin, cout], bias: Float32Array.of(10, 11, 12, 13, 14) };
    const keepOut = [0, 3];
    const fewerFilters = removeUnits(conv, keepOut);
    expect(fewerFilters.shape).toEqual([kh, kw, cin, 2]);
    expect(Array.from(fewerFilters.bias!)).toEqual([10, 13]);
    const keepIn = [1, 2];
    const fewerInputs = removeInputs(conv, keepIn);
    expect(fewerInputs.shape).toEqual([kh, kw, 2, cout]);
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        for (let c = 0; c < cin; c++) {
          keepOut.forEach((o, j) => expect(fewerFilters.kernel[at(y, x, c, j, 2)]).toBe(kernel[at(y, x, c, o)]));
        }
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        keepIn.forEach((c, j) => {
          for (let o = 0; o < cout; o++) expect(fewerInputs.kernel[at(y, x, j, o, cout, 2)]).toBe(kernel[at(y, x, c, o)]);
        });
  });

  it('leave the network function unchanged when the removed units have zero outgoing weights', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 2, max: 8 }), (seed, hidden) => {
        const random = seededRandom(seed);
        const l1 = randomLayer(5, hidden, random);
        const l2 = randomLayer(hidden, 3, random);
        const keep = Array.from({ length: hidden }, (_, i) => i).filter(() => random() < 0.5);
        if (keep.length === 0) keep.push(0);
        for (let h = 0; h < hidden; h++) {
          if (!keep.includes(h)) for (let o = 0; o < 3; o++) l2.kernel[h * 3 + o] = 0;
        }
        const smaller = [removeUnits(l1, keep), removeInputs(l2, keep)];
        expect(smaller[0].shape).toEqual([5, keep.length]);
        expect(smaller[1].shape).toEqual([keep.length, 3]);
        const x = Float32Array.from({ length: 5 }, () => random() * 2 - 1);
        const before = forward([l1, l2], x);
        const after = forward(smaller, x);
        before.forEach((v, i) => expect(after[i]).toBeCloseTo(v, 12));
      }),
    );
  });

  it('reject unsorted, duplicate, missing or empty unit lists', () => {
    const layer = randomLayer(2, 3, seededRandom(1));
    expect(() => removeUnits(layer, [2, 1])).toThrow(/sorted and distinct/);
    expect(() => removeUnits(layer, [1, 1])).toThrow(/sorted and distinct/);
    expect(() => removeUnits(layer, [3])).toThrow(/unit 3 does not exist \(there are 3\)/);
    expect(() => removeUnits(layer, [])).toThrow(/keep at least one unit/);
  });
});

describe('pruneUnitsByNorm', () => {
  it('removes dead units (zero incoming weights and bias) first, keeping the function', () => {
    const random = seededRandom(7);
    const layers = [randomLayer(6, 8, random), randomLayer(8, 5, random), randomLayer(5, 3, random)];
    const dead = [1, 4, 6];
    for (const h of dead) {
      for (let i = 0; i < 6; i++) layers[0].kernel[i * 8 + h] = 0;
      layers[0].bias![h] = 0;
    }
    const { layers: smaller, kept } = pruneUnitsByNorm(layers, [3 / 8, 0], 'l1');
    expect(kept[0]).toEqual([0, 2, 3, 5, 7]);
    expect(kept[2]).toEqual([0, 1, 2]);
    expect(smaller.map((l) => l.shape)).toEqual([[6, 5], [5, 5], [5, 3]]);
    const x = Float32Array.from({ length: 6 }, () => random());
    const before = forward(layers, x);
    forward(smaller, x).forEach((v, i) => expect(v).toBeCloseTo(before[i], 12));
  });

  it('keeps at least one unit and checks that layers connect', () => {
    const random = seededRandom(3);
    const { layers } = pruneUnitsByNorm([randomLayer(2, 4, random), randomLayer(4, 2, random)], 1, 'l2');
    expect(layers[0].shape).toEqual([2, 1]);
    expect(() => pruneUnitsByNorm([randomLayer(2, 4, random), randomLayer(3, 2, random)], 0.5, 'l1')).toThrow(
      /layer 1 has 3 inputs but layer 0 has 4 units/,
    );
  });
});

describe('unitsToKeep', () => {
  it('removes the units of smallest norm, by hand', () => {
    // Norms 3, 1, 4, 1, 5: removing 40 % (2 of 5) drops the two 1s.
    expect(unitsToKeep([3, 1, 4, 1, 5], 0.4)).toEqual([0, 2, 4]);
    // 60 % (3 of 5) drops the 3 too.
    expect(unitsToKeep([3, 1, 4, 1, 5], 0.6)).toEqual([2, 4]);
    expect(unitsToKeep([3, 1, 4, 1, 5], 0)).toEqual([0, 1, 2, 3, 4]);
  });

  it('breaks ties by removing the lower index first and keeps one unit at 100 %', () => {
    expect(unitsToKeep([2, 2, 2, 2], 0.5)).toEqual([2, 3]);
    expect(unitsToKeep([0.5, 9, 0.1], 1)).toEqual([1]);
    // round(0.5 · 3) = 2 removed.
    expect(unitsToKeep([1, 2, 3], 0.5)).toEqual([2]);
  });

  it('refuses a fraction outside 0…1 and an empty layer', () => {
    expect(() => unitsToKeep([1, 2], 1.5)).toThrow('sparsity must be between 0 and 1');
    expect(() => unitsToKeep([], 0.5)).toThrow('a layer without units');
  });
});
