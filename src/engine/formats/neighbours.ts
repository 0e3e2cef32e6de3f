/**
 * A value between its neighbours: the two representable values around any double, and the
 * picture float.exposed draws of a stored value inside its binade.
 */
import { decode, encode, nextDown, nextUp } from './codec';
import { exponentOf, pow2 } from './pow2';
import { getFormat } from './table';

/** The representable values on either side of x. */
export interface Bracket {
  /** The largest representable value ≤ x (x itself when the format holds it). */
  below: number;
  /** The smallest representable value ≥ x (x itself when the format holds it). */
  above: number;
  /** Of below and above, the one nearer zero, and the other one. */
  towardZero: number;
  awayFromZero: number;
  /**
   * How far x lies from towardZero to awayFromZero, |x − towardZero| / |awayFromZero − towardZero|,
   * in [0, 1); 0 when x is representable. Exact: x − towardZero is (towardZero is 0 or within a
   * factor 2 of x) and the gap is a power of two (or 1 for integers), so
   * towardZero + position · (awayFromZero − towardZero) = x with no rounding.
   */
  position: number;
}

/** Whether x lies between the format's smallest and largest finite values (NaN does not). */
export function withinRange(name: string, x: number): boolean {
  const f = getFormat(name);
  return f.kind === 'int' ? x >= f.min && x <= f.max : Math.abs(x) <= f.maxFinite;
}

/**
 * The two representable values that enclose x, for x within the format's range (throws
 * otherwise: beyond the largest finite value there is no neighbour on the far side to name).
 */
export function bracket(name: string, x: number): Bracket {
  if (!withinRange(name, x)) throw new Error(`${x} is outside the range of ${name}: it has no neighbours on both sides`);
  const bits = encode(name, x);
  const stored = decode(name, bits);
  if (stored === x) return { below: x, above: x, towardZero: x, awayFromZero: x, position: 0 };
  const below = stored < x ? stored : decode(name, nextDown(name, bits));
  const above = stored > x ? stored : decode(name, nextUp(name, bits));
  const [towardZero, awayFromZero] = x > 0 ? [below, above] : [above, below];
  return { below, above, towardZero, awayFromZero, position: (x - towardZero) / (awayFromZero - towardZero) };
}

/** The binade a float value lies in: [2^e, 2^(e+1)) or, for zeros and subnormals, [0, 2^emin), mirrored for negatives. */
export interface Binade {
  /** The lower and upper end, in value order (lo < hi). Negative binades run from −2^(e+1) to −2^e. */
  lo: number;
  hi: number;
  /** e for a normal binade; undefined for the subnormal range. */
  exponent?: number;
  /** The gap between neighbouring values throughout the binade. */
  spacing: number;
  /** How many finite values the binade holds (2^mantissaBits, fewer in E4M3's top binade). */
  count: number;
}

/** What a number line around a stored value shows. */
export interface NumberLine {
  stored: number;
  /** The next lower and higher representable values, undefined at the ends of the format. */
  below?: number;
  above?: number;
  /** The gaps to them (different on either side of a power of two). */
  gapBelow?: number;
  gapAbove?: number;
  /** Floats only. */
  binade?: Binade;
  /**
   * Where a typed value falls, as a signed fraction of the gap on its side: −0.25 is a quarter of
   * the way down to `below`. Round to nearest keeps it within ±0.5. Undefined without a typed value.
   */
  typedOffset?: number;
}

/**
 * The number line of the pattern `bits`: its value, its neighbours and gaps, its binade, and where
 * `typed` (the number that was rounded to it) falls. Undefined for infinities and NaN.
 */
export function numberLine(name: string, bits: bigint, typed?: number): NumberLine | undefined {
  const f = getFormat(name);
  const stored = decode(name, bits);
  if (!Number.isFinite(stored)) return undefined;
  const down = nextDown(name, bits);
  const up = nextUp(name, bits);
  const neighbour = (p: bigint) => (p === bits ? undefined : decode(name, p));
  const below = neighbour(down);
  const above = neighbour(up);
  const line: NumberLine = {
    stored, below, above,
    gapBelow: below === undefined || !Number.isFinite(below) ? undefined : stored - below,
    gapAbove: above === undefined || !Number.isFinite(above) ? undefined : above - stored,
  };
  if (f.kind === 'float') {
    const a = Math.abs(stored);
    const subnormal = a < f.minNormal;
    const e = subnormal ? f.emin : exponentOf(a);
    const start = subnormal ? 0 : pow2(e);
    const end = pow2(e + 1) > f.maxFinite && !subnormal ? f.maxFinite : undefined;
    const spacing = pow2(e - f.mantissaBits);
    const count = end === undefined ? 2 ** f.mantissaBits : (end - start) / spacing + 1;
    const width = subnormal ? f.minNormal : pow2(e);
    const negative = stored < 0 || Object.is(stored, -0);
    line.binade = {
      lo: negative ? -(start + width) : start, hi: negative ? -start : start + width,
      exponent: subnormal ? undefined : e, spacing, count,
    };
  }
  if (typed !== undefined && Number.isFinite(typed)) {
    const gap = typed >= stored ? line.gapAbove : line.gapBelow;
    line.typedOffset = typed === stored ? 0 : gap === undefined ? undefined : (typed - stored) / gap;
  }
  return line;
}
