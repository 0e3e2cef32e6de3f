// Counting values into bins, for the weight histograms of the lessons (235,200 weights of
// LeNet-300-100's first layer are drawn again at every change of a quantization setting).

/**
 * How many of `values` fall in each bin [edges[i], edges[i + 1]), the last bin closed at the top
 * (edges ascending, at least two). Values outside [edges[0], edges[n]] and NaN are not counted.
 * One binary search per value.
 */
export function histogram(values: ArrayLike<number>, edges: ArrayLike<number>): Int32Array {
  const e = checkedEdges(edges);
  const counts = new Int32Array(e.length - 1);
  for (let k = 0; k < values.length; k++) {
    const i = binOf(e, values[k]);
    if (i >= 0) counts[i]++;
  }
  return counts;
}

/** The edges as a Float64Array, after checking that there are at least two and that they increase. */
export function checkedEdges(edges: ArrayLike<number>): Float64Array {
  const bins = edges.length - 1;
  if (bins < 1) throw new Error(`a histogram needs at least two bin edges, got ${edges.length}`);
  for (let i = 0; i < bins; i++) {
    if (!(edges[i] < edges[i + 1])) throw new Error(`bin edges must increase (edge ${i + 1}: ${edges[i + 1]} after ${edges[i]})`);
  }
  return Float64Array.from(edges);
}

/**
 * The bin of v among checked edges e: the largest i with e[i] <= v, the last bin closed at the top;
 * −1 for a value outside [e[0], e[n]] or NaN. One binary search.
 */
export function binOf(e: Float64Array, v: number): number {
  const bins = e.length - 1;
  if (!(v >= e[0] && v <= e[bins])) return -1;
  let a = 0;
  let b = bins;
  while (b - a > 1) {
    const m = (a + b) >> 1;
    if (e[m] <= v) a = m;
    else b = m;
  }
  return a;
}
