import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type KMeansInit, initialCentroids, kmeans1d } from './kmeans1d';
import { seededRandom } from '../random';

/** Textbook O(n·k) Lloyd: nearest centre (ties to the lower index), then means; stop when no label changes. */
function naiveLloyd(values: Float32Array, start: Float64Array, maxIterations = 1000) {
  const c = start.slice();
  const nearest = (v: number, centres: ArrayLike<number>) => {
    let best = 0;
    for (let j = 1; j < centres.length; j++) if (Math.abs(v - centres[j]) < Math.abs(v - centres[best])) best = j;
    return best;
  };
  let labels = new Int32Array(values.length).fill(-1);
  let iterations = 0;
  for (;;) {
    const next = Int32Array.from(values, (v) => nearest(v, c));
    if (next.every((l, i) => l === labels[i]) || iterations === maxIterations) break;
    labels = next;
    const sums = new Float64Array(c.length);
    const counts = new Float64Array(c.length);
    values.forEach((v, i) => {
      sums[labels[i]] += v;
      counts[labels[i]]++;
    });
    c.forEach((_, j) => counts[j] > 0 && (c[j] = sums[j] / counts[j]));
    iterations++;
  }
  // Report centres in ascending order (stable, so equal centres keep their index order).
  const order = Array.from(c.keys()).sort((a, b) => c[a] - c[b] || a - b);
  const rank = new Int32Array(c.length);
  order.forEach((j, r) => (rank[j] = r));
  const centroids = Float32Array.from(c);
  return {
    centroids: Float32Array.from(order, (j) => centroids[j]),
    labels: Array.from(values, (v) => rank[nearest(v, centroids)]),
    iterations,
  };
}

function sumOfSquares(values: Float32Array, centroids: Float32Array, labels: ArrayLike<number>): number {
  let s = 0;
  values.forEach((v, i) => (s += (v - centroids[labels[i]]) ** 2));
  return s;
}

/** Bell-shaped weights like a trained layer's (sum of uniforms), from a seed. */
function gaussianish(n: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: n }, () => (random() + random() + random() - 1.5) * 0.1);
}

const INITS: KMeansInit[] = ['linear', 'density', 'random'];

describe('kmeans1d', () => {
  // Seeded: a value that falls exactly halfway between two centroids may be assigned to either
  // side (midpoint search versus distance comparison round differently), and from then on the two
  // runs may diverge. Such exact ties are rare; a fixed seed keeps the check free of them.
  it('gives the same result as a naive O(n·k) Lloyd from the same start', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 40 }), fc.constantFrom(...INITS), fc.boolean(), (seed, k, init, integers) => {
        const values = integers ? Float32Array.from(gaussianish(500, seed), (v) => Math.round(v * 100)) : gaussianish(500, seed);
        const fast = kmeans1d(values, k, { init, seed });
        const slow = naiveLloyd(values, initialCentroids(values, k, init, seed));
        expect(fast.iterations).toBe(slow.iterations);
        expect(Array.from(fast.labels)).toEqual(slow.labels);
        fast.centroids.forEach((c, j) => expect(c).toBeCloseTo(slow.centroids[j], 6));
        expect(fast.converged).toBe(true);
      }),
      { numRuns: 60, seed: 20261124 },
    );
  });

  it('never increases the within-cluster sum of squares from one iteration to the next', () => {
    for (const init of INITS) {
      const values = gaussianish(3000, 11);
      let previous = Infinity;
      for (let t = 1; t <= 30; t++) {
        const { centroids, labels } = kmeans1d(values, 16, { init, seed: 3, maxIterations: t });
        const sse = sumOfSquares(values, centroids, labels);
        expect(sse).toBeLessThanOrEqual(previous * (1 + 1e-9));
        previous = sse;
      }
    }
  });

  it('starts from evenly spaced values (linear) or evenly spaced quantiles (density)', () => {
    const values = Float32Array.of(0, 1, 1, 1, 1, 2, 10);
    expect(Array.from(initialCentroids(values, 3, 'linear'))).toEqual([0, 5, 10]);
    // (j + ½)/3 quantiles of 7 sorted values: indices ⌊7/6⌋ = 1, ⌊7/2⌋ = 3, ⌊35/6⌋ = 5.
    expect(Array.from(initialCentroids(values, 3, 'density'))).toEqual([1, 1, 2]);
    const random = initialCentroids(values, 3, 'random', 42);
    expect(new Set(random).size).toBe(3);
    random.forEach((c) => expect([0, 1, 2, 10]).toContain(c));
  });

  it('returns the mean for k = 1', () => {
    const values = Float32Array.of(1, 2, 3, 10);
    for (const init of INITS) {
      const { centroids, labels } = kmeans1d(values, 1, { init });
      expect(Array.from(centroids)).toEqual([4]);
      expect(Array.from(labels)).toEqual([0, 0, 0, 0]);
    }
  });

  it('finds well-separated groups exactly', () => {
    const values = Float32Array.of(10, -5, 10.5, -5.5, 0.25, 9.5, -4.5, -0.25);
    const { centroids, labels } = kmeans1d(values, 3, { init: 'linear' });
    expect(Array.from(centroids)).toEqual([-5, 0, 10]);
    expect(Array.from(labels)).toEqual([2, 0, 2, 0, 1, 2, 0, 1]);
  });

  it('shrinks k to the number of distinct values and says so', () => {
    const result = kmeans1d(Float32Array.of(3, 3, 7, 7, 7), 4, { init: 'density' });
    expect(result.warning).toBe('k = 4 is more than the 2 distinct values; using k = 2');
    expect(Array.from(result.centroids)).toEqual([3, 7]);
    expect(kmeans1d(Float32Array.of(1, 2), 2, { init: 'linear' }).warning).toBeUndefined();
  });

  it('uses 8-bit labels up to 256 clusters and 16-bit labels above', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => i);
    expect(kmeans1d(values, 256, { init: 'linear' }).labels).toBeInstanceOf(Uint8Array);
    expect(kmeans1d(values, 300, { init: 'linear' }).labels).toBeInstanceOf(Uint16Array);
  });

  it('reports whether it stopped early', () => {
    const result = kmeans1d(gaussianish(2000, 5), 32, { init: 'linear', maxIterations: 1 });
    expect(result).toMatchObject({ iterations: 1, converged: false });
  });

  it('rejects empty input, NaN, infinities, bad k and unknown inits with clear messages', () => {
    const values = Float32Array.of(1, 2, 3);
    expect(() => kmeans1d(new Float32Array(0), 2, { init: 'linear' })).toThrow('cannot cluster an empty set of values');
    expect(() => kmeans1d(Float32Array.of(1, NaN), 1, { init: 'linear' })).toThrow('value 1 is NaN; k-means needs finite numbers');
    expect(() => kmeans1d(Float32Array.of(Infinity), 1, { init: 'linear' })).toThrow(/value 0 is Infinity/);
    expect(() => kmeans1d(values, 0, { init: 'linear' })).toThrow('k must be a whole number ≥ 1, got 0');
    expect(() => kmeans1d(values, 2.5, { init: 'linear' })).toThrow(/got 2.5/);
    expect(() => kmeans1d(values, 2, { init: 'kmeans++' as KMeansInit })).toThrow('unknown init: kmeans++');
    expect(() => kmeans1d(values, 2, { init: 'linear', maxIterations: 0 })).toThrow(/maxIterations/);
  });

  // Its time is measured by `npm run bench -- engine` (kmeans1d), not asserted here.
  it('converges on 235k weights in 32 groups', () => {
    const values = gaussianish(235_200, 1);
    const { iterations, converged } = kmeans1d(values, 32, { init: 'linear' });
    expect(converged).toBe(true);
    expect(iterations).toBeGreaterThan(0);
  });
});
