import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { im2col, im2colProduct } from './im2col';

/** Direct NHWC convolution (cross-correlation) with tfjs's padding rules, written independently. */
function directConv(input: Float32Array, [h, w, c]: number[], kernel: Float32Array, [kh, kw, out]: number[], stride: number, same: boolean) {
  const outH = same ? Math.ceil(h / stride) : Math.floor((h - kh) / stride) + 1;
  const outW = same ? Math.ceil(w / stride) : Math.floor((w - kw) / stride) + 1;
  const padTop = same ? Math.floor(Math.max((outH - 1) * stride + kh - h, 0) / 2) : 0;
  const padLeft = same ? Math.floor(Math.max((outW - 1) * stride + kw - w, 0) / 2) : 0;
  const result = new Float64Array(outH * outW * out);
  for (let oy = 0; oy < outH; oy++) for (let ox = 0; ox < outW; ox++) for (let o = 0; o < out; o++) {
    let sum = 0;
    for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) for (let ch = 0; ch < c; ch++) {
      const y = oy * stride + ky - padTop;
      const x = ox * stride + kx - padLeft;
      if (y >= 0 && y < h && x >= 0 && x < w) sum += input[(y * w + x) * c + ch] * kernel[((ky * kw + kx) * c + ch) * out + o];
    }
    result[(oy * outW + ox) * out + o] = sum;
  }
  return result;
}

describe('im2col', () => {
  it('unrolls a hand-worked 3×3 image for a 2×2 kernel into four rows', () => {
    const { matrix, rows, cols } = im2col([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3, 1], [2, 2]);
    expect([rows, cols]).toEqual([4, 4]);
    expect(Array.from(matrix)).toEqual([1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9]);
  });

  it.each([
    [1, false], [2, false], [1, true], [2, true],
  ])('times the reshaped kernel equals the direct convolution (stride %i, same padding %s)', (stride, same) => {
    const random = seededRandom(stride + (same ? 10 : 0));
    const [h, w, c, kh, kw, out] = [9, 7, 3, 3, 2, 4];
    const input = Float32Array.from({ length: h * w * c }, () => random() - 0.5);
    const kernel = Float32Array.from({ length: kh * kw * c * out }, () => random() - 0.5);
    const u = im2col(input, [h, w, c], [kh, kw], { strides: stride, padding: same ? 'same' : 'valid' });
    const expected = directConv(input, [h, w, c], kernel, [kh, kw, out], stride, same);
    expect(u.rows * out).toBe(expected.length);
    const product = im2colProduct(u, kernel, out);
    product.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    const bias = [1, -2, 0.5, 3];
    im2colProduct(u, kernel, out, bias).forEach((v, i) => expect(v).toBeCloseTo(product[i] + bias[i % out], 5));
  });

  it('grows a 28×28 input about 25-fold for a 5×5 kernel (24·24·25 values)', () => {
    const u = im2col(new Float32Array(28 * 28), [28, 28, 1], [5, 5]);
    expect(u.matrix.length).toBe(24 * 24 * 25);
  });

  it('names a wrong input size or padding', () => {
    expect(() => im2col([1, 2, 3], [2, 2, 1], [1, 1])).toThrow(/3 values for a 2×2×1/);
    expect(() => im2col([1, 2, 3, 4], [2, 2, 1], [1, 1], { padding: 'full' as never })).toThrow(/unknown padding full/);
  });
});
