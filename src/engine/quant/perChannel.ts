import { quantParams, type QuantOptions, type QuantParams } from './params';
import { dequantizeInto, quantizeInto, type QuantizeOptions } from './uniform';

export interface ValueRange {
  min: number;
  max: number;
}

/** Smallest and largest value of x. Throws on an empty array or a NaN. */
export function tensorRange(x: ArrayLike<number>): ValueRange {
  if (x.length === 0) throw new Error('cannot take the range of an empty tensor');
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (Number.isNaN(v)) throw new Error(`the tensor holds NaN (at index ${i})`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** The index and value of the entry of largest magnitude (the first of equals). */
export function largestMagnitude(x: ArrayLike<number>): { index: number; value: number } {
  if (x.length === 0) throw new Error('an empty tensor has no largest entry');
  let index = 0;
  for (let i = 1; i < x.length; i++) if (Math.abs(x[i]) > Math.abs(x[index])) index = i;
  return { index, value: x[index] };
}

/**
 * Layout of a row-major tensor split along `axis`: element i belongs to channel
 * floor(i / inner) mod channels, where inner is the product of the dimensions after axis.
 * A negative axis counts from the end (−1 = last, the output channel of Keras Dense [in, out]
 * and Conv2D [kh, kw, in, out] kernels).
 */
export function channelLayout(
  length: number,
  shape: readonly number[],
  axis: number,
): { channels: number; inner: number } {
  if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Error(`shape must be a list of positive whole numbers (got [${shape.join(', ')}])`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== length) {
    throw new Error(`shape [${shape.join(', ')}] holds ${size} values but the tensor has ${length}`);
  }
  const a = axis < 0 ? axis + shape.length : axis;
  if (!Number.isInteger(a) || a < 0 || a >= shape.length) {
    throw new Error(`axis ${axis} does not exist in a tensor of rank ${shape.length}`);
  }
  return { channels: shape[a], inner: shape.slice(a + 1).reduce((p, d) => p * d, 1) };
}

/** Range of each channel along axis (see channelLayout). */
export function channelRanges(x: ArrayLike<number>, shape: readonly number[], axis: number): ValueRange[] {
  const { channels, inner } = channelLayout(x.length, shape, axis);
  const ranges = Array.from({ length: channels }, () => ({ min: Infinity, max: -Infinity }));
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (Number.isNaN(v)) throw new Error(`the tensor holds NaN (at index ${i})`);
    const r = ranges[Math.floor(i / inner) % channels];
    if (v < r.min) r.min = v;
    if (v > r.max) r.max = v;
  }
  return ranges;
}

/** One QuantParams per channel along axis, each from that channel's own min and max. */
export function quantParamsPerChannel(
  x: ArrayLike<number>,
  shape: readonly number[],
  axis: number,
  bits: number,
  options: QuantOptions = {},
): QuantParams[] {
  return channelRanges(x, shape, axis).map(({ min, max }) => quantParams(min, max, bits, options));
}

function checkChannelCount(params: readonly QuantParams[], channels: number): void {
  if (params.length !== channels) {
    throw new Error(`got ${params.length} sets of parameters for ${channels} channels`);
  }
}

/** Quantize each channel along axis with its own parameters; same layout as x. */
export function quantizePerChannel(
  x: ArrayLike<number>,
  shape: readonly number[],
  axis: number,
  params: readonly QuantParams[],
  options?: QuantizeOptions,
): Int32Array {
  const { channels, inner } = channelLayout(x.length, shape, axis);
  checkChannelCount(params, channels);
  return quantizeInto(new Int32Array(x.length), x, (i) => params[Math.floor(i / inner) % channels], options);
}

/** Inverse of quantizePerChannel: scale_c · (q − zeroPoint_c), as float32. */
export function dequantizePerChannel(
  q: ArrayLike<number>,
  shape: readonly number[],
  axis: number,
  params: readonly QuantParams[],
): Float32Array {
  const { channels, inner } = channelLayout(q.length, shape, axis);
  checkChannelCount(params, channels);
  return dequantizeInto(new Float32Array(q.length), q, (i) => params[Math.floor(i / inner) % channels]);
}

/** dequantizePerChannel(quantizePerChannel(x)). */
export function fakeQuantPerChannel(
  x: ArrayLike<number>,
  shape: readonly number[],
  axis: number,
  params: readonly QuantParams[],
  options?: QuantizeOptions,
): Float32Array {
  return dequantizePerChannel(quantizePerChannel(x, shape, axis, params, options), shape, axis, params);
}
