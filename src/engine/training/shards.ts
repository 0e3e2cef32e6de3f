// Data parallelism's arithmetic: cutting a batch into one shard per worker, and averaging the
// shards' gradients back into the whole batch's gradient.

/**
 * Where each of `workers` shards of a batch of `batch` examples starts and ends ([start, end),
 * start of shard k = ⌊k·batch/workers⌋), so shard sizes differ by at most one.
 */
export function shardBounds(batch: number, workers: number): [number, number][] {
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`the number of workers must be a whole number of at least 1 (got ${workers})`);
  if (!Number.isInteger(batch) || batch < workers) throw new Error(`a batch of ${batch} cannot be split over ${workers} workers`);
  const start = (k: number) => Math.floor((k * batch) / workers);
  return Array.from({ length: workers }, (_, k) => [start(k), start(k + 1)]);
}

/**
 * The whole batch's mean gradient from each shard's mean gradient: Σₖ sizeₖ·gₖ / Σₖ sizeₖ, summed
 * in float64 and rounded once to float32. (The mean loss of the batch is the size-weighted mean of
 * the shards' mean losses, and so is its gradient.)
 */
export function averageShardGradients(gradients: readonly Float32Array[], sizes: readonly number[]): Float32Array {
  if (gradients.length === 0 || gradients.length !== sizes.length) throw new Error(`need one shard size per gradient (got ${gradients.length} gradients and ${sizes.length} sizes)`);
  const length = gradients[0].length;
  if (gradients.some((g) => g.length !== length)) throw new Error('every shard gradient must have the same length');
  if (sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new Error(`shard sizes must be whole numbers of at least 1 (got ${sizes.join(', ')})`);
  const total = sizes.reduce((a, b) => a + b, 0);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    let sum = 0;
    for (let k = 0; k < gradients.length; k++) sum += sizes[k] * gradients[k][i];
    out[i] = sum / total;
  }
  return out;
}

/** Largest |a[i] − b[i]| of two arrays of the same length (0 for empty ones). */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cannot compare arrays of ${a.length} and ${b.length} values`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
