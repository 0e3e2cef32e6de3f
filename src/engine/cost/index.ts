// Filled in by the cost work; see src/engine/index.ts.
export {};
