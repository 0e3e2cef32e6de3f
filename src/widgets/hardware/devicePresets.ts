// Device figures for the decoding calculator. A100: NVIDIA's A100 datasheet as reproduced in the
// course's verified reference (papers.md §9); the laptop and phone are round assumptions, not a
// product, and are labelled so on the page. The A100's peaks per math mode are the engine's DEVICES.

export const DECODE_DEVICES = {
  a100: { label: 'NVIDIA A100 80 GB SXM (2,039 GB/s, datasheet)', bandwidth: 2039e9 },
  laptop: { label: 'Laptop, assumed 100 GB/s (not a measured product)', bandwidth: 100e9 },
  phone: { label: 'Phone, assumed 51.2 GB/s LPDDR5 (not a measured product)', bandwidth: 51.2e9 },
} as const;
export type DecodeDevice = keyof typeof DECODE_DEVICES;
export const DECODE_DEVICE_IDS = Object.keys(DECODE_DEVICES) as DecodeDevice[];

export const WEIGHT_FORMATS = { fp16: 16, int8: 8, int4: 4 } as const;
export type WeightFormat = keyof typeof WEIGHT_FORMATS;
export const WEIGHT_FORMAT_IDS = Object.keys(WEIGHT_FORMATS) as WeightFormat[];
