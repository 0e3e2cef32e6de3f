// The browser runtime: tfjs backends, MNIST data, evaluation, latency and the model worker.
// Importing this index loads tfjs. Page code that only talks to the worker should import
// `./worker/client` and `./names` (no tfjs) so tfjs stays in the worker's bundle.
export { BACKENDS, BATCH_SIZES, UPLOAD_KEY, isKernel, type BackendName } from './names';
export { fallbackOrder, initBackend, type BackendInfo } from './backend';
export { batchToTensor, documentBaseUrl, loadMnist, loadMnistManifest, type MnistManifest, type MnistSet, type MnistSplit } from './mnist';
export { abortError, isAbortError } from './abort';
export { evaluateModel, inputShapeOf, scorePredictions, NUM_CLASSES, type Evaluation } from './evaluate';
export { measureLatency, quantile, summarise, type LatencyRow, type LatencyProgress } from './latency';
export { summariseModel, type LayerSummary, type ModelSummary } from './summary';
export { trainModel, batchOf, checkTrainOptions, crossEntropy, type TrainOptions, type TrainHooks, type TrainStep, type TrainResult, type OptimizerName } from './train';
export { kernelsOf, maskHook, readWeight, writeWeight } from './weights';
export { createModelWorker, type ModelWorker, type EvaluateCall, type LatencyCall } from './worker/client';
export { type EvaluateProgressEvent, type EvaluationResult, type MemoryInfo } from './worker/host';
