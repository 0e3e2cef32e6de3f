// Faster training: loss scaling, gradients in narrow formats, memory of model states (ZeRO,
// checkpointing), pipeline bubbles, all-reduce traffic, tensor parallelism and Adam's update.
// See src/engine/index.ts.
export { nextLossScale, hasOverflow, type LossScaleState, type LossScaleOptions } from './lossScale';
export {
  trainingMemory, bytesPerParameter, checkpointedActivations, TRAINING_OPTIMIZERS, TRAINING_PRECISIONS, ZERO_STAGES,
  type TrainingMemory, type TrainingMemoryOptions, type TrainingOptimizer, type TrainingPrecision, type ZeroStage, type CheckpointedActivations,
} from './memory';
export { pipelineBubbleFraction, pipelineSchedule, type PipelineSlot } from './pipeline';
export { ringAllReduceBytes, parameterServerBytes, ringAllReduce } from './allReduce';
export { tensorParallelDense } from './tensorParallel';
export { shardBounds, averageShardGradients, maxAbsDifference } from './shards';
export { gradientRanges, exponentHistogram, isUpdateLost, type GradientRanges } from './precision';
export { adamUpdate, nextAdamStep, type AdamSettings, type AdamStep } from './adam';
