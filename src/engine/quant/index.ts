// Filled in by the quant work; see src/engine/index.ts.
export {};
