/**
 * A model as a standard tfjs layers model: model.json (topology + weights manifest) and one weight
 * file, readable by plain `tf.loadLayersModel`. Weights are stored as the tfjs converter's
 * `--quantize_uint8`, `--quantize_uint16` and `--quantize_float16` options store them
 * (tensorflowjs/quantization.py, write_weights.py): the manifest entry keeps `dtype: 'float32'`
 * and gains `quantization: { dtype, min, scale, original_dtype }`, and tfjs decodes a code q as
 * q · scale + min (io_utils.decodeWeights). Pruned weights stay dense zeros: the format has no
 * sparse layout and no codebook.
 */
import { decodeArray, encodeArray } from '../formats';
import { roundHalfEven } from '../formats/float';

/** How a float32 weight is stored: as is, as IEEE half, or on an affine grid of 2⁸ or 2¹⁶ codes. */
export type TfjsWeightEncoding = 'float32' | 'float16' | 'uint16' | 'uint8';

export const TFJS_WEIGHT_ENCODINGS: readonly TfjsWeightEncoding[] = ['uint8', 'uint16', 'float16', 'float32'];

/** Bytes per stored value of each encoding. */
export const TFJS_ENCODING_BYTES: Record<TfjsWeightEncoding, number> = { float32: 4, float16: 2, uint16: 2, uint8: 1 };

/** The largest code of each affine encoding (the converter's quant_max). */
const AFFINE_MAX = { uint8: 255, uint16: 65535 } as const;

/** One weight as tfjs saves it: its little-endian bytes in its dtype (float32, int32, …). */
export interface TfjsWeightIn {
  name: string;
  shape: number[];
  dtype: string;
  bytes: Uint8Array;
  /** How to store it; only float32 weights are re-encoded (as the converter does). Default float32. */
  encoding?: TfjsWeightEncoding;
}

/** An entry of the tfjs weights manifest, as the converter writes it. */
export interface TfjsManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: 'uint8' | 'uint16'; min: number; scale: number; original_dtype: 'float32' } | { dtype: 'float16'; original_dtype: 'float32' };
}

/** How one weight was stored, and what that did to it. */
export interface TfjsTensorReport {
  name: string;
  encoding: TfjsWeightEncoding;
  bytes: number;
  /** The affine step (scale) for uint8/uint16, else undefined. */
  step?: number;
  /** True when the values already sat on a uniform grid of at most 2^bits levels, which is kept: the stored codes are exact. */
  gridKept?: boolean;
  /** max |decoded − original| over the tensor, with the decoder tfjs uses. */
  maxError: number;
}

export interface TfjsLayersExport {
  /** The model.json object: format, topology, and a manifest whose one path is the weight file's name. */
  modelJson: { format: 'layers-model'; generatedBy: string; convertedBy: string; modelTopology: unknown; weightsManifest: { paths: string[]; weights: TfjsManifestEntry[] }[] };
  /** model.json as text (what is downloaded). */
  jsonText: string;
  /** The weight file: every weight's stored bytes in manifest order. */
  weightData: Uint8Array;
  tensors: TfjsTensorReport[];
}

/**
 * The converter's affine range for values in [min, max] (tensorflowjs `_get_affine_quantization_range`):
 * scale = (max − min) / quantMax, and if 0 lies in the range the zero point is rounded to a whole
 * code (ties to even, as numpy) and min moved to −zero point · scale, so that 0 is stored exactly.
 */
export function converterAffineRange(min: number, max: number, quantMax: number): { min: number; scale: number } {
  const scale = (max - min) / quantMax;
  if (!(min <= 0 && 0 <= max)) return { min, scale };
  return { min: -(roundHalfEven(-min / scale) * scale), scale };
}

/**
 * The grid a tensor already lies on, if its distinct values are min + k · step for whole k ≤
 * quantMax (a uniformly quantized tensor: per-tensor int8, int4, ternary…). The step is taken from
 * the closest pair of distinct values and checked against every value to 10⁻³ of a step. When 0
 * is one of the levels, min is written as −k₀ · step so that 0 decodes exactly, as the converter's
 * nudge does. Undefined when there is no such grid (k-means codebooks, float weights).
 */
export function uniformGridOf(values: Float32Array, quantMax: number): { min: number; scale: number } | undefined {
  const distinct = Float64Array.from(new Set(Array.from(values, (v) => v + 0))).sort();
  if (distinct.length < 2 || distinct.length > quantMax + 1) return undefined;
  let gap = Infinity;
  for (let i = 1; i < distinct.length; i++) gap = Math.min(gap, distinct[i] - distinct[i - 1]);
  const lo = distinct[0];
  const hi = distinct[distinct.length - 1];
  const steps = Math.round((hi - lo) / gap);
  if (steps > quantMax) return undefined;
  const scale = (hi - lo) / steps;
  for (const v of distinct) {
    const k = (v - lo) / scale;
    if (Math.abs(k - Math.round(k)) > 1e-3) return undefined;
  }
  const zero = -lo / scale;
  if (lo <= 0 && hi >= 0 && Math.abs(zero - Math.round(zero)) <= 1e-3) return { min: -(Math.round(zero) * scale), scale };
  return { min: lo, scale };
}

/** The value tfjs decodes from code q (io_utils: q · scale + min, stored as float32). */
const decodeAffine = (q: number, min: number, scale: number) => Math.fround(q * scale + min);

function checkFinite(name: string, values: Float32Array, encoding: TfjsWeightEncoding): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`weight ${name} holds ${values[bad]} at index ${bad}; a tensor with non-finite values cannot be stored as ${encoding} (retrain or reload the model first)`);
}

function encodeAffine(w: TfjsWeightIn, values: Float32Array, encoding: 'uint8' | 'uint16', keepGrids: boolean): { entry: TfjsManifestEntry; bytes: Uint8Array; report: TfjsTensorReport } {
  const quantMax = AFFINE_MAX[encoding];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const codes = encoding === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  const grid = keepGrids && values.length > 0 && lo !== hi ? uniformGridOf(values, quantMax) : undefined;
  // One value only: the converter stores zeros with min = that value and scale 1.
  const range = values.length === 0 || lo === hi ? { min: values.length ? lo : 0, scale: 1 } : grid ?? converterAffineRange(lo, hi, quantMax);
  const top = range.min + quantMax * range.scale;
  let maxError = 0;
  values.forEach((v, i) => {
    const q = Math.min(quantMax, Math.max(0, roundHalfEven((Math.min(top, Math.max(range.min, v)) - range.min) / range.scale)));
    codes[i] = q;
    maxError = Math.max(maxError, Math.abs(decodeAffine(q, range.min, range.scale) - v));
  });
  return {
    entry: { name: w.name, shape: w.shape, dtype: 'float32', quantization: { dtype: encoding, min: range.min, scale: range.scale, original_dtype: 'float32' } },
    bytes: new Uint8Array(codes.buffer),
    report: { name: w.name, encoding, bytes: codes.byteLength, step: range.scale, gridKept: grid !== undefined, maxError },
  };
}

function encodeHalf(w: TfjsWeightIn, values: Float32Array): { entry: TfjsManifestEntry; bytes: Uint8Array; report: TfjsTensorReport } {
  const codes = Uint16Array.from(encodeArray('fp16', values));
  const overflow = codes.findIndex((c) => (c & 0x7c00) === 0x7c00);
  if (overflow >= 0) throw new Error(`weight ${w.name} holds ${values[overflow]} at index ${overflow}, beyond ±65,504, the largest float16: store it as float32 or uint16 instead`);
  const back = decodeArray('fp16', codes);
  const maxError = values.reduce((m, v, i) => Math.max(m, Math.abs(back[i] - v)), 0);
  return {
    entry: { name: w.name, shape: w.shape, dtype: 'float32', quantization: { dtype: 'float16', original_dtype: 'float32' } },
    bytes: new Uint8Array(codes.buffer),
    report: { name: w.name, encoding: 'float16', bytes: codes.byteLength, maxError },
  };
}

/** A float32 view of little-endian bytes (copied when unaligned). */
function floatsOf(bytes: Uint8Array): Float32Array {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  return new Float32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
}

/**
 * Builds model.json and its weight file from a model's topology (the Keras JSON tfjs saves as
 * `modelTopology`) and its weights in order. `weightFile` is the name model.json gives the weight
 * file, so that both, saved side by side, load with `tf.loadLayersModel('…/model.json')`.
 * With `keepGrids` (the default) a uint8/uint16 weight whose values already lie on a uniform grid
 * keeps that grid (uniformGridOf) instead of the converter's (max − min)/quantMax: a model
 * quantized in the course is then written without a second rounding. Errors are sentences naming
 * the weight.
 */
export function exportTfjsLayersModel(modelTopology: unknown, weights: readonly TfjsWeightIn[], weightFile: string, { keepGrids = true } = {}): TfjsLayersExport {
  if (typeof modelTopology !== 'object' || modelTopology === null) throw new Error('the model has no topology to write into model.json');
  if (!/^[\w.-]+$/.test(weightFile)) throw new Error(`the weight file name "${weightFile}" must be letters, digits, dots, dashes or underscores`);
  const entries: TfjsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  const tensors: TfjsTensorReport[] = [];
  for (const w of weights) {
    const count = w.shape.reduce((a, b) => a * b, 1);
    const encoding = w.encoding ?? 'float32';
    if (w.dtype !== 'float32' || encoding === 'float32') {
      // Kept as given: the converter quantizes float32 weights only.
      entries.push({ name: w.name, shape: w.shape, dtype: w.dtype });
      parts.push(w.bytes);
      tensors.push({ name: w.name, encoding: 'float32', bytes: w.bytes.length, maxError: 0 });
      continue;
    }
    if (w.bytes.length !== count * 4) throw new Error(`weight ${w.name} of shape [${w.shape}] needs ${count * 4} bytes as float32, got ${w.bytes.length}`);
    const values = floatsOf(w.bytes);
    checkFinite(w.name, values, encoding);
    const out = encoding === 'float16' ? encodeHalf(w, values) : encodeAffine(w, values, encoding, keepGrids);
    entries.push(out.entry);
    parts.push(out.bytes);
    tensors.push(out.report);
  }
  const weightData = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    weightData.set(p, offset);
    offset += p.length;
  }
  const modelJson = {
    format: 'layers-model' as const,
    generatedBy: 'Compression Lab',
    convertedBy: 'Compression Lab tfjs layers export',
    modelTopology,
    weightsManifest: [{ paths: [weightFile], weights: entries }],
  };
  return { modelJson, jsonText: JSON.stringify(modelJson), weightData, tensors };
}
