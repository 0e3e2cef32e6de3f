/** Where a kernel sits on the roofline of a device. */
export interface RooflinePoint {
  /** Attainable FLOP/s: min(peakFlops, intensity × bandwidth). */
  attainable: number;
  /** 'memory' below the ridge point (time set by bytes moved), 'compute' at or above it. */
  bound: 'memory' | 'compute';
  /** Ridge point in FLOP/B: peakFlops / bandwidth, where both limits meet. */
  ridge: number;
}

function requirePositive(value: number, what: string): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${what} must be a positive number, got ${String(value)}`);
}

/**
 * The roofline model (Williams, Waterman & Patterson 2009): a kernel of arithmetic intensity I
 * (FLOP/B) on a device with peak P (FLOP/s) and memory bandwidth B (B/s) runs at most at
 * min(P, I·B) FLOP/s. The ridge point P/B is the intensity at which both limits are equal.
 */
export function roofline(intensity: number, peakFlops: number, bandwidth: number): RooflinePoint {
  requirePositive(intensity, 'intensity');
  requirePositive(peakFlops, 'peak FLOP/s');
  requirePositive(bandwidth, 'bandwidth');
  const ridge = peakFlops / bandwidth;
  return { attainable: Math.min(peakFlops, intensity * bandwidth), bound: intensity < ridge ? 'memory' : 'compute', ridge };
}

/**
 * The shortest time in seconds the roofline allows for `flops` operations moving `bytes`
 * bytes: max(flops / peakFlops, bytes / bandwidth), assuming compute and memory overlap fully.
 */
export function rooflineTime(flops: number, bytes: number, peakFlops: number, bandwidth: number): number {
  requirePositive(peakFlops, 'peak FLOP/s');
  requirePositive(bandwidth, 'bandwidth');
  if (!(flops >= 0) || !(bytes >= 0)) throw new RangeError(`flops and bytes must be non-negative, got ${flops} and ${bytes}`);
  return Math.max(flops / peakFlops, bytes / bandwidth);
}

/**
 * The roofline's shortest time for layers run one after another: Σ max(flopsᵢ / peak, bytesᵢ / bandwidth).
 * Each layer is limited by its own bottleneck, so this is at least `rooflineTime` of the totals.
 */
export function layersRooflineTime(layers: readonly { flops: number; bytes: number }[], peakFlops: number, bandwidth: number): number {
  return layers.reduce((t, l) => t + rooflineTime(l.flops, l.bytes, peakFlops, bandwidth), 0);
}
