// Quantization widgets: a live model quantized in the worker, and a weight histogram with its grid.
export { QuantizeModel } from './QuantizeModel';
export { WeightHistogram, type WeightHistogramProps } from './WeightHistogram';
