// Filled in by the distill work; see src/engine/index.ts.
export {};
