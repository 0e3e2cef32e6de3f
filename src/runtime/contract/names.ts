// Names the widgets need without loading tfjs into the page's main bundle.

export const BACKENDS = ['wasm', 'webgl', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Batch sizes offered for latency measurement: powers of two from 1 to 1024. */
export const BATCH_SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] as const;

/** The worker key of the reader's uploaded model (one at a time). */
export const UPLOAD_KEY = 'upload';

/** Kernels are the weights that compression touches: Dense/Conv "kernel" and depthwise "depthwise_kernel". */
export const isKernel = (name: string): boolean => /(^|\/)(depthwise_)?kernel$/.test(name);

/** The optimizers the page's training loop offers. */
export type OptimizerName = 'adam' | 'sgd' | 'momentum';
