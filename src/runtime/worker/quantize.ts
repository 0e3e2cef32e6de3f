// Weight-only quantization of a saved tfjs model: every kernel is replaced by the float values its
// quantized integers stand for (fake quantization), biases and activations stay float32. The maths
// is the engine's; this module only walks the weight buffer of tfjs ModelArtifacts.
import type * as tf from '@tensorflow/tfjs';
import { weightBuffer } from './artifacts';
import {
  binarize,
  castTensor,
  dequantize,
  fakeQuant,
  fakeQuantPerChannel,
  quantParams,
  quantParamsPerChannel,
  sqnr,
  tensorRange,
  ternarize,
  type CastFormat,
  type QuantParams,
} from '../../engine';
import { isKernel } from '../contract/names';
import type {   WeightQuantSpec, QuantGrid, LayerQuantStats, WeightQuantReport } from '../contract/quant';
export type { QuantScheme, QuantGranularity, WeightQuantSpec, QuantGrid, LayerQuantStats, WeightQuantReport } from '../contract/quant';

/** Bytes of one set of quantization parameters: a float32 scale, plus an int32 zero point if affine. */
export function paramBytes(spec: WeightQuantSpec): number {
  const binaryLike = spec.bits === 1 || (spec.bits === 2 && spec.ternary);
  return binaryLike || spec.scheme === 'symmetric' ? 4 : 8;
}

/** Throws with a message naming the problem unless spec is a usable weight quantization. */
export function checkSpec(spec: WeightQuantSpec): void {
  if (!Number.isInteger(spec.bits) || spec.bits < 1 || spec.bits > 8) {
    throw new Error(`weight bits must be a whole number from 1 to 8 (got ${spec.bits})`);
  }
  if (spec.ternary && spec.bits !== 2) throw new Error(`ternary weights need 2 bits (got ${spec.bits})`);
  if (spec.granularity !== 'tensor' && spec.granularity !== 'channel') throw new Error(`unknown granularity: ${spec.granularity}`);
  if (spec.scheme !== 'symmetric' && spec.scheme !== 'affine') throw new Error(`unknown scheme: ${spec.scheme}`);
}

function gridOf(p: QuantParams): QuantGrid {
  const ints = Array.from({ length: p.qmax - p.qmin + 1 }, (_, i) => p.qmin + i);
  const levels = Array.from(dequantize(ints, p));
  return { levels, clipMin: levels[0], clipMax: levels[levels.length - 1] };
}

/** Splits x (row-major, channels on the last axis) into one array per channel, and joins them back. */
function byChannel(x: Float32Array, channels: number, each: (c: Float32Array) => Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  const n = x.length / channels;
  for (let c = 0; c < channels; c++) {
    const col = new Float32Array(n);
    for (let i = 0; i < n; i++) col[i] = x[i * channels + c];
    const q = each(col);
    for (let i = 0; i < n; i++) out[i * channels + c] = q[i];
  }
  return out;
}

/**
 * Fake-quantizes one kernel (channels = its last axis, the output channels of Dense and Conv2D).
 * Returns the float values the quantized kernel stands for and each channel's grid.
 */
export function quantizeKernel(x: Float32Array, shape: number[], spec: WeightQuantSpec): { values: Float32Array; grids: QuantGrid[] } {
  checkSpec(spec);
  const channels = spec.granularity === 'channel' ? shape[shape.length - 1] : 1;
  if (spec.bits === 1 || spec.ternary) {
    const grids: QuantGrid[] = [];
    const values = byChannel(x, channels, (col) => {
      if (spec.bits === 1) {
        const { values: v, alpha } = binarize(col);
        grids.push({ levels: [-alpha, alpha], clipMin: -alpha, clipMax: alpha });
        return v;
      }
      const { values: v, alpha } = ternarize(col);
      grids.push({ levels: [-alpha, 0, alpha], clipMin: -alpha, clipMax: alpha });
      return v;
    });
    return { values, grids };
  }
  const options = { symmetric: spec.scheme === 'symmetric' };
  if (channels === 1) {
    const { min, max } = tensorRange(x);
    const p = quantParams(min, max, spec.bits, options);
    return { values: fakeQuant(x, p), grids: [gridOf(p)] };
  }
  const params = quantParamsPerChannel(x, shape, -1, spec.bits, options);
  return { values: fakeQuantPerChannel(x, shape, -1, params), grids: params.map(gridOf) };
}


/**
 * A copy of `artifacts` with every kernel fake-quantized by `spec`, and per-kernel statistics.
 * Bytes: kernel values × bits / 8 (rounded up) + scales × paramBytes; other weights count as float32.
 */
export function quantizeArtifacts(artifacts: tf.io.ModelArtifacts, spec: WeightQuantSpec): { artifacts: tf.io.ModelArtifacts; report: WeightQuantReport } {
  checkSpec(spec);
  const specs = artifacts.weightSpecs;
  if (!specs) throw new Error('the model has no weight specs');
  const source = weightBuffer(artifacts);
  const out = source.slice(0);
  const layers: LayerQuantStats[] = [];
  let offset = 0;
  let floatBytes = 0;
  let quantBytes = 0;
  for (const w of specs) {
    const count = w.shape.reduce((a, b) => a * b, 1);
    if (w.dtype !== undefined && w.dtype !== 'float32') throw new Error(`weight ${w.name} is ${w.dtype}; only float32 weights can be quantized here`);
    if (w.quantization) throw new Error(`weight ${w.name} is already stored quantized`);
    const bytes = count * 4;
    floatBytes += bytes;
    if (isKernel(w.name)) {
      const x = new Float32Array(source, offset, count);
      const { values, grids } = quantizeKernel(x, w.shape, spec);
      new Float32Array(out, offset, count).set(values);
      const kernelBytes = Math.ceil((count * spec.bits) / 8) + grids.length * paramBytes(spec);
      quantBytes += kernelBytes;
      layers.push({ weight: w.name, shape: w.shape.slice(), count, sqnrDb: sqnr(x, values), scales: grids.length, grids, bytes: kernelBytes });
    } else {
      quantBytes += bytes;
    }
    offset += bytes;
  }
  if (offset !== source.byteLength) throw new Error(`the weight specs describe ${offset} bytes but the weight data holds ${source.byteLength}`);
  return { artifacts: { ...artifacts, weightData: out }, report: { layers, floatBytes, quantBytes } };
}

/** Bits per value of each float cast format. */
export const CAST_BITS: Record<CastFormat, number> = { fp16: 16, bf16: 16, fp8e4m3: 8, fp8e5m2: 8 };

/**
 * A copy of `artifacts` with every kernel rounded to a narrower float format and widened back
 * (engine `castTensor`); biases stay float32. No scale is needed, so bytes are just values × bits / 8.
 * fp8 e4m3 saturates at ±448 and e5m2 overflows to ±∞ only beyond 57,344: no trained kernel gets near.
 */
export function castArtifacts(artifacts: tf.io.ModelArtifacts, format: CastFormat): { artifacts: tf.io.ModelArtifacts; report: WeightQuantReport } {
  const bits = CAST_BITS[format];
  if (bits === undefined) throw new Error(`unknown cast format: ${format}`);
  const source = weightBuffer(artifacts);
  const out = source.slice(0);
  const layers: LayerQuantStats[] = [];
  let offset = 0;
  let quantBytes = 0;
  for (const w of artifacts.weightSpecs ?? []) {
    const count = w.shape.reduce((a, b) => a * b, 1);
    if (isKernel(w.name)) {
      const x = new Float32Array(source, offset, count);
      const values = castTensor(x, format);
      new Float32Array(out, offset, count).set(values);
      const bytes = Math.ceil((count * bits) / 8);
      quantBytes += bytes;
      layers.push({ weight: w.name, shape: w.shape.slice(), count, sqnrDb: sqnr(x, values), scales: 0, grids: [], bytes });
    } else {
      quantBytes += count * 4;
    }
    offset += count * 4;
  }
  if (offset !== source.byteLength) throw new Error(`the weight specs describe ${offset} bytes but the weight data holds ${source.byteLength}`);
  return { artifacts: { ...artifacts, weightData: out }, report: { layers, floatBytes: offset, quantBytes } };
}

