/**
 * The compression engine: pure functions over typed arrays, with no React, DOM or tfjs.
 * This file is the hand-written list of everything the engine offers; lessons, widgets, tests,
 * benchmarks and scripts import from here.
 */
export * from './formats';
export * from './cost';
export * from './quant';
export * from './prune';
export * from './cluster';
export * from './entropy';
export * from './distill';
export * from './container';
export { seededRandom, seededUint32, sampleIndices } from './random';
export { sparseProduct, sparseTimesDense, type SparseProduct, type SparseTimesDense } from './kernels/sparseTimesDense';
export { histogram } from './histogram';
export * from './linalg';

// Lesson 6, low-rank and fast convolution: truncated SVD and rank-k factors; im2col and Winograd.
export * from './lowrank';
export * from './fastconv';

// Lesson 8, faster training: loss scaling, mixed-precision gradients, training memory (ZeRO),
// pipeline bubbles, all-reduce traffic and tensor parallelism.
export * from './training';

// Lesson 9, hardware: energy per operation, systolic array, EIE, memory-bound decoding.
export * from './hardware';
export { type DenseProductKind, denseProductsAvailable, prepareDenseProduct } from './kernels/denseProducts';

// Compression as practised today (issue 19): group-wise quantization, GPTQ, 2:4, Wanda, SmoothQuant.
export * from './modern';

// Adam's update for the page's training loop: moments in WebAssembly memory, tfjs's float32 arithmetic.
export { adamKernel, type AdamKernel } from './kernels/adam';
