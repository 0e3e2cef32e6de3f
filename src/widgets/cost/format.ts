// Display helpers for counts, bytes and rates in the cost widgets.

const grouped = new Intl.NumberFormat('en-US');

/** An exact count with thousands separators: 266610 → "266,610". */
export const formatCount = (n: number): string => grouped.format(n);

const PREFIXES = ['', 'k', 'M', 'G', 'T', 'P'];

/** A value with an SI prefix and three significant digits: 3.12e14, 'FLOP/s' → "312 TFLOP/s". */
export function formatSI(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return `0 ${unit}`;
  const tier = Math.min(PREFIXES.length - 1, Math.max(0, Math.floor(Math.log10(Math.abs(value)) / 3)));
  const scaled = value / 1000 ** tier;
  return `${Number(scaled.toPrecision(3))} ${PREFIXES[tier]}${unit}`;
}

/** Bytes in KB/MB (1 KB = 1024 bytes, as in the lecture) with three significant digits. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) { value /= 1024; i++; }
  return `${i === 0 ? formatCount(value) : Number(value.toPrecision(3))} ${units[i]}`;
}

/**
 * An intensity in FLOP/B with sensible digits: 315.08 → "315", 0.998 → "1.00", 0.25 → "0.250",
 * and exponent form from a million up: 1e12 → "1.00e12".
 */
export function formatIntensity(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x >= 1e6) return x.toExponential(2).replace('e+', 'e');
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toPrecision(3);
}

/**
 * A model's work in words. FLOPs are 2 per MAC plus those of layers without MACs (ReLU, pooling,
 * normalisation), so the two are joined by "=" only when there are none:
 * "266,200 MACs (532,400 FLOPs) + 400 FLOPs in ReLU/pooling = 532,800 FLOPs".
 */
export function workText(macs: number, flops: number): string {
  const other = flops - 2 * macs;
  if (other === 0) return `${formatCount(macs)} MACs = ${formatCount(flops)} FLOPs`;
  return `${formatCount(macs)} MACs (${formatCount(2 * macs)} FLOPs) + ${formatCount(other)} FLOPs in layers without MACs (ReLU, pooling, normalisation) = ${formatCount(flops)} FLOPs`;
}

/** A shape as "[28, 28, 1]". */
export const formatShape = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/** A duration in s, ms or µs with three significant digits. */
export function formatTime(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds >= 1) return `${Number(seconds.toPrecision(3))} s`;
  if (seconds >= 1e-3) return `${Number((seconds * 1e3).toPrecision(3))} ms`;
  return `${Number((seconds * 1e6).toPrecision(3))} µs`;
}
