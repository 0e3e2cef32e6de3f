// Filled in by the formats work; see src/engine/index.ts.
export {};
