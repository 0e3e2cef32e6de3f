import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  depthwiseFilterGradient,
  inputGradientPadding,
  im2colTransposed,
  rotateFilter,
  spreadByStride,
  type ConvGeometry,
} from './convGradients.ts';

/** Geometry of a stride-1 'valid' convolution. */
function valid(n: number, h: number, w: number, inC: number, outC: number, fh: number, fw: number): ConvGeometry {
  return {
    batchSize: n, inHeight: h, inWidth: w, inChannels: inC, outHeight: h - fh + 1, outWidth: w - fw + 1,
    outChannels: outC, filterHeight: fh, filterWidth: fw, strideHeight: 1, strideWidth: 1, padTop: 0, padLeft: 0,
  };
}

/** Direct definition of a convolution's output, summing over taps with a bounds check. */
function convForward(x: Float32Array, f: Float32Array, g: ConvGeometry): Float64Array {
  const y = new Float64Array(g.batchSize * g.outHeight * g.outWidth * g.outChannels);
  for (let b = 0; b < g.batchSize; b++)
    for (let yR = 0; yR < g.outHeight; yR++)
      for (let yC = 0; yC < g.outWidth; yC++)
        for (let o = 0; o < g.outChannels; o++) {
          let s = 0;
          for (let wR = 0; wR < g.filterHeight; wR++)
            for (let wC = 0; wC < g.filterWidth; wC++) {
              const xR = yR * g.strideHeight - g.padTop + wR;
              const xC = yC * g.strideWidth - g.padLeft + wC;
              if (xR < 0 || xC < 0 || xR >= g.inHeight || xC >= g.inWidth) continue;
              for (let i = 0; i < g.inChannels; i++)
                s += x[((b * g.inHeight + xR) * g.inWidth + xC) * g.inChannels + i] *
                  f[((wR * g.filterWidth + wC) * g.inChannels + i) * g.outChannels + o];
            }
          y[((b * g.outHeight + yR) * g.outWidth + yC) * g.outChannels + o] = s;
        }
  return y;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

const geometryArb = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }), h: fc.integer({ min: 1, max: 7 }), w: fc.integer({ min: 1, max: 7 }),
    inC: fc.integer({ min: 1, max: 3 }), outC: fc.integer({ min: 1, max: 3 }),
    fh: fc.integer({ min: 1, max: 3 }), fw: fc.integer({ min: 1, max: 3 }),
    sh: fc.integer({ min: 1, max: 3 }), sw: fc.integer({ min: 1, max: 3 }),
    pt: fc.integer({ min: 0, max: 2 }), pl: fc.integer({ min: 0, max: 2 }),
  })
  // As tfjs pads: never a whole filter of padding on one side.
  .filter((p) => p.h + 2 * p.pt >= p.fh && p.w + 2 * p.pl >= p.fw && p.pt < p.fh && p.pl < p.fw)
  .map((p): ConvGeometry => ({
    batchSize: p.n, inHeight: p.h, inWidth: p.w, inChannels: p.inC, outChannels: p.outC,
    filterHeight: p.fh, filterWidth: p.fw, strideHeight: p.sh, strideWidth: p.sw, padTop: p.pt, padLeft: p.pl,
    outHeight: Math.floor((p.h + 2 * p.pt - p.fh) / p.sh) + 1, outWidth: Math.floor((p.w + 2 * p.pl - p.fw) / p.sw) + 1,
  }));

const values = (length: number, seed: number) => Float32Array.from({ length }, (_, i) => Math.sin(seed * 7.1 + i * 1.3) * 2);

/** im2col followed by the matrix product that the wasm kernel hands to XNNPACK: [K, P] · [P, outC]. */
function conv2dFilterGradient(x: Float32Array, dy: Float32Array, g: ConvGeometry): Float64Array {
  const taps = g.filterHeight * g.filterWidth * g.inChannels;
  const pixels = g.batchSize * g.outHeight * g.outWidth;
  const cols = new Float32Array(taps * pixels).fill(NaN); // every element must be written
  im2colTransposed(x, g, cols);
  const dW = new Float64Array(taps * g.outChannels);
  for (let k = 0; k < taps; k++)
    for (let p = 0; p < pixels; p++)
      for (let o = 0; o < g.outChannels; o++) dW[k * g.outChannels + o] += cols[k * pixels + p] * dy[p * g.outChannels + o];
  return dW;
}

describe('im2colTransposed', () => {
  it('lays out each filter tap as a row over output pixels, with zeros in the padding', () => {
    // 1×2×2×1 image [[1,2],[3,4]], 2×2 filter, 'same'-style padding of 0 above/left: outputs 2×2
    const g: ConvGeometry = { ...valid(1, 2, 2, 1, 1, 2, 2), outHeight: 2, outWidth: 2 };
    const cols = new Float32Array(16);
    im2colTransposed(Float32Array.of(1, 2, 3, 4), g, cols);
    expect(Array.from(cols)).toEqual([1, 2, 3, 4, /* tap (0,1) */ 2, 0, 4, 0, /* (1,0) */ 3, 4, 0, 0, /* (1,1) */ 4, 0, 0, 0]);
  });

  it('gives the filter gradient as a matrix product: x · 1 for a single output pixel', () => {
    const dW = conv2dFilterGradient(Float32Array.of(1, 2, 3, 4), Float32Array.of(1), valid(1, 2, 2, 1, 1, 2, 2));
    expect(Array.from(dW)).toEqual([1, 2, 3, 4]);
  });

  it('sums x·dy over positions for a hand-worked 1×3×3 image and a 2×2 filter', () => {
    // x = [[1,2,3],[4,5,6],[7,8,9]], dy = [[1,0],[0,2]]: dW[r][c] = x[r][c] + 2·x[r+1][c+1]
    const x = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
    const dW = conv2dFilterGradient(x, Float32Array.of(1, 0, 0, 2), valid(1, 3, 3, 1, 1, 2, 2));
    expect(Array.from(dW)).toEqual([1 + 10, 2 + 12, 4 + 16, 5 + 18]);
  });

  it('makes cols·dy the adjoint of the convolution in the filter: <conv(x, f), dy> = <f, dW>', () => {
    fc.assert(
      fc.property(geometryArb, fc.integer({ min: 1, max: 1000 }), (g, seed) => {
        const x = values(g.batchSize * g.inHeight * g.inWidth * g.inChannels, seed);
        const f = values(g.filterHeight * g.filterWidth * g.inChannels * g.outChannels, seed + 1);
        const dy = values(g.batchSize * g.outHeight * g.outWidth * g.outChannels, seed + 2);
        const lhs = dot(convForward(x, f, g), dy);
        expect(dot(f, conv2dFilterGradient(x, dy, g))).toBeCloseTo(lhs, 6);
      }),
    );
  });
});

/** A depthwise filter [fH, fW, C, 1] written as the equivalent dense filter [fH, fW, C, C] (diagonal). */
function depthwiseAsDense(f: Float32Array, g: ConvGeometry): Float32Array {
  const C = g.inChannels;
  const dense = new Float32Array(g.filterHeight * g.filterWidth * C * C);
  for (let t = 0; t < g.filterHeight * g.filterWidth; t++)
    for (let c = 0; c < C; c++) dense[(t * C + c) * C + c] = f[t * C + c];
  return dense;
}

describe('input gradient as a convolution', () => {
  it('spread dy, rotated filter with swapped channels and those paddings give the adjoint in the input', () => {
    fc.assert(
      fc.property(geometryArb, fc.integer({ min: 1, max: 1000 }), (g, seed) => {
        const x = values(g.batchSize * g.inHeight * g.inWidth * g.inChannels, seed);
        const f = values(g.filterHeight * g.filterWidth * g.inChannels * g.outChannels, seed + 1);
        const dy = values(g.batchSize * g.outHeight * g.outWidth * g.outChannels, seed + 2);
        const back = backwardGeometry(g);
        const spread = new Float32Array(g.batchSize * back.inHeight * back.inWidth * g.outChannels).fill(NaN);
        spreadByStride(dy, g, spread);
        const rotated = new Float32Array(f.length);
        rotateFilter(f, g.filterHeight, g.filterWidth, g.inChannels, g.outChannels, rotated);
        const dx = convForward(spread, rotated, { ...back, inChannels: g.outChannels, outChannels: g.inChannels });
        expect(dot(x, dx)).toBeCloseTo(dot(convForward(x, f, g), dy), 6);
      }),
    );
  });
});

/** Geometry of the stride-1 convolution over spread dy that yields the input gradient of `g`. */
function backwardGeometry(g: ConvGeometry): ConvGeometry {
  const spreadHeight = (g.outHeight - 1) * g.strideHeight + 1;
  const spreadWidth = (g.outWidth - 1) * g.strideWidth + 1;
  const pad = inputGradientPadding(g);
  expect(Math.min(pad.top, pad.bottom, pad.left, pad.right)).toBeGreaterThanOrEqual(0);
  const back: ConvGeometry = {
    ...g, inHeight: spreadHeight, inWidth: spreadWidth, strideHeight: 1, strideWidth: 1, padTop: pad.top, padLeft: pad.left,
    outHeight: spreadHeight + pad.top + pad.bottom - g.filterHeight + 1,
    outWidth: spreadWidth + pad.left + pad.right - g.filterWidth + 1,
  };
  expect([back.outHeight, back.outWidth]).toEqual([g.inHeight, g.inWidth]);
  return back;
}

describe('depthwise gradients', () => {
  const depthwiseArb = geometryArb.map((g) => ({ ...g, outChannels: g.inChannels }));

  it('filter gradient is the adjoint of the depthwise convolution in the filter', () => {
    fc.assert(
      fc.property(depthwiseArb, fc.integer({ min: 1, max: 1000 }), (g, seed) => {
        const x = values(g.batchSize * g.inHeight * g.inWidth * g.inChannels, seed);
        const f = values(g.filterHeight * g.filterWidth * g.inChannels, seed + 1);
        const dy = values(g.batchSize * g.outHeight * g.outWidth * g.outChannels, seed + 2);
        const lhs = dot(convForward(x, depthwiseAsDense(f, g), g), dy);
        expect(dot(f, depthwiseFilterGradient(x, dy, g))).toBeCloseTo(lhs, 6);
      }),
    );
  });

  it('input gradient (spread dy, rotate the filter, stride-1 conv with those paddings) is the adjoint in the input', () => {
    fc.assert(
      fc.property(depthwiseArb, fc.integer({ min: 1, max: 1000 }), (g, seed) => {
        const C = g.inChannels;
        const x = values(g.batchSize * g.inHeight * g.inWidth * C, seed);
        const f = values(g.filterHeight * g.filterWidth * C, seed + 1);
        const dy = values(g.batchSize * g.outHeight * g.outWidth * C, seed + 2);
        const back = backwardGeometry(g);
        const spread = new Float32Array(g.batchSize * back.inHeight * back.inWidth * C).fill(NaN);
        spreadByStride(dy, g, spread);
        const rotated = new Float32Array(f.length);
        rotateFilter(f, g.filterHeight, g.filterWidth, C, 1, rotated);
        const dx = convForward(spread, depthwiseAsDense(rotated, back), back);
        expect(dot(x, dx)).toBeCloseTo(dot(convForward(x, depthwiseAsDense(f, g), g), dy), 6);
      }),
    );
  });

  it('rotates a 2×3 depthwise filter by 180°, keeping the channels of each tap in order', () => {
    const out = new Float32Array(12);
    rotateFilter(Float32Array.from({ length: 12 }, (_, i) => i), 2, 3, 2, 1, out); // 2 channels per tap
    expect(Array.from(out)).toEqual([10, 11, 8, 9, 6, 7, 4, 5, 2, 3, 0, 1]);
  });

  it('rotates a conv filter and swaps its input and output channels', () => {
    // 1×2 filter, inC = 2, outC = 3: tap t holds [i0o0, i0o1, i0o2, i1o0, i1o1, i1o2]
    const out = new Float32Array(12);
    rotateFilter(Float32Array.from({ length: 12 }, (_, i) => i), 1, 2, 2, 3, out);
    expect(Array.from(out)).toEqual([6, 9, 7, 10, 8, 11, 0, 3, 1, 4, 2, 5]);
  });

  it('spreads a 2×2 gradient by stride 2 into a 3×3 grid with zeros between', () => {
    const g: ConvGeometry = { ...valid(1, 4, 4, 1, 1, 2, 2), outHeight: 2, outWidth: 2, strideHeight: 2, strideWidth: 2 };
    const spread = new Float32Array(9).fill(NaN);
    spreadByStride(Float32Array.of(1, 2, 3, 4), g, spread);
    expect(Array.from(spread)).toEqual([1, 0, 2, 0, 0, 0, 3, 0, 4]);
  });

  it('filter gradient with a channel multiplier of 2 pairs each input channel with two adjacent outputs', () => {
    // 1×1×1×2 input [5, 7], 1×1 filter (C=2, m=2), dy = [1, 2, 3, 4]
    const g = valid(1, 1, 1, 2, 4, 1, 1);
    const dW = depthwiseFilterGradient(Float32Array.of(5, 7), Float32Array.of(1, 2, 3, 4), g);
    expect(Array.from(dW)).toEqual([5, 10, 21, 28]);
  });
});
