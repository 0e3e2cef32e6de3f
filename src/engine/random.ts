/**
 * Seeded pseudo-random numbers (mulberry32), so a seed in a URL or a script reproduces a run.
 * Not cryptographic. Pruning baselines, k-means initialisation, stochastic rounding, training
 * shuffles and the tests all draw from here.
 */

/** A generator of uniform uint32s from `seed`. */
export function seededUint32(seed: number): () => number {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A generator of uniform numbers in [0, 1) from `seed`. */
export function seededRandom(seed: number): () => number {
  const next = seededUint32(seed);
  return () => next() / 4294967296;
}

/** Picks `count` distinct integers from [0, n) with a partial Fisher–Yates shuffle; O(n). */
export function sampleIndices(n: number, count: number, random: () => number): Uint32Array {
  const pool = new Uint32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.subarray(0, count);
}
