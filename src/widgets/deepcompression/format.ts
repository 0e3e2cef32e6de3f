// Display helpers for the Deep Compression widgets (no computation beyond units).
import type { StageName } from '../../runtime/contract/deepCompression';

export const STAGE_NAMES: Record<StageName, string> = {
  original: 'Original (float32)',
  pruned: 'Pruned',
  shared: 'Pruned + shared',
  fixed: 'Pruned + shared, the file (fixed-width codes)',
  huffman: 'Pruned + shared + Huffman, the file',
};

/** Bits as bytes or KiB: "812 B", "26.4 KiB", "1,041.6 KiB". */
export function formatBits(bits: number): string {
  const bytes = bits / 8;
  if (bytes < 10_000) return `${Math.round(bytes).toLocaleString('en-US')} B`;
  return `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} KiB`;
}

export const formatRatio = (r: number) => `${r.toFixed(1)}×`;

/** "dense1/kernel" → "dense1". */
export const layerName = (weight: string) => weight.replace(/\/(depthwise_)?kernel$/, '');
