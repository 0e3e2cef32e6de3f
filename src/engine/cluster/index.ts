// Filled in by the cluster work; see src/engine/index.ts.
export {};
