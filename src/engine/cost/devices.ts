/** The number format a device's peak is quoted for; activations and weights are stored in it. */
export type DevicePrecision = 'fp32' | 'fp16' | 'int8';

/** A device's two roofline limits. */
export interface Device {
  label: string;
  /** Peak arithmetic rate in FLOP/s (operations per second for int8). */
  peakFlops: number;
  /** Memory bandwidth in bytes/s. */
  bandwidth: number;
  /** The number format the peak is for (TF32 tensor cores read fp32 numbers from memory). */
  precision: DevicePrecision;
  /**
   * 2:4 structured sparsity: the peak counts the skipped multiplications as done (the datasheet's
   * "sparse" figure, twice the dense one), and weights are stored as half the values plus a 2-bit
   * position each (see sparse24WeightBytes).
   */
  sparse24?: boolean;
  /** Where the figures come from. */
  source: string;
}

export type DeviceName = 'a100-fp32' | 'a100-tf32' | 'a100-fp16' | 'a100-fp16-sparse' | 'a100-int8' | 'a100-int8-sparse' | 'phone';

const A100 = 'NVIDIA A100 datasheet (40 GB SXM, HBM2 at 1,555 GB/s)';

/**
 * Reference devices for the roofline. A100 figures: NVIDIA's A100 datasheet (SXM, 40 GB HBM2),
 * dense peaks and, for the sparse entries, the datasheet's 2:4 figures. The phone entry is a
 * round-number assumption for a recent phone chip, not a specific product: about 1 TFLOP/s fp32
 * on its GPU and one 64-bit LPDDR5 channel pair at 6400 MT/s (6400e6 transfers × 8 bytes = 51.2 GB/s).
 */
export const DEVICES: Record<DeviceName, Device> = {
  'a100-fp32': { label: 'NVIDIA A100, fp32', peakFlops: 19.5e12, bandwidth: 1555e9, precision: 'fp32', source: A100 },
  'a100-tf32': { label: 'NVIDIA A100, TF32 Tensor Cores', peakFlops: 156e12, bandwidth: 1555e9, precision: 'fp32', source: A100 },
  'a100-fp16': { label: 'NVIDIA A100, fp16 Tensor Cores', peakFlops: 312e12, bandwidth: 1555e9, precision: 'fp16', source: A100 },
  'a100-fp16-sparse': { label: 'NVIDIA A100, fp16 Tensor Cores, 2:4 sparse', peakFlops: 624e12, bandwidth: 1555e9, precision: 'fp16', sparse24: true, source: A100 },
  'a100-int8': { label: 'NVIDIA A100, int8 Tensor Cores', peakFlops: 624e12, bandwidth: 1555e9, precision: 'int8', source: A100 },
  'a100-int8-sparse': { label: 'NVIDIA A100, int8 Tensor Cores, 2:4 sparse', peakFlops: 1248e12, bandwidth: 1555e9, precision: 'int8', sparse24: true, source: A100 },
  phone: { label: 'Phone-class chip (assumed)', peakFlops: 1e12, bandwidth: 51.2e9, precision: 'fp32', source: 'assumed round figures: ~1 TFLOP/s GPU, LPDDR5 at 51.2 GB/s' },
};

/** Bytes per stored number of each precision. */
export const PRECISION_BYTES: Record<DevicePrecision, number> = { fp32: 4, fp16: 2, int8: 1 };

/**
 * Bytes per weight of the dense layer when it is stored 2:4 sparse: of every four weights two are
 * kept, each with a 2-bit position in its group, so (2 × bytesPerElement + 2 × 2/8) / 4 bytes.
 * int8: 0.625 B instead of 1; fp16: 1.125 B instead of 2.
 */
export function sparse24WeightBytes(bytesPerElement: number): number {
  return (2 * bytesPerElement + 2 * (2 / 8)) / 4;
}
