// Building blocks of 2-D convolution gradients (NHWC, dilation 1) over plain typed arrays.
// The tfjs wasm backend ships the forward convolutions but not these backward passes, so
// training a conv net on it fails; `registerWasmTrainingKernels` assembles them from these
// loops and the backend's own fast kernels (XNNPACK matrix multiply and depthwise convolution).

/** Geometry of one convolution, in the terms of tfjs's `Conv2DInfo` (NHWC, dilation 1). */
export interface ConvGeometry {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  /** Output channels: filters for a conv, inChannels × channel multiplier for a depthwise conv. */
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  /** Zero rows above / columns left of the input (tfjs `padInfo.top` / `padInfo.left`). */
  padTop: number;
  padLeft: number;
}

/**
 * Transposed im2col: `cols[k, p]` with k = (wR·fW + wC)·inC + i (filter tap, input channel) and
 * p = (b·outH + yR)·outW + yC (output pixel) holds x[b, yR·sH − padTop + wR, yC·sW − padLeft + wC, i],
 * or 0 where that falls in the padding. Then the filter gradient of a convolution is the matrix
 * product dW[k, o] = Σ_p cols[k, p] · dy[p, o], i.e. `cols` [fH·fW·inC, N·outH·outW] times dy
 * viewed as [N·outH·outW, outC], already in the layout of a [fH, fW, inC, outC] filter.
 * Writes every element of `cols` (length fH·fW·inC·N·outH·outW).
 */
export function im2colTransposed(x: Float32Array, g: ConvGeometry, cols: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = g;
  const { filterHeight, filterWidth, strideHeight, strideWidth, padTop, padLeft } = g;
  const xRowStride = inWidth * inChannels;
  const xStep = strideWidth * inChannels;
  let p = 0;
  for (let wR = 0; wR < filterHeight; wR++) {
    for (let wC = 0; wC < filterWidth; wC++) {
      // Output columns whose input column xC = yC·sW − padLeft + wC lies inside the image.
      const yCMin = Math.min(outWidth, Math.max(0, Math.ceil((padLeft - wC) / strideWidth)));
      const yCMax = Math.max(yCMin, Math.min(outWidth, Math.ceil((inWidth + padLeft - wC) / strideWidth)));
      for (let i = 0; i < inChannels; i++) {
        for (let b = 0; b < batchSize; b++) {
          for (let yR = 0; yR < outHeight; yR++) {
            const xR = yR * strideHeight - padTop + wR;
            if (xR < 0 || xR >= inHeight) {
              cols.fill(0, p, p + outWidth);
              p += outWidth;
              continue;
            }
            let yC = 0;
            for (; yC < yCMin; yC++) cols[p++] = 0;
            let xo = (b * inHeight + xR) * xRowStride + (yCMin * strideWidth - padLeft + wC) * inChannels + i;
            for (; yC < yCMax; yC++, xo += xStep) cols[p++] = x[xo];
            for (; yC < outWidth; yC++) cols[p++] = 0;
          }
        }
      }
    }
  }
}

/**
 * Filter gradient of a depthwise convolution with channel multiplier m = outC / inC:
 * dW[wR, wC, i, k] = Σ_{b, yR, yC} x[b, yR·sH − padTop + wR, yC·sW − padLeft + wC, i] · dy[b, yR, yC, i·m + k]
 * (terms in the padding are 0). Shapes: x [N, H, W, inC], dy [N, outH, outW, inC·m];
 * returns [fH, fW, inC, m] in float64.
 */
export function depthwiseFilterGradient(x: Float32Array, dy: Float32Array, g: ConvGeometry): Float64Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = g;
  const { filterHeight, filterWidth, strideHeight, strideWidth, padTop, padLeft } = g;
  const m = outChannels / inChannels;
  const dW = new Float64Array(filterHeight * filterWidth * outChannels);
  const xRowStride = inWidth * inChannels;
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      const xR0 = yR * strideHeight - padTop;
      const wRMin = Math.max(0, -xR0);
      const wRMax = Math.min(filterHeight, inHeight - xR0);
      for (let yC = 0; yC < outWidth; yC++) {
        const xC0 = yC * strideWidth - padLeft;
        const wCMin = Math.max(0, -xC0);
        const wCMax = Math.min(filterWidth, inWidth - xC0);
        const dyo = ((b * outHeight + yR) * outWidth + yC) * outChannels;
        for (let wR = wRMin; wR < wRMax; wR++) {
          const xRow = (b * inHeight + xR0 + wR) * xRowStride;
          for (let wC = wCMin; wC < wCMax; wC++) {
            const xo = xRow + (xC0 + wC) * inChannels;
            const wo = (wR * filterWidth + wC) * outChannels;
            if (m === 1) {
              for (let c = 0; c < inChannels; c++) dW[wo + c] += x[xo + c] * dy[dyo + c];
            } else {
              for (let i = 0, o = 0; i < inChannels; i++) {
                const xv = x[xo + i];
                for (let k = 0; k < m; k++, o++) dW[wo + o] += xv * dy[dyo + o];
              }
            }
          }
        }
      }
    }
  }
  return dW;
}

/**
 * The input gradient of a convolution is itself a convolution (stride 1) of dy, spread out by the
 * stride, with the filter rotated by 180° (see `rotateFilter`) and these paddings. Spreading dy
 * (zeros between rows and columns) gives [N, (outH−1)·sH + 1, (outW−1)·sW + 1, outC].
 */
export function inputGradientPadding(g: ConvGeometry): { top: number; bottom: number; left: number; right: number } {
  const spreadHeight = (g.outHeight - 1) * g.strideHeight + 1;
  const spreadWidth = (g.outWidth - 1) * g.strideWidth + 1;
  return {
    top: g.filterHeight - 1 - g.padTop,
    bottom: g.inHeight + g.padTop - spreadHeight,
    left: g.filterWidth - 1 - g.padLeft,
    right: g.inWidth + g.padLeft - spreadWidth,
  };
}

/**
 * Writes dy [N, outH, outW, C] into `spread` [N, (outH−1)·sH + 1, (outW−1)·sW + 1, C] at rows
 * yR·sH and columns yC·sW, zeros elsewhere (the "transposed convolution" input of a strided conv).
 */
export function spreadByStride(dy: Float32Array, g: ConvGeometry, spread: Float32Array): void {
  const { batchSize, outHeight, outWidth, outChannels: C, strideHeight, strideWidth } = g;
  const spreadHeight = (outHeight - 1) * strideHeight + 1;
  const spreadRow = ((outWidth - 1) * strideWidth + 1) * C;
  spread.fill(0);
  let src = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      const rowStart = (b * spreadHeight + yR * strideHeight) * spreadRow;
      for (let yC = 0; yC < outWidth; yC++, src += C) {
        spread.set(dy.subarray(src, src + C), rowStart + yC * strideWidth * C);
      }
    }
  }
}

/**
 * The filter of the input-gradient convolution: out[u, v, o, i] = filter[fH−1−u, fW−1−v, i, o],
 * i.e. rotated by 180° in space, with input and output channels swapped. A depthwise filter
 * [fH, fW, C, m] is passed as inC = C·m, outC = 1 (its channels stay in place).
 */
export function rotateFilter(filter: Float32Array, filterHeight: number, filterWidth: number, inC: number, outC: number, out: Float32Array): void {
  const taps = filterHeight * filterWidth;
  const tapSize = inC * outC;
  for (let t = 0; t < taps; t++) {
    const src = t * tapSize;
    const dst = (taps - 1 - t) * tapSize;
    for (let i = 0; i < inC; i++) for (let o = 0; o < outC; o++) out[dst + o * inC + i] = filter[src + i * outC + o];
  }
}
