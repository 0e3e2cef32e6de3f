/**
 * A small seeded pseudo-random generator (mulberry32), so a seed in a URL reproduces a run.
 * Returns a function giving uniform numbers in [0, 1). Internal to the engine (not exported
 * from the package index): pruning and clustering share it.
 */
export function seededRandom(seed: number): () => number {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
