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
 * q_i = clamp(round(x_i / scale) + zeroPoint, qmin, qmax), rounding ties to even by default.
 * Infinities saturate to qmin/qmax; NaN throws. Returns a new Int32Array of x's length.
 */
export function quantize(x: ArrayLike<number>, params: QuantParams, options?: QuantizeOptions): Int32Array {
  checkParams(params);
  return quantizeInto(new Int32Array(x.length), x, () => params, options);
}

/** x̂_i = scale · (q_i − zeroPoint), as float32. */
export function dequantize(q: ArrayLike<number>, params: QuantParams): Float32Array {
  checkParams(params);
  return dequantizeInto(new Float32Array(q.length), q, () => params);
}

/** dequantize(quantize(x)): the float values a quantized tensor stands for ("fake quantization"). */
export function fakeQuant(x: ArrayLike<number>, params: QuantParams, options?: QuantizeOptions): Float32Array {
  return dequantize(quantize(x, params, options), params);
}
