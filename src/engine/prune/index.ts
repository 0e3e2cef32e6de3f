// Filled in by the prune work; see src/engine/index.ts.
export {};
