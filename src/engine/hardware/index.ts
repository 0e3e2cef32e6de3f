// Hardware models: per-operation energy, a systolic array, the EIE sparse engine, memory-bound decoding.
export { type EnergyEstimate, type EnergyOptions, type MacFormat, HOROWITZ_45NM_PJ, energyEstimate, macEnergy, macFormatFor } from './energy';
export { type ArrayShape, type SystolicResult, SystolicTile, peakOpsPerSecond, systolicCycles, systolicMatmul } from './systolic';
export { type EieResult, eieSpmv } from './eie';
export { pruneAndShare } from './compressLayer';
export { type MatmulShape, layerMatmul, layerSystolic } from './gemm';
export { type KvCacheShape, decodeTokensPerSecond, kvCacheBytes } from './decode';
