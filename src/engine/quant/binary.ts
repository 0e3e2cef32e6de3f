/**
 * 1-bit and 2-bit (three-level) weights with one real scale α per tensor.
 */

function meanAbs(x: ArrayLike<number>, what: string): number {
  if (x.length === 0) throw new Error(`cannot ${what} an empty tensor`);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`cannot ${what} ${x[i]} (at index ${i})`);
    s += Math.abs(x[i]);
  }
  return s / x.length;
}

/**
 * Binary weights: b_i = α · sign(x_i) with α = mean |x_i|, the α that minimises Σ(x_i − α·sign(x_i))²
 * (Rastegari et al. 2016, XNOR-Net). sign(0) = +1, so every weight takes one of the two levels ±α.
 */
export function binarize(x: ArrayLike<number>): { values: Float32Array; alpha: number } {
  const alpha = meanAbs(x, 'binarize');
  const values = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) values[i] = x[i] < 0 ? -alpha : alpha;
  return { values, alpha };
}

/**
 * Ternary weights (Li & Liu 2016, Ternary Weight Networks): t_i = α · sign(x_i) if |x_i| > Δ, else 0,
 * with threshold Δ = thresholdFactor · mean |x| (the paper's approximation uses 0.7) and
 * α = mean of |x_i| over the weights above the threshold (0 when none is, i.e. x is all zeros).
 */
export function ternarize(
  x: ArrayLike<number>,
  { thresholdFactor = 0.7 }: { thresholdFactor?: number } = {},
): { values: Float32Array; alpha: number; delta: number } {
  if (!(thresholdFactor >= 0 && Number.isFinite(thresholdFactor))) {
    throw new Error(`thresholdFactor must be a finite number ≥ 0 (got ${thresholdFactor})`);
  }
  const delta = thresholdFactor * meanAbs(x, 'ternarize');
  let sum = 0;
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i]) > delta) {
      sum += Math.abs(x[i]);
      count++;
    }
  }
  const alpha = count > 0 ? sum / count : 0;
  const values = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    values[i] = Math.abs(x[i]) > delta ? Math.sign(x[i]) * alpha : 0;
  }
  return { values, alpha, delta };
}
