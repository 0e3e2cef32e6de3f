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
export { sparseTimesDense, type SparseTimesDense } from './kernels/sparseTimesDense';
export { histogram } from './histogram';

// Lesson 9, hardware: energy per operation, systolic array, EIE, memory-bound decoding.
export * from './hardware';
export { type DenseProductKind, denseProductsAvailable, prepareDenseProduct } from './kernels/denseProducts';
