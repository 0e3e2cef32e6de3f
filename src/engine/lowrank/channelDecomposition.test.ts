import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { channelDecomposition, channelDecompositionCost, type KernelShape } from './channelDecomposition';

/** Direct valid cross-correlation, NHWC, one image: the seven-loop definition, written independently. */
function conv(x: ArrayLike<number>, [h, w, cin]: [number, number, number], k: ArrayLike<number>, [kh, kw, kcin, cout]: KernelShape): Float64Array {
  expect(kcin).toBe(cin);
  const oh = h - kh + 1;
  const ow = w - kw + 1;
  const y = new Float64Array(oh * ow * cout);
  for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) for (let o = 0; o < cout; o++) {
    let sum = 0;
    for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) for (let c = 0; c < cin; c++) {
      sum += x[((oy + ky) * w + ox + kx) * cin + c] * k[((ky * kw + kx) * cin + c) * cout + o];
    }
    y[(oy * ow + ox) * cout + o] = sum;
  }
  return y;
}

const random = (n: number, seed: number) => { const r = seededRandom(seed); return Float64Array.from({ length: n }, () => r() * 2 - 1); };
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
const norm = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((t, v) => t + v * v, 0));

// LeNet-5's second convolution: 5×5 from 6 to 16 channels on a 12×12×6 input.
const SHAPE: KernelShape = [5, 5, 6, 16];
const kernel = random(5 * 5 * 6 * 16, 3);
const image = random(12 * 12 * 6, 4);

describe('channelDecomposition', () => {
  it('at full rank, a 5×5 convolution to r channels then a 1×1 convolution equals the direct convolution', () => {
    const d = channelDecomposition(kernel, SHAPE, 16);
    const direct = conv(image, [12, 12, 6], kernel, SHAPE);
    const pair = conv(conv(image, [12, 12, 6], d.first, [5, 5, 6, 16]), [8, 8, 16], d.second, [1, 1, 16, 16]);
    expect(maxDiff(pair, direct)).toBeLessThan(1e-10 * Math.max(...direct.map(Math.abs)));
    expect(d.error).toBeLessThan(1e-12 * norm(kernel));
  });

  it('at rank r, the pair computes the convolution with a kernel whose error is the Eckart–Young bound', () => {
    for (const rank of [1, 4, 9]) {
      const d = channelDecomposition(kernel, SHAPE, rank);
      // The product first·second, unfolded (150×r times r×16), is the rank-r kernel.
      const approx = new Float64Array(kernel.length);
      for (let i = 0; i < 150; i++) for (let j = 0; j < rank; j++) for (let o = 0; o < 16; o++) approx[i * 16 + o] += d.first[i * rank + j] * d.second[j * 16 + o];
      const pair = conv(conv(image, [12, 12, 6], d.first, [5, 5, 6, rank]), [8, 8, rank], d.second, [1, 1, rank, 16]);
      expect(maxDiff(pair, conv(image, [12, 12, 6], approx, SHAPE))).toBeLessThan(1e-10);
      const dropped = Math.sqrt(Array.from(d.s.subarray(rank)).reduce((t, v) => t + v * v, 0));
      const actual = norm(Array.from(kernel, (v, i) => v - approx[i]));
      expect(actual).toBeCloseTo(dropped, 10);
      expect(d.error).toBeCloseTo(dropped, 10);
      expect(d.relativeError).toBeCloseTo(dropped / norm(kernel), 10);
    }
  });

  it('names the allowed ranks and the kernel size when they do not fit', () => {
    expect(() => channelDecomposition(kernel, SHAPE, 0)).toThrow('the rank must be a whole number from 1 to 16, got 0');
    expect(() => channelDecomposition(kernel, SHAPE, 17)).toThrow('from 1 to 16, got 17');
    expect(() => channelDecomposition(kernel.subarray(1), SHAPE, 2)).toThrow('2399 values for a [5, 5, 6, 16] kernel');
  });
});

describe('channelDecompositionCost', () => {
  it('counts LeNet-5 conv2 by hand: 2,416 parameters and 64·2,400 MACs, against 166r + 16 and 64·166r', () => {
    for (const rank of [1, 6, 16]) {
      expect(channelDecompositionCost([12, 12, 6], SHAPE, rank)).toEqual({
        params: 2400 + 16, factoredParams: 150 * rank + rank * 16 + 16, macs: 64 * 2400, factoredMacs: 64 * (150 * rank + rank * 16),
      });
    }
  });
});
