import { decodeArray, encodeArray, FORMATS } from '../formats';

export type CastFormat = 'fp16' | 'bf16' | 'fp8e4m3' | 'fp8e5m2';

const CAST_FORMATS: readonly string[] = ['fp16', 'bf16', 'fp8e4m3', 'fp8e5m2'] satisfies CastFormat[];

/** What the float32 fast path needs to know of a format, derived from its row of the format table. */
interface Float32Cast {
  /** Float32 mantissa bits the format does not have (23 − its mantissa bits). */
  shift: number;
  /** Float32 pattern of the format's smallest normal: below it the spacing is fixed. */
  minNormalBits: number;
  /** Float32 pattern of the largest finite value. */
  maxFiniteBits: number;
  /** What overflow gives: +infinity, or the largest finite value for formats without infinity (E4M3). */
  overflowBits: number;
  /** The subnormals' spacing 2^(emin − m) and its inverse (powers of two: scaling by them is exact). */
  step: number;
  inverseStep: number;
}

const INFINITY_BITS = 0x7f800000;
const NAN_BITS = 0x7fc00000;

const bitsOf = (x: number) => new Uint32Array(Float32Array.of(x).buffer)[0];

const FLOAT32_CASTS = Object.fromEntries(CAST_FORMATS.map((name) => {
  const f = FORMATS[name as CastFormat];
  const c: Float32Cast = {
    shift: 23 - f.mantissaBits,
    minNormalBits: bitsOf(f.minNormal),
    maxFiniteBits: bitsOf(f.maxFinite),
    overflowBits: f.specials === 'ieee' ? INFINITY_BITS : bitsOf(f.maxFinite),
    step: f.minSubnormal,
    inverseStep: 1 / f.minSubnormal,
  };
  return [name, c];
})) as Record<CastFormat, Float32Cast>;

/** 1.5 · 2^52: adding and subtracting it rounds a double of magnitude below 2^51 to an integer, ties to even. */
const ROUND_TO_INTEGER = 1.5 * 2 ** 52;

/**
 * The cast of float32 values on their bit patterns (every format here is a subset of float32, so the
 * result is a float32 pattern too). Above the smallest normal, rounding to nearest even drops `shift`
 * mantissa bits (a carry moves into the exponent, as it should); below it the spacing is fixed and
 * the double arithmetic is exact up to the one rounding to an integer.
 */
function castFloat32(x: Float32Array, c: Float32Cast, out: Float32Array): void {
  const xBits = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const outBits = new Uint32Array(out.buffer, out.byteOffset, out.length);
  const { shift, minNormalBits, maxFiniteBits, overflowBits, step, inverseStep } = c;
  const below = (1 << (shift - 1)) - 1;
  const keep = ~((1 << shift) - 1);
  for (let i = 0; i < x.length; i++) {
    const u = xBits[i];
    const sign = u & 0x80000000;
    const a = u & 0x7fffffff;
    if (a >= minNormalBits) {
      let r = (a + below + ((a >>> shift) & 1)) & keep;
      if (a > INFINITY_BITS) r = NAN_BITS;
      else if (r > maxFiniteBits) r = overflowBits;
      outBits[i] = r | sign;
    } else {
      out[i] = ((Math.abs(x[i]) * inverseStep + ROUND_TO_INTEGER) - ROUND_TO_INTEGER) * step;
      outBits[i] |= sign;
    }
  }
}

/**
 * Each value of x rounded to a narrower float format and widened back to float32: the weights a
 * model stored in that format would hold. Rounding is to nearest, ties to even; overflow gives
 * ±Infinity except in fp8e4m3, which has no infinity and saturates to ±448. NaN stays NaN.
 * A Float32Array takes a fast path on its bit patterns; other inputs (doubles) are rounded once by
 * the generic codec of ../formats. `out` (length ≥ x.length) may be passed to avoid allocating,
 * and may be x itself.
 */
export function castTensor(x: ArrayLike<number>, format: CastFormat, out: Float32Array = new Float32Array(x.length)): Float32Array {
  if (!CAST_FORMATS.includes(format)) {
    throw new Error(`unknown cast format: ${format} (use ${CAST_FORMATS.join(', ')})`);
  }
  if (out.length < x.length) throw new Error(`castTensor: out has ${out.length} slots for ${x.length} values`);
  if (x instanceof Float32Array) castFloat32(x, FLOAT32_CASTS[format], out);
  else out.set(decodeArray(format, encodeArray(format, x)));
  return out;
}
