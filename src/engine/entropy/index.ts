// Filled in by the entropy work; see src/engine/index.ts.
export {};
