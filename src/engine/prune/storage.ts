/**
 * Exact storage cost of a pruned tensor in several sparse formats. Every part is counted in bits
 * and the parts are packed back to back; bytes = ⌈total bits / 8⌉. n = number of weights,
 * a = number of non-zeros, b = value bits (32 for float32, or the cluster-index width).
 */
import { encodeRelativeIndex } from './relativeIndex';

export type StorageFormat = 'dense' | 'bitmask' | 'csr32' | 'csr16' | 'relative4' | 'relative5';

export interface StorageBreakdown {
  format: StorageFormat;
  /** Values actually stored (for relative formats this includes filler zeros). */
  storedValues: number;
  fillerCount: number;
  valueBits: number;
  /** Bits spent saying where the values are (bitmask, column indices or relative gaps). */
  indexBits: number;
  /** CSR row pointers: rows + 1 entries of 32 bits. */
  pointerBits: number;
  totalBits: number;
  bytes: number;
}

interface Counted {
  n: number;
  nnz: number;
  rows: number;
  cols: number;
  mask: ArrayLike<number>;
}

type Parts = Pick<StorageBreakdown, 'storedValues' | 'fillerCount' | 'indexBits' | 'pointerBits'>;

const csr = (indexBits: number) => (t: Counted): Parts => {
  if (indexBits === 16 && t.cols > 65536) throw new Error(`csr16 cannot index ${t.cols} columns (16-bit indices reach 65536)`);
  return { storedValues: t.nnz, fillerCount: 0, indexBits: t.nnz * indexBits, pointerBits: (t.rows + 1) * 32 };
};

const relative = (bits: number) => (t: Counted): Parts => {
  const { gaps, fillerCount } = encodeRelativeIndex(t.mask, bits);
  return { storedValues: gaps.length, fillerCount, indexBits: gaps.length * bits, pointerBits: 0 };
};

/** What each format stores besides the values. */
const FORMATS: Record<StorageFormat, (t: Counted) => Parts> = {
  /** Every weight, zeros included: n·b bits. */
  dense: (t) => ({ storedValues: t.n, fillerCount: 0, indexBits: 0, pointerBits: 0 }),
  /** One keep/prune bit per weight, then the a kept values: n + a·b bits. */
  bitmask: (t) => ({ storedValues: t.nnz, fillerCount: 0, indexBits: t.n, pointerBits: 0 }),
  /** CSR with 32-bit column indices and 32-bit row pointers over the [n / cols, cols] view. */
  csr32: csr(32),
  /** CSR with 16-bit column indices (32-bit row pointers). */
  csr16: csr(16),
  /** Deep Compression relative index, 4-bit gaps with filler zeros (see relativeIndex.ts). */
  relative4: relative(4),
  /** Deep Compression relative index, 5-bit gaps (the paper's choice for FC layers). */
  relative5: relative(5),
};

/**
 * Bit-by-bit storage cost. `maskOrWeights`: a mask (non-zero = kept) or the pruned weights
 * (non-zero = kept). `shape`: the tensor shape; CSR sees it as a matrix whose columns are the
 * last axis. `valueBits`: bits per stored value.
 */
export function storageBreakdown(
  maskOrWeights: Uint8Array | Float32Array,
  shape: number[],
  format: StorageFormat,
  { valueBits = 32 }: { valueBits?: number } = {},
): StorageBreakdown {
  const impl = FORMATS[format];
  if (!impl) throw new Error(`unknown storage format: ${format}`);
  if (!Number.isInteger(valueBits) || valueBits < 1) throw new Error(`valueBits must be a whole number ≥ 1, got ${valueBits}`);
  const n = maskOrWeights.length;
  const product = shape.reduce((a, b) => a * b, 1);
  if (shape.length === 0 || product !== n) throw new Error(`shape [${shape}] has ${product} elements but the tensor has ${n}`);
  let nnz = 0;
  for (let i = 0; i < n; i++) if (maskOrWeights[i] !== 0) nnz++;
  const cols = shape[shape.length - 1];
  const parts = impl({ n, nnz, cols, rows: cols === 0 ? 0 : n / cols, mask: maskOrWeights });
  const values = parts.storedValues * valueBits;
  const totalBits = values + parts.indexBits + parts.pointerBits;
  return { format, ...parts, valueBits: values, totalBits, bytes: Math.ceil(totalBits / 8) };
}

/** Bytes needed to store the tensor in `format`: ⌈total bits / 8⌉ of storageBreakdown. */
export function storageBytes(
  maskOrWeights: Uint8Array | Float32Array,
  shape: number[],
  format: StorageFormat,
  options: { valueBits?: number } = {},
): number {
  return storageBreakdown(maskOrWeights, shape, format, options).bytes;
}

export const STORAGE_FORMATS = Object.keys(FORMATS) as StorageFormat[];
