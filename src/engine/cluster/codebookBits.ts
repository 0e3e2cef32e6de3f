/**
 * How many cluster bits a layer can use: a b-bit codebook holds 2^b float32 centroids (32 · 2^b
 * bits) and saves at most 32 − b bits on each of the layer's kept weights. The rule used for the
 * course's recipes: the codebook may cost no more than the b-bit indices of the kept weights,
 * 32 · 2^b ≤ kept · b. Beyond that the codebook outweighs the indices it serves, and a layer with
 * fewer kept weights than centroids leaves clusters empty. Han, Mao & Dally's 8-bit convolutions
 * (2016, Table 3) keep thousands of weights; LeNet-5 here keeps 99 in conv1 (3 bits) and 288 in
 * conv2 (5 bits).
 */

/** The largest b in 0 … maxBits with 32 · 2^b ≤ kept · b (0 when even 1 bit does not pay). */
export function maxClusterBits(kept: number, maxBits = 8): number {
  if (!Number.isInteger(kept) || kept < 0) throw new Error(`kept weights must be a whole number ≥ 0, got ${kept}`);
  let best = 0;
  for (let b = 1; b <= maxBits; b++) if (32 * 2 ** b <= kept * b) best = b;
  return best;
}
