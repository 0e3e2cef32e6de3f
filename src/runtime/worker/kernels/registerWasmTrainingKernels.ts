// Registers the convolution gradient kernels that the tfjs wasm backend (4.22) lacks, so conv
// nets can be trained on it: Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter and
// DepthwiseConv2dNativeBackpropInput; it also replaces the backend's slow Conv2DBackpropInput.
// They work on the wasm heap: the heavy ones rearrange data in JS and hand the arithmetic to the
// backend's own XNNPACK kernels (BatchMatMul, Conv2D, DepthwiseConv2dNative); the depthwise filter
// gradient is a JS loop (see convGradients.ts). BatchMatMul with a transposed operand, which
// every Dense layer's backward pass uses, is replaced by a transpose and the fast plain product.
// Call after `tf.setBackend('wasm')` has resolved.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  depthwiseFilterGradient,
  inputGradientPadding,
  im2colTransposed,
  rotateFilter,
  spreadByStride,
  type ConvGeometry,
} from './convGradients.ts';

type Conv2DInfo = tf.backend_util.Conv2DInfo;
type PadAttr = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/** Attributes shared by the three gradient kernels (tfjs-core's `Conv2DBackprop*Attrs`). */
interface GradientAttrs {
  strides: [number, number] | number;
  pad: PadAttr;
  dilations?: [number, number] | number;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function geometry(info: Conv2DInfo, kernel: string): ConvGeometry {
  if (info.dataFormat !== 'channelsLast') throw new Error(`${kernel} on wasm: only NHWC (channelsLast) is supported`);
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) throw new Error(`${kernel} on wasm: only dilation 1 is supported`);
  return {
    batchSize: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

function heap(backend: BackendWasm, t: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

type Shape4 = [number, number, number, number];
type KernelArgs<Extra> = { inputs: Record<string, tf.TensorInfo>; backend: BackendWasm; attrs: GradientAttrs & Extra };
type FilterGradientArgs = KernelArgs<{ filterShape: Shape4 }>;
type InputGradientArgs = KernelArgs<{ inputShape: Shape4 }>;

/** Runs another wasm kernel (one of the backend's own) from inside ours. */
function run(kernelName: string, args: { inputs: Record<string, tf.TensorInfo>; backend: BackendWasm; attrs: object }): tf.TensorInfo {
  const kernel = tf.getKernel(kernelName, 'wasm');
  if (kernel === undefined) throw new Error(`wasm kernel ${kernelName} is not registered`);
  return kernel.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
}

/** dW = im2colᵀ(x) · dy: the arithmetic runs in XNNPACK's matrix multiply. */
function conv2dBackpropFilter({ inputs, backend, attrs }: FilterGradientArgs): tf.TensorInfo {
  const { x, dy } = inputs;
  const { filterShape } = attrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as Shape4, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false,
    tf.backend_util.convertConv2DDataFormat(attrs.dataFormat ?? 'NHWC'));
  const g = geometry(info, 'Conv2DBackpropFilter');
  const taps = g.filterHeight * g.filterWidth * g.inChannels;
  const pixels = g.batchSize * g.outHeight * g.outWidth;
  const cols = backend.makeOutput([1, taps, pixels], 'float32');
  // Views of the heap are taken after the allocation, which may have grown (and moved) it.
  im2colTransposed(heap(backend, x), g, heap(backend, cols));
  const dW = run(tf.BatchMatMul, {
    inputs: { a: cols, b: { ...dy, shape: [1, pixels, g.outChannels] } },
    backend,
    attrs: { transposeA: false, transposeB: false },
  });
  backend.disposeData(cols.dataId);
  return { ...dW, shape: filterShape };
}

function depthwiseBackpropFilter({ inputs, backend, attrs }: FilterGradientArgs): tf.TensorInfo {
  const { x, dy } = inputs;
  const { filterShape } = attrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as Shape4, filterShape, attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, true);
  const dW = depthwiseFilterGradient(heap(backend, x), heap(backend, dy), geometry(info, 'DepthwiseConv2dNativeBackpropFilter'));
  const out = backend.makeOutput(filterShape, 'float32');
  heap(backend, out).set(dW);
  return out;
}

/**
 * dx as a stride-1 forward convolution (`Conv2D` or `DepthwiseConv2dNative`, run by XNNPACK) of dy
 * spread by the stride, with the rotated filter `rotatedShape` and the paddings of `inputGradientPadding`.
 */
function inputGradient(
  backend: BackendWasm, dy: tf.TensorInfo, filter: tf.TensorInfo, g: ConvGeometry,
  forward: typeof tf.Conv2D | typeof tf.DepthwiseConv2dNative, rotatedShape: Shape4,
): tf.TensorInfo {
  const strided = g.strideHeight > 1 || g.strideWidth > 1;
  const spread = strided
    ? backend.makeOutput([g.batchSize, (g.outHeight - 1) * g.strideHeight + 1, (g.outWidth - 1) * g.strideWidth + 1, g.outChannels], 'float32')
    : dy;
  const rotated = backend.makeOutput(rotatedShape, 'float32');
  // Views of the heap are taken after the allocations, which may have grown (and moved) it.
  if (strided) spreadByStride(heap(backend, dy), g, heap(backend, spread));
  const [fh, fw, inC, outC] = forward === tf.Conv2D ? [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels] : [g.filterHeight, g.filterWidth, g.outChannels, 1];
  rotateFilter(heap(backend, filter), fh, fw, inC, outC, heap(backend, rotated));
  const pad = inputGradientPadding(g);
  const dx = run(forward, {
    inputs: { x: spread, filter: rotated },
    backend,
    attrs: { strides: 1, dilations: 1, dataFormat: 'NHWC', pad: [[0, 0], [pad.top, pad.bottom], [pad.left, pad.right], [0, 0]] },
  });
  if (strided) backend.disposeData(spread.dataId);
  backend.disposeData(rotated.dataId);
  return dx;
}

/** Replaces the backend's own Conv2DBackpropInput (a plain C++ loop) with a convolution in XNNPACK. */
function conv2dBackpropInput({ inputs, backend, attrs }: InputGradientArgs): tf.TensorInfo {
  const { dy, filter } = inputs;
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape, filter.shape as Shape4, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false,
    tf.backend_util.convertConv2DDataFormat(attrs.dataFormat ?? 'NHWC'));
  const g = geometry(info, 'Conv2DBackpropInput');
  return inputGradient(backend, dy, filter, g, tf.Conv2D, [g.filterHeight, g.filterWidth, g.outChannels, g.inChannels]);
}

/** With a channel multiplier m > 1, the m results per input channel are summed. */
function depthwiseBackpropInput({ inputs, backend, attrs }: InputGradientArgs): tf.TensorInfo {
  const { dy, filter } = inputs;
  const { inputShape } = attrs;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape, filter.shape as Shape4, attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, true);
  const g = geometry(info, 'DepthwiseConv2dNativeBackpropInput');
  // Each of the inC·m channels of dy is convolved with its own rotated filter slice ...
  const perOutput = inputGradient(backend, dy, filter, g, tf.DepthwiseConv2dNative, [g.filterHeight, g.filterWidth, g.outChannels, 1]);
  const multiplier = g.outChannels / g.inChannels;
  if (multiplier === 1) return perOutput;
  // ... and the m outputs that came from one input channel add up into its gradient.
  const dx = run(tf.Sum, {
    inputs: { x: { ...perOutput, shape: [...inputShape, multiplier] } },
    backend,
    attrs: { axis: [4], keepDims: false },
  });
  backend.disposeData(perOutput.dataId);
  return dx;
}

/** The backend's own BatchMatMul, kept when ours takes its place. */
let backendBatchMatMul: tf.KernelFunc | undefined;

/** `t` with its last two axes swapped, by the backend's Transpose kernel. */
function swapLastTwo(backend: BackendWasm, t: tf.TensorInfo): tf.TensorInfo {
  const perm = t.shape.map((_, i) => i);
  const r = perm.length;
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return run(tf.Transpose, { inputs: { x: t }, backend, attrs: { perm } });
}

/**
 * BatchMatMul with a transposed operand as an explicit transpose then the plain product. The
 * backend's own kernel takes XNNPACK's fast path only when neither operand is transposed, and
 * every Dense layer's backward pass asks for one (dW = xᵀ·dy, dx = dy·Wᵀ): in node, LeNet-300-100's
 * first-layer dW for a batch of 64 took 97 ms that way against 12 + 3 ms (product + transpose),
 * measured on a loaded machine. The gradients match the cpu backend’s (registerWasmTrainingKernels.test.ts).
 */
function batchMatMul({ inputs, backend, attrs }: KernelArgs<{ transposeA: boolean; transposeB: boolean }>): tf.TensorInfo {
  const plain = (a: tf.TensorInfo, b: tf.TensorInfo) =>
    backendBatchMatMul!({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } } as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  if (!attrs.transposeA && !attrs.transposeB) return plain(inputs.a, inputs.b);
  const a = attrs.transposeA ? swapLastTwo(backend, inputs.a) : inputs.a;
  const b = attrs.transposeB ? swapLastTwo(backend, inputs.b) : inputs.b;
  try {
    return plain(a, b);
  } finally {
    if (a !== inputs.a) backend.disposeData(a.dataId);
    if (b !== inputs.b) backend.disposeData(b.dataId);
  }
}

const kernels: Record<string, (args: FilterGradientArgs & InputGradientArgs) => tf.TensorInfo> = {
  [tf.Conv2DBackpropFilter]: conv2dBackpropFilter,
  [tf.DepthwiseConv2dNativeBackpropFilter]: depthwiseBackpropFilter,
  [tf.DepthwiseConv2dNativeBackpropInput]: depthwiseBackpropInput,
  [tf.Conv2DBackpropInput]: conv2dBackpropInput,
  [tf.BatchMatMul]: batchMatMul as unknown as (args: FilterGradientArgs & InputGradientArgs) => tf.TensorInfo,
};

/** Kernels the backend does have, but that ours outrun. */
const replaced = new Set<string>([tf.Conv2DBackpropInput, tf.BatchMatMul]);

/**
 * Registers the conv-gradient kernels above for the `wasm` backend. Idempotent: a kernel already
 * registered by an earlier call is left alone, and so is a missing one that a future tfjs release
 * ships itself. Returns the names of the kernels this call registered.
 */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const [kernelName, impl] of Object.entries(kernels)) {
    const existing = tf.getKernel(kernelName, 'wasm');
    if (existing !== undefined) {
      if (existing.kernelFunc === (impl as unknown) || !replaced.has(kernelName)) continue;
      if (kernelName === tf.BatchMatMul) backendBatchMatMul = existing.kernelFunc;
      tf.unregisterKernel(kernelName, 'wasm');
    }
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: impl as unknown as tf.KernelFunc });
    added.push(kernelName);
  }
  return added;
}
