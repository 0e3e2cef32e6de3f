// im2col: a convolution as one matrix product, by copying every receptive field into a row.

export type Padding = 'valid' | 'same';

export interface Im2colOptions {
  /** [vertical, horizontal] step (default [1, 1]); one number means both. */
  strides?: number | [number, number];
  /** 'valid' (no padding, default) or 'same' (zeros so that output = ceil(input / stride)), as in tfjs. */
  padding?: Padding;
}

export interface Im2col {
  /**
   * rows×cols row-major. Row r = oy·outW + ox is the receptive field of output pixel (oy, ox);
   * column (ky·kw + kx)·c + ch holds input pixel (oy·sy + ky − padTop, ox·sx + kx − padLeft) of
   * channel ch, or 0 outside the image. This is the order of a tfjs conv2d kernel [kh, kw, c, out]
   * reshaped to [kh·kw·c, out], so matrix · kernel = the conv2d output [outH·outW, out] (NHWC).
   */
  matrix: Float32Array;
  rows: number;
  cols: number;
  outHeight: number;
  outWidth: number;
}

/** Output size and leading padding of one spatial axis, by tfjs's rules. */
function axis(size: number, kernel: number, stride: number, padding: Padding): { out: number; padBefore: number } {
  if (padding === 'valid') return { out: Math.floor((size - kernel) / stride) + 1, padBefore: 0 };
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  return { out, padBefore: Math.floor(total / 2) };
}

/**
 * Unrolls `input` (h×w×c, row-major HWC, one image) into the im2col matrix of a kh×kw convolution:
 * (outH·outW) × (kh·kw·c). The matrix holds kh·kw/(sy·sx) times more values than the input
 * (about that, at the borders): the memory price of turning a convolution into one GEMM.
 */
export function im2col(input: ArrayLike<number>, [h, w, c]: [number, number, number], [kh, kw]: [number, number], options: Im2colOptions = {}): Im2col {
  if (input.length !== h * w * c) throw new Error(`im2col: ${input.length} values for a ${h}×${w}×${c} input`);
  const [sy, sx] = typeof options.strides === 'number' ? [options.strides, options.strides] : options.strides ?? [1, 1];
  const padding = options.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') throw new Error(`im2col: unknown padding ${padding} (use valid or same)`);
  const y = axis(h, kh, sy, padding);
  const x = axis(w, kw, sx, padding);
  if (y.out < 1 || x.out < 1) throw new Error(`im2col: a ${kh}×${kw} kernel does not fit a ${h}×${w} input without padding`);
  const cols = kh * kw * c;
  const rows = y.out * x.out;
  const matrix = new Float32Array(rows * cols);
  for (let oy = 0; oy < y.out; oy++) for (let ox = 0; ox < x.out; ox++) {
    const row = (oy * x.out + ox) * cols;
    for (let ky = 0; ky < kh; ky++) {
      const iy = oy * sy + ky - y.padBefore;
      if (iy < 0 || iy >= h) continue;
      for (let kx = 0; kx < kw; kx++) {
        const ix = ox * sx + kx - x.padBefore;
        if (ix < 0 || ix >= w) continue;
        const from = (iy * w + ix) * c;
        const to = row + (ky * kw + kx) * c;
        for (let ch = 0; ch < c; ch++) matrix[to + ch] = input[from + ch];
      }
    }
  }
  return { matrix, rows, cols, outHeight: y.out, outWidth: x.out };
}

/**
 * The GEMM step of an im2col convolution: matrix (rows×cols) · kernel (cols×out, a tfjs conv2d
 * kernel [kh, kw, c, out] read flat) + bias, giving the output [outH·outW, out] (NHWC, one image).
 */
export function im2colProduct(u: Im2col, kernel: ArrayLike<number>, out: number, bias?: ArrayLike<number>): Float32Array {
  if (kernel.length !== u.cols * out) throw new Error(`im2col: a kernel of ${kernel.length} values is not ${u.cols}×${out}`);
  const y = new Float32Array(u.rows * out);
  for (let r = 0; r < u.rows; r++) {
    const yr = r * out;
    if (bias) for (let o = 0; o < out; o++) y[yr + o] = bias[o];
    for (let k = 0; k < u.cols; k++) {
      const x = u.matrix[r * u.cols + k];
      if (x === 0) continue;
      const kr = k * out;
      for (let o = 0; o < out; o++) y[yr + o] += x * kernel[kr + o];
    }
  }
  return y;
}
