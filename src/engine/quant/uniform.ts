import { checkParams, type QuantParams } from './params';
import { seededRandom as seededUniform } from '../random';

export type QuantRounding = 'nearest-even' | 'stochastic';

export interface QuantizeOptions {
  /** 'nearest-even' (default): ties go to the even integer. 'stochastic': see roundStochastic. */
  rounding?: QuantRounding;
  /** Seed of the generator used by stochastic rounding (default 1). */
  seed?: number;
}

/** Round to the nearest integer, ties to even (2.5 → 2, 3.5 → 4, −2.5 → −2). */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** A rounding mode turns v into an integer; `random` gives uniform numbers in [0, 1). */
type RoundFn = (v: number, random: () => number) => number;

/**
 * Rounding modes by name. Stochastic rounding is floor(v + u) with u ~ U[0, 1): it rounds up with
 * probability equal to the fractional part, so it is unbiased, E[round(v)] = v.
 */
const roundings: Record<QuantRounding, RoundFn> = {
  'nearest-even': (v) => roundHalfEven(v),
  stochastic: (v, random) => Math.floor(v + random()),
};

function roundingFn(name: string): RoundFn {
  const fn = (roundings as Record<string, RoundFn | undefined>)[name];
  if (!fn) throw new Error(`unknown rounding: ${name} (use ${Object.keys(roundings).join(' or ')})`);
  return fn;
}

/**
 * Shared loop of quantize and quantizePerChannel: out[i] = clamp(round(x[i] / s) + z, qmin, qmax)
 * with the parameters paramsAt(i). Infinities saturate; NaN throws.
 */
export function quantizeInto(
  out: Int32Array,
  x: ArrayLike<number>,
  paramsAt: (i: number) => QuantParams,
  { rounding = 'nearest-even', seed = 1 }: QuantizeOptions = {},
): Int32Array {
  const round = roundingFn(rounding);
  const random = seededUniform(seed);
  let checked: QuantParams | undefined;
  for (let i = 0; i < x.length; i++) {
    const p = paramsAt(i);
    if (p !== checked) checkParams((checked = p));
    const v = x[i];
    if (Number.isNaN(v)) throw new Error(`cannot quantize NaN (at index ${i})`);
    const r = round(v / p.scale, random) + p.zeroPoint;
    out[i] = r < p.qmin ? p.qmin : r > p.qmax ? p.qmax : r;
  }
  return out;
}

/** Shared loop of dequantize and dequantizePerChannel: out[i] = s · (q[i] − z), s, z = paramsAt(i). */
export function dequantizeInto(
  out: Float32Array,
  q: ArrayLike<number>,
  paramsAt: (i: number) => QuantParams,
): Float32Array {
  let checked: QuantParams | undefined;
  for (let i = 0; i < q.length; i++) {
    const p = paramsAt(i);
    if (p !== checked) checkParams((checked = p));
    out[i] = p.scale * (q[i] - p.zeroPoint);
  }
  return out;
}

/**
 * Adding then subtracting 1.5 · 2^52 rounds a double of magnitude below 2^51 to an integer, and
 * the FPU's own rounding is to nearest with ties to even: the hot loop needs no branch for ties.
 */
const ROUND_TO_EVEN = 6755399441055744;

/**
 * The per-tensor, round-to-nearest-even case of quantizeInto, the one every lesson widget runs:
 * clamping x / s to [qmin − z, qmax − z] before rounding gives the same integers (the bounds are
 * integers) and keeps the value in the range where the 1.5 · 2^52 trick is exact.
 */
function quantizeNearestEven(out: Int32Array, x: ArrayLike<number>, { scale, zeroPoint, qmin, qmax }: QuantParams): Int32Array {
  const lo = qmin - zeroPoint;
  const hi = qmax - zeroPoint;
  // No branch in the loop: Math.min/max clamp, and NaN is only noted (a NaN would store 0) and
  // reported after it; a test-and-throw per value halves the loop's speed.
  let nan = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    nan |= +(v !== v);
    // The sum is a whole number in [qmin, qmax]; `| 0` lets V8 store it without a slow conversion.
    out[i] = (Math.min(hi, Math.max(lo, v / scale)) + ROUND_TO_EVEN - ROUND_TO_EVEN + zeroPoint) | 0;
  }
  if (nan) {
    let i = 0;
    while (!Number.isNaN(x[i])) i++;
    throw new Error(`cannot quantize NaN (at index ${i})`);
  }
  return out;
}

/** Checks that a caller's output array fits, or makes one. */
function output<T extends Int32Array | Float32Array>(out: T | undefined, length: number, make: (n: number) => T): T {
  if (out === undefined) return make(length);
  if (out.length !== length) throw new Error(`the output array has ${out.length} elements; ${length} are needed`);
  return out;
}

/**
 * q_i = clamp(round(x_i / scale) + zeroPoint, qmin, qmax), rounding ties to even by default.
 * Infinities saturate to qmin/qmax; NaN throws. Returns a new Int32Array of x's length, or fills
 * `out` (hot loops reuse one array: a fresh 40 MB array costs more in page faults than the maths).
 */
export function quantize(x: ArrayLike<number>, params: QuantParams, options?: QuantizeOptions, out?: Int32Array): Int32Array {
  checkParams(params);
  out = output(out, x.length, (n) => new Int32Array(n));
  if ((options?.rounding ?? 'nearest-even') === 'nearest-even') return quantizeNearestEven(out, x, params);
  return quantizeInto(out, x, () => params, options);
}

/** x̂_i = scale · (q_i − zeroPoint), as float32; into `out` when given. */
export function dequantize(q: ArrayLike<number>, params: QuantParams, out?: Float32Array): Float32Array {
  checkParams(params);
  const { scale, zeroPoint } = params;
  out = output(out, q.length, (n) => new Float32Array(n));
  for (let i = 0; i < q.length; i++) out[i] = scale * (q[i] - zeroPoint);
  return out;
}

/** dequantize(quantize(x)): the float values a quantized tensor stands for ("fake quantization"). */
export function fakeQuant(x: ArrayLike<number>, params: QuantParams, options?: QuantizeOptions): Float32Array {
  return dequantize(quantize(x, params, options), params);
}
