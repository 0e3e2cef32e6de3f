// Knowledge distillation maths: temperature softmax, divergences, the distillation loss and its
// gradient. See src/engine/index.ts.
export { softmaxWithTemperature } from './softmax';
export { klDivergence, softCrossEntropy } from './divergence';
export { distillationLoss, type DistillationOptions, type DistillationLoss } from './loss';
