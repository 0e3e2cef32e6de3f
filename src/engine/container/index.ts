// Filled in by the compressed-file-format work; see src/engine/index.ts.
export {};
