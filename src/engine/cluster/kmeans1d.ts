/**
 * One-dimensional k-means for weight sharing (Han, Mao & Dally 2016, §3): group the weights of
 * a layer into k clusters and replace each by its cluster's centroid, minimising the
 * within-cluster sum of squares Σ_j Σ_{w ∈ c_j} (w − c_j)².
 *
 * In one dimension every cluster is a contiguous run of the sorted values, bounded by the
 * midpoints between neighbouring centroids. So after one (radix) sort and a prefix sum, each Lloyd
 * iteration finds the k − 1 boundaries by binary search and each mean by two lookups:
 * O(k log n) per iteration instead of O(n · k).
 */
import { sampleIndices, seededRandom } from '../random';
import { sortFloat32 } from '../prune/sortFloat32';

export type KMeansInit = 'linear' | 'density' | 'random';

export interface KMeansOptions {
  init: KMeansInit;
  /** Seed for 'random' initialisation (default 0). */
  seed?: number;
  /** Upper limit on Lloyd iterations (default 1000). */
  maxIterations?: number;
}

export interface KMeansResult {
  /** Cluster centres, ascending. Length k (or the number of distinct values if fewer). */
  centroids: Float32Array;
  /** Cluster of each input value (nearest centroid; ties go to the lower centroid). */
  labels: Uint8Array | Uint16Array;
  /** Lloyd iterations (assign + update) performed. */
  iterations: number;
  /** False if maxIterations stopped it before the labels settled. */
  converged: boolean;
  /** Set when k was reduced to the number of distinct values. */
  warning?: string;
}

/** Values sorted ascending, and how many distinct values there are. */
function sortValues(values: Float32Array) {
  if (values.length === 0) throw new Error('cannot cluster an empty set of values');
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`value ${i} is ${values[i]}; k-means needs finite numbers`);
  }
  const sorted = sortFloat32(values);
  let distinct = 1;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  return { sorted, distinct };
}

/** The distinct values of an ascending array. */
function distinctValues(sorted: Float32Array, count: number): Float32Array {
  const out = new Float32Array(count);
  out[0] = sorted[0];
  for (let i = 1, j = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) out[j++] = sorted[i];
  return out;
}

/** The three initialisations compared in Deep Compression (Fig. 4); each returns k ascending centres. */
const INITS: Record<KMeansInit, (sorted: Float32Array, distinct: number, k: number, seed: number) => Float64Array> = {
  /** Evenly spaced between min and max (k = 1: their midpoint). */
  linear: (sorted, _d, k) => {
    const min = sorted[0];
    const max = sorted[sorted.length - 1];
    return Float64Array.from({ length: k }, (_, j) => (k === 1 ? (min + max) / 2 : min + ((max - min) * j) / (k - 1)));
  },
  /**
   * Evenly spaced on the cumulative distribution: the (j + ½)/k quantiles of the values. With
   * many repeated values two centres can coincide; the upper one then stays empty.
   */
  density: (sorted, _d, k) => Float64Array.from({ length: k }, (_, j) => sorted[Math.min(sorted.length - 1, Math.floor(((j + 0.5) / k) * sorted.length))]),
  /** k distinct values picked at random (seeded). */
  random: (sorted, distinct, k, seed) => {
    const values = distinctValues(sorted, distinct);
    return Float64Array.from(sampleIndices(distinct, k, seededRandom(seed)), (i) => values[i]).sort();
  },
};

/** Checks k against the data; returns the k to use and a warning if it had to shrink. */
function effectiveK(k: number, distinct: number): { k: number; warning?: string } {
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a whole number ≥ 1, got ${k}`);
  if (k > 65536) throw new Error(`k = ${k} is too large; at most 65536 clusters (16-bit labels)`);
  if (k <= distinct) return { k };
  return { k: distinct, warning: `k = ${k} is more than the ${distinct} distinct values; using k = ${distinct}` };
}

/** Sorts the values, settles k and places the initial centres. */
function prepare(values: Float32Array, k: number, init: KMeansInit, seed: number) {
  const initImpl = INITS[init];
  if (!initImpl) throw new Error(`unknown init: ${init}`);
  const { sorted, distinct } = sortValues(values);
  const chosen = effectiveK(k, distinct);
  return { sorted, chosen, centres: initImpl(sorted, distinct, chosen.k, seed) };
}

/** Initial centres for `values` (the same ones kmeans1d starts from). */
export function initialCentroids(values: Float32Array, k: number, init: KMeansInit, seed = 0): Float64Array {
  return prepare(values, k, init, seed).centres;
}

/** First index i of the ascending `sorted` with sorted[i] > x. */
function upperBound(sorted: Float32Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Upper edge of each cluster but the last (cluster j holds the values in (edge[j−1], edge[j]]):
 * the midpoint to the next centre. A repeated centre takes the edge of its copy above, so its
 * cluster stays empty: each value goes to its nearest centre, ties to the lower index.
 */
function clusterEdges(centres: ArrayLike<number>): Float64Array {
  const edges = new Float64Array(Math.max(0, centres.length - 1));
  for (let j = edges.length - 1; j >= 0; j--) {
    if (centres[j] !== centres[j + 1]) edges[j] = (centres[j] + centres[j + 1]) / 2;
    else edges[j] = j + 1 < edges.length ? edges[j + 1] : Infinity;
  }
  return edges;
}

/** Cluster of x: the first j with x ≤ edges[j] (edges ascending). */
function clusterOf(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Start index in `sorted` of each cluster, plus n at the end. */
function clusterBounds(sorted: Float32Array, centres: Float64Array, bounds: Int32Array): void {
  const edges = clusterEdges(centres);
  bounds[0] = 0;
  edges.forEach((edge, j) => (bounds[j + 1] = upperBound(sorted, edge)));
  bounds[centres.length] = sorted.length;
}

/** Lloyd's k-means on scalar values, iterating until no label changes (or maxIterations). */
export function kmeans1d(values: Float32Array, k: number, { init, seed = 0, maxIterations = 1000 }: KMeansOptions): KMeansResult {
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new Error(`maxIterations must be a whole number ≥ 1, got ${maxIterations}`);
  const { sorted, chosen, centres } = prepare(values, k, init, seed);
  const prefix = new Float64Array(sorted.length + 1);
  for (let i = 0; i < sorted.length; i++) prefix[i + 1] = prefix[i] + sorted[i];

  let bounds = new Int32Array(chosen.k + 1);
  let previous = new Int32Array(chosen.k + 1).fill(-1);
  let iterations = 0;
  let converged = false;
  for (;;) {
    clusterBounds(sorted, centres, bounds);
    converged = bounds.every((b, j) => b === previous[j]);
    if (converged || iterations === maxIterations) break;
    for (let j = 0; j < chosen.k; j++) {
      const count = bounds[j + 1] - bounds[j];
      if (count > 0) centres[j] = (prefix[bounds[j + 1]] - prefix[bounds[j]]) / count; // an empty cluster keeps its centre
    }
    centres.sort(); // a mean can only pass an empty cluster's centre; re-sorting keeps the runs contiguous
    iterations++;
    [previous, bounds] = [bounds, previous];
  }

  const centroids = Float32Array.from(centres);
  const edges = clusterEdges(centroids);
  const labels = chosen.k <= 256 ? new Uint8Array(values.length) : new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) labels[i] = clusterOf(edges, values[i]);
  return { centroids, labels, iterations, converged, ...(chosen.warning ? { warning: chosen.warning } : {}) };
}
