/**
 * Uniform (linear) quantization parameters: the map between real numbers r and integers q,
 *
 *     r = scale · (q − zeroPoint),   q ∈ [qmin, qmax]        (Jacob et al. 2018, eq. 1)
 *
 * Two schemes (Krishnamoorthi 2018, §2.1–2.2):
 * - affine (asymmetric): the range [min, max] is first stretched to include 0, then
 *   scale = (max − min) / (qmax − qmin) and zeroPoint = round(qmin − min / scale), an integer in
 *   [qmin, qmax]. Because the zero point is an integer, real 0 is represented exactly (zero
 *   padding and ReLU zeros cost no error). Rounding the zero point shifts the represented range
 *   by less than scale / 2 ("nudging", as TensorFlow's FakeQuant does).
 * - symmetric: zeroPoint = 0. Signed: scale = max(|min|, |max|) / qmax, so ±absmax map to ±qmax
 *   (with 8 bits and no narrow range, −128 exists but is never produced from in-range values).
 *   Unsigned (one-sided data such as ReLU outputs): scale = max / qmax and negatives clip to 0.
 */

export interface QuantOptions {
  /** Zero point fixed at 0 (default false: affine). */
  symmetric?: boolean;
  /** Signed integers −2^(b−1)…2^(b−1)−1; default: true for symmetric, false for affine. */
  signed?: boolean;
  /** Give up the lowest integer (−128 → −127 for int8, 0 → 1 for uint8) so the grid is symmetric. */
  narrowRange?: boolean;
}

export interface QuantParams {
  /** Real value of one integer step (same unit as the data), always > 0 and finite. */
  scale: number;
  /** The integer that represents real 0. */
  zeroPoint: number;
  qmin: number;
  qmax: number;
  /** Set when the range was degenerate and a fallback scale was used; explains what happened. */
  warning?: string;
}

/** Smallest scale used: the smallest normal float32, so scale survives a Float32Array. */
export const MIN_SCALE = 2 ** -126;

/** Throws unless bits is a whole number in 2..16. */
export function checkBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < 2 || bits > 16) {
    throw new Error(
      `bits must be a whole number from 2 to 16 (got ${bits}); ` +
        'for 1 bit use binarize(), for 3 levels ternarize()',
    );
  }
}

/** The integer range [qmin, qmax] for a bit width. */
export function integerRange(
  bits: number,
  signed: boolean,
  narrowRange = false,
): { qmin: number; qmax: number } {
  checkBits(bits);
  const qmin = signed ? -(2 ** (bits - 1)) : 0;
  const qmax = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  return { qmin: narrowRange ? qmin + 1 : qmin, qmax };
}

function checkFinite(name: string, v: number): void {
  if (Number.isNaN(v)) throw new Error(`${name} is NaN; the range must be two finite numbers`);
  if (!Number.isFinite(v)) throw new Error(`${name} is ${v}; the range must be two finite numbers`);
}

/**
 * Scale and zero point for quantizing values in [min, max] to `bits`-bit integers.
 * Degenerate ranges never give a zero, subnormal or NaN scale: an all-zero range gets scale 1,
 * a range too narrow for float32 gets MIN_SCALE; both set `warning`.
 */
export function quantParams(
  min: number,
  max: number,
  bits: number,
  { symmetric = false, signed = symmetric, narrowRange = false }: QuantOptions = {},
): QuantParams {
  checkFinite('min', min);
  checkFinite('max', max);
  if (min > max) throw new Error(`min (${min}) is greater than max (${max})`);
  if (symmetric && !signed && narrowRange) {
    throw new Error('narrowRange with unsigned symmetric integers would drop 0 itself; use signed or affine');
  }
  const { qmin, qmax } = integerRange(bits, signed, narrowRange);
  const warnings: string[] = [];
  let span: number;
  if (symmetric) {
    span = signed ? Math.max(Math.abs(min), Math.abs(max)) : Math.max(max, 0);
    if (!signed && min < 0) warnings.push(`negative values (down to ${min}) clip to 0 with unsigned symmetric integers`);
  } else {
    span = Math.max(max, 0) - Math.min(min, 0);
  }
  const steps = symmetric ? qmax : qmax - qmin;
  let scale = span / steps;
  if (span === 0) {
    scale = 1;
    warnings.push('the range to cover holds only 0, so any scale works; using scale 1');
  } else if (!(scale >= MIN_SCALE)) {
    scale = MIN_SCALE;
    warnings.push(`the range (${span}) is too narrow for a float32 scale; using scale 2^-126`);
  }
  const zeroPoint = symmetric
    ? 0
    : Math.min(qmax, Math.max(qmin, Math.round(qmin - Math.min(min, 0) / scale)));
  const params: QuantParams = { scale, zeroPoint, qmin, qmax };
  if (warnings.length > 0) params.warning = warnings.join('; ');
  return params;
}

/** Throws unless params describe a usable quantizer (finite positive scale, integer range). */
export function checkParams({ scale, zeroPoint, qmin, qmax }: QuantParams): void {
  if (!(scale > 0 && Number.isFinite(scale))) throw new Error(`scale must be positive and finite (got ${scale})`);
  if (!Number.isInteger(qmin) || !Number.isInteger(qmax) || qmin > qmax) {
    throw new Error(`qmin..qmax must be whole numbers with qmin ≤ qmax (got ${qmin}..${qmax})`);
  }
  if (!Number.isInteger(zeroPoint)) throw new Error(`zeroPoint must be a whole number (got ${zeroPoint})`);
}
