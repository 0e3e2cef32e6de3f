// Display helpers of the training widgets: counts, bytes (decimal, as the ZeRO paper's GB), times.
import { formatSI } from '../cost/format';

export { formatCount } from '../cost/format';
export { formatMs, formatPercent } from '../live/format';

/** Bytes with decimal prefixes (1 GB = 10⁹ bytes, as in the ZeRO paper) and three significant digits. */
export const formatBytes = (bytes: number): string => formatSI(bytes, 'B');
