/**
 * Stochastic rounding: round to one of the two neighbouring values at random, up with probability
 * equal to how far x lies towards the upper one. Its expected value is x itself, so many small
 * additions that round-to-nearest would drop survive on average (Gupta et al. 2015).
 */
import { decode, encode } from './codec';
import { bracket, withinRange, type Bracket } from './neighbours';
import { seededRandom } from '../random';

/**
 * x rounded stochastically to the format: to its neighbour away from zero with probability
 * `position` (how far x lies towards it, see `bracket`), else to the one towards zero, drawing one number from `random` (uniform in [0, 1)) unless x is
 * representable. E[result] = x exactly for an exact uniform source. NaN and values outside the
 * format's finite range round as `encode` does (there is no neighbour beyond the end to choose).
 */
export function roundStochastic(name: string, x: number, random: () => number): number {
  return withinRange(name, x) ? chooseNeighbour(bracket(name, x), random) : decode(name, encode(name, x));
}

function chooseNeighbour({ towardZero, awayFromZero, position }: Bracket, random: () => number): number {
  if (position === 0) return towardZero;
  return random() < position ? awayFromZero : towardZero;
}

/**
 * A running sum held in the format: start, then `steps` times sum ← round(sum + increment), where
 * the addition is done in fp64 and rounded to the format to nearest (no `random`) or
 * stochastically (with `random`). Returns the sums after 0, 1, …, steps additions.
 */
export function repeatedSum(name: string, start: number, increment: number, steps: number, random?: () => number): Float64Array {
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`steps must be a whole number ≥ 0, got ${steps}`);
  // A sum revisits the same few values, so each one's rounding (or its neighbours) is worked out once.
  const memo = new Map<number, Bracket | number>();
  const round = (v: number): number => {
    if (Object.is(v, -0)) return decode(name, encode(name, v));
    let m = memo.get(v);
    if (m === undefined) {
      m = random && withinRange(name, v) ? bracket(name, v) : decode(name, encode(name, v));
      memo.set(v, m);
    }
    return typeof m === 'number' ? m : chooseNeighbour(m, random!);
  };
  const sums = new Float64Array(steps + 1);
  sums[0] = round(start);
  for (let k = 1; k <= steps; k++) sums[k] = round(sums[k - 1] + increment);
  return sums;
}

/** One experiment of repeated additions: the exact sums and the format's, rounded both ways. */
export interface RepeatedSums {
  /** start + k · increment in fp64, k = 0 … steps: what the sum should be. */
  exact: Float64Array;
  nearest: Float64Array;
  /** One run of stochastic rounding per seed, seed, seed + 1, …. */
  stochastic: Float64Array[];
  /** The mean of the stochastic runs after each step. */
  stochasticMean: Float64Array;
}

/** repeatedSum to nearest and `runs` times stochastically (seeds seed … seed + runs − 1), beside the exact sums. */
export function compareRepeatedSums(name: string, start: number, increment: number, steps: number, seed: number, runs: number): RepeatedSums {
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a whole number ≥ 1, got ${runs}`);
  const exact = Float64Array.from({ length: steps + 1 }, (_, k) => start + k * increment);
  const stochastic = Array.from({ length: runs }, (_, r) => repeatedSum(name, start, increment, steps, seededRandom(seed + r)));
  const stochasticMean = exact.map((_, k) => stochastic.reduce((sum, run) => sum + run[k], 0) / runs);
  return { exact, nearest: repeatedSum(name, start, increment, steps), stochastic, stochasticMean };
}
