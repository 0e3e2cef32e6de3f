// Compression as practised on large models today: group-wise weight-only quantization, GPTQ,
// N:M (2:4) sparsity, Wanda and SmoothQuant. See src/engine/index.ts.
export { layerHessian, layerOutputError } from './matrix';
export {
  groupParams,
  groupLayout,
  roundToNearestGroups,
  groupStorage,
  GROUP_SCALE_BITS,
  type GroupQuantOptions,
  type GroupQuantized,
} from './groupQuant';
export { gptqQuantize, type GptqOptions } from './gptq';
export { nmMask, isNmSparse } from './semiStructured';
export { inputNorms, wandaScores, rowwiseMask } from './wanda';
export { columnAbsMax, smoothQuantScales, scaleColumns } from './smoothQuant';
export { awqQuantize, awqScales, meanAbsColumns, AWQ_ALPHAS, type AwqOptions, type AwqResult } from './awq';
