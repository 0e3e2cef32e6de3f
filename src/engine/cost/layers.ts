import { convGroups, inputShapeOf, outputShape, product, requirePositiveInteger, windowGeometry } from './shapes';
import type { CostOptions, LayerCost, LayerKind, LayerSpec } from './types';

/** The batch-independent counts of one layer for one image. */
interface PerImage {
  params: number;
  macs: number;
  flops: number;
}

type Counter<K extends LayerKind> = (layer: Extract<LayerSpec, { kind: K }>) => PerImage;

/** FLOPs per element of layer normalisation; see `counters.layernorm`. */
export const LAYERNORM_FLOPS_PER_ELEMENT = 7;

/**
 * How each layer kind is counted, per image. Conventions:
 * - One MAC (c ← c + a·b) is two FLOPs. Dense and conv start each accumulator at the bias, so an
 *   output of n inputs costs exactly n MACs = 2n FLOPs; without a bias the count is the same
 *   (the first product needs no add, which we ignore, as FlopCo-style counters do).
 * - Pooling: a k_h × k_w window costs k_h·k_w FLOPs per output (k·k − 1 compares or adds, plus
 *   one more: the average's divide), following NVIDIA's GPU performance guide. No MACs.
 * - ReLU: one FLOP (a compare) per element. No MACs, no parameters.
 * - Batch norm (inference): parameters are γ, β, the moving mean and the moving variance, 4 per
 *   channel (as Keras counts them); the statistics fold into one scale and shift per channel, so
 *   each element costs one MAC = 2 FLOPs.
 * - Layer norm: parameters γ and β over the last axis, 2 per feature. Per element: 1 add for the
 *   mean, 1 subtract, 1 square-and-add (a MAC) for the variance, 1 multiply by 1/σ and one
 *   scale-and-shift (a MAC): 2 MACs and 7 FLOPs. The per-row divide and square root are ignored.
 */
const counters: { [K in LayerKind]: Counter<K> } = {
  dense: (l) => {
    const inputs = requirePositiveInteger(l.inputs, 'dense: inputs');
    const units = requirePositiveInteger(l.units, 'dense: units');
    const macs = inputs * units;
    return { params: macs + (l.useBias === false ? 0 : units), macs, flops: 2 * macs };
  },
  conv2d: (l) => {
    const g = windowGeometry('conv2d', l.inputShape, l.kernelSize, l.strides, l.padding, 'kernelSize');
    const filters = requirePositiveInteger(l.filters, 'conv2d: filters');
    const groups = convGroups(l.groups, g.inputShape[2], filters);
    const weights = g.window[0] * g.window[1] * (g.inputShape[2] / groups) * filters;
    const macs = g.outputHW[0] * g.outputHW[1] * weights;
    return { params: weights + (l.useBias === false ? 0 : filters), macs, flops: 2 * macs };
  },
  maxpool: (l) => poolCount(l),
  avgpool: (l) => poolCount(l),
  relu: (l) => ({ params: 0, macs: 0, flops: product(inputShapeOf(l)) }),
  batchnorm: (l) => {
    const shape = inputShapeOf(l);
    const n = product(shape);
    return { params: 4 * shape[shape.length - 1], macs: n, flops: 2 * n };
  },
  layernorm: (l) => {
    const shape = inputShapeOf(l);
    const n = product(shape);
    return { params: 2 * shape[shape.length - 1], macs: 2 * n, flops: LAYERNORM_FLOPS_PER_ELEMENT * n };
  },
};

function poolCount(l: Extract<LayerSpec, { kind: 'maxpool' | 'avgpool' }>): PerImage {
  const g = windowGeometry(l.kind, l.inputShape, l.poolSize, l.strides, l.padding, 'poolSize');
  return { params: 0, macs: 0, flops: g.outputHW[0] * g.outputHW[1] * g.inputShape[2] * g.window[0] * g.window[1] };
}

/** The checked batch size and bytes per element of `options`, with defaults 1 and 4. */
export function resolveOptions(options: CostOptions = {}): { batch: number; bytesPerElement: number; weightBytesPerElement: number } {
  const batch = requirePositiveInteger(options.batch ?? 1, 'batch');
  const bytesPerElement = options.bytesPerElement ?? 4;
  const weightBytesPerElement = options.weightBytesPerElement ?? bytesPerElement;
  for (const [name, value] of [['bytesPerElement', bytesPerElement], ['weightBytesPerElement', weightBytesPerElement]] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${String(value)}`);
  }
  return { batch, bytesPerElement, weightBytesPerElement };
}

/**
 * The cost of one layer for a batch.
 * params: stored numbers; macs, flops: for the whole batch (per-image count × batch);
 * bytes = weightBytesPerElement × params + bytesPerElement × batch × (input elements + output elements), i.e. every
 * weight, input and output moved once; intensity = flops / bytes (FLOP/B).
 * Throws an error naming the problem for an invalid spec, batch or element size.
 */
export function layerCost(layer: LayerSpec, options: CostOptions = {}): LayerCost {
  const { batch, bytesPerElement, weightBytesPerElement } = resolveOptions(options);
  const count = (counters as Record<string, Counter<LayerKind> | undefined>)[layer?.kind];
  if (!count) throw new RangeError(`unknown layer kind: ${String(layer?.kind)}`);
  const per = count(layer as never);
  const out = outputShape(layer);
  const weightBytes = per.params * weightBytesPerElement;
  const inputElements = product(inputShapeOf(layer));
  const outputElements = product(out);
  const activationBytes = batch * (inputElements + outputElements) * bytesPerElement;
  const flops = per.flops * batch;
  const bytes = weightBytes + activationBytes;
  return {
    kind: layer.kind,
    outputShape: out,
    inputElements,
    outputElements,
    params: per.params,
    macs: per.macs * batch,
    flops,
    bytes,
    intensity: flops / bytes,
    weightBytes,
    activationBytes,
  };
}
