// Counting values into bins, for the weight histograms of the lessons (235,200 weights of
// LeNet-300-100's first layer are drawn again at every change of a quantization setting).

/**
 * How many of `values` fall in each bin [edges[i], edges[i + 1]), the last bin closed at the top
 * (edges ascending, at least two). Values outside [edges[0], edges[n]] and NaN are not counted.
 * One binary search per value.
 */
export function histogram(values: ArrayLike<number>, edges: ArrayLike<number>): Int32Array {
  const bins = edges.length - 1;
  if (bins < 1) throw new Error(`a histogram needs at least two bin edges, got ${edges.length}`);
  for (let i = 0; i < bins; i++) {
    if (!(edges[i] < edges[i + 1])) throw new Error(`bin edges must increase (edge ${i + 1}: ${edges[i + 1]} after ${edges[i]})`);
  }
  const e = Float64Array.from(edges);
  const lo = e[0];
  const hi = e[bins];
  const counts = new Int32Array(bins);
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (!(v >= lo && v <= hi)) continue;
    // The largest i with e[i] <= v, capped at the last bin.
    let a = 0;
    let b = bins;
    while (b - a > 1) {
      const m = (a + b) >> 1;
      if (e[m] <= v) a = m;
      else b = m;
    }
    counts[a]++;
  }
  return counts;
}
