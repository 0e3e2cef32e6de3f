// Display helpers of the training widgets: counts, bytes (decimal, as the ZeRO paper's GB), times.
export { formatCount } from '../cost/format';
export { formatMs, formatPercent } from '../live/format';

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** Bytes with decimal prefixes (1 GB = 10⁹ bytes, as in the ZeRO paper) and three significant digits. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let i = 0;
  while (value >= 1000 && i < UNITS.length - 1) { value /= 1000; i++; }
  return `${Number(value.toPrecision(3))} ${UNITS[i]}`;
}
