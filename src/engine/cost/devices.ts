/** A device's two roofline limits. */
export interface Device {
  label: string;
  /** Peak arithmetic rate in FLOP/s. */
  peakFlops: number;
  /** Memory bandwidth in bytes/s. */
  bandwidth: number;
  /** Where the figures come from. */
  source: string;
}

export type DeviceName = 'a100-fp16' | 'a100-fp32' | 'phone';

/**
 * Reference devices for the roofline. A100 figures: NVIDIA A100 datasheet (SXM, 40 GB HBM2,
 * dense maths). The phone entry is a round-number assumption for a recent phone chip, not a
 * specific product: about 1 TFLOP/s fp32 on its GPU and one 64-bit LPDDR5 channel pair at
 * 6400 MT/s (6400e6 transfers × 8 bytes = 51.2 GB/s).
 */
export const DEVICES: Record<DeviceName, Device> = {
  'a100-fp16': { label: 'NVIDIA A100, fp16 Tensor Cores', peakFlops: 312e12, bandwidth: 1555e9, source: 'NVIDIA A100 datasheet (40 GB SXM)' },
  'a100-fp32': { label: 'NVIDIA A100, fp32', peakFlops: 19.5e12, bandwidth: 1555e9, source: 'NVIDIA A100 datasheet (40 GB SXM)' },
  phone: { label: 'Phone-class chip (assumed)', peakFlops: 1e12, bandwidth: 51.2e9, source: 'assumed round figures: ~1 TFLOP/s GPU, LPDDR5 at 51.2 GB/s' },
};
