// The bars of a weight histogram: edges at the scale's nice ticks, counts from the engine (d3.bin
// over 235,200 weights took ~150 ms of the main thread at every settings change).
import type { ScaleLinear } from 'd3';
import { histogram } from '../../engine';

export interface HistogramBin {
  x0: number;
  x1: number;
  length: number;
}

/** Bins spanning x's domain, split at the values of x.ticks(ticks) inside it. */
export function histogramBins(values: ArrayLike<number>, x: ScaleLinear<number, number>, ticks: number): HistogramBin[] {
  const [d0, d1] = x.domain();
  const edges = [d0, ...x.ticks(ticks).filter((t) => t > d0 && t < d1), d1];
  return Array.from(histogram(values, edges), (length, i) => ({ x0: edges[i], x1: edges[i + 1], length }));
}
