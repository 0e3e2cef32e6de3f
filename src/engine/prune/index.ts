// Pruning: masks, structured unit removal, schedules and sparse storage formats.
export { applyMask, checkSparsity, globalMagnitudeMasks, magnitudeMask, prunedCount, randomMask, sparsityOf } from './sparsity';
export { type KernelLayer, type UnitNorm, pruneUnitsByNorm, rankUnits, removeInputs, removeUnits, unitsToKeep } from './structured';
export { compressionOfSparsities, type LayerChoice, type ScanPoint, type ScanSparsities, sparsitiesFromScan } from './scanSparsities';
export { type PruningSchedule, type ScheduleName, SCHEDULES, sparsityAt } from './schedule';
export { decodeRelativeIndex, encodeRelativeIndex } from './relativeIndex';
export { type CsrMatrix, csrFromDense, csrMatMul, csrToDense, csrTranspose } from './csr';
export { type StorageBreakdown, type StorageFormat, STORAGE_FORMATS, storageBreakdown, storageBytes } from './storage';
