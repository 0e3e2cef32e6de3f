import { describe, expect, it } from 'vitest';
import { averageShardGradients, maxAbsDifference, shardBounds } from './shards';

describe('shardBounds', () => {
  it('cuts 10 examples over 4 workers into 2, 3, 2 and 3', () => {
    expect(shardBounds(10, 4)).toEqual([[0, 2], [2, 5], [5, 7], [7, 10]]);
  });

  it('gives one worker the whole batch and equal shards when the batch divides', () => {
    expect(shardBounds(7, 1)).toEqual([[0, 7]]);
    expect(shardBounds(64, 2)).toEqual([[0, 32], [32, 64]]);
  });

  it('names a batch smaller than the workers and 0 workers', () => {
    expect(() => shardBounds(3, 4)).toThrow('a batch of 3 cannot be split over 4 workers');
    expect(() => shardBounds(3, 0)).toThrow(/whole number of at least 1 \(got 0\)/);
  });
});

describe('averageShardGradients', () => {
  it('weights each shard by its size (hand-computed: shards of 1 and 3 examples)', () => {
    // (1·[4, −2] + 3·[0, 2]) / 4 = [1, 1]
    expect(Array.from(averageShardGradients([Float32Array.of(4, -2), Float32Array.of(0, 2)], [1, 3]))).toEqual([1, 1]);
  });

  it('is the plain mean for equal shards', () => {
    expect(Array.from(averageShardGradients([Float32Array.of(1, 2, 3), Float32Array.of(3, 4, 5)], [5, 5]))).toEqual([2, 3, 4]);
  });

  it('equals the gradient of the whole batch for a mean of per-example gradients', () => {
    const perExample = [[1, 0.5], [3, -1], [-2, 2], [0.25, 4], [5, 1]].map((g) => Float32Array.from(g));
    const mean = (gs: Float32Array[]) => Float32Array.from([0, 1], (i) => gs.reduce((s, g) => s + g[i], 0) / gs.length);
    const whole = mean(perExample);
    const shards = shardBounds(5, 2).map(([a, b]) => perExample.slice(a, b));
    const avg = averageShardGradients(shards.map(mean), shards.map((s) => s.length));
    expect(maxAbsDifference(avg, whole)).toBeLessThan(1e-6);
  });

  it('names mismatched inputs', () => {
    expect(() => averageShardGradients([Float32Array.of(1)], [1, 2])).toThrow(/one shard size per gradient/);
    expect(() => averageShardGradients([Float32Array.of(1), Float32Array.of(1, 2)], [1, 1])).toThrow(/same length/);
    expect(() => averageShardGradients([Float32Array.of(1)], [0])).toThrow(/at least 1 \(got 0\)/);
  });
});

describe('maxAbsDifference', () => {
  it('is the largest absolute difference', () => {
    expect(maxAbsDifference([1, 2, 3], [1, 2.5, 2])).toBe(1);
    expect(() => maxAbsDifference([1], [1, 2])).toThrow(/1 and 2 values/);
  });
});
