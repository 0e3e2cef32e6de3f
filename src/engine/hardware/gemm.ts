/**
 * A Dense or convolution layer as matrix products (im2col), the form a systolic array runs:
 * Dense is (batch × inputs) · (inputs × units); a convolution is, per group,
 * (batch · H_out · W_out) × (k_h · k_w · C_in / groups) · (… × C_out / groups).
 */
import type { LayerSpec } from '../cost';
import { convGroups, windowGeometry } from '../cost/shapes';
import { type ArrayShape, systolicCycles } from './systolic';

export interface MatmulShape {
  n: number;
  k: number;
  m: number;
  /** How many such products the layer is (the groups of a grouped convolution). */
  count: number;
}

/** The products of one layer at `batch` images, or undefined for a layer without weights (pooling, ReLU…). */
export function layerMatmul(layer: LayerSpec, batch: number): MatmulShape | undefined {
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`batch must be a whole number ≥ 1, got ${batch}`);
  if (layer.kind === 'dense') return { n: batch, k: layer.inputs, m: layer.units, count: 1 };
  if (layer.kind !== 'conv2d') return undefined;
  const g = windowGeometry('conv2d', layer.inputShape, layer.kernelSize, layer.strides, layer.padding, 'kernelSize');
  const groups = convGroups(layer.groups, g.inputShape[2], layer.filters);
  return { n: batch * g.outputHW[0] * g.outputHW[1], k: g.window[0] * g.window[1] * (g.inputShape[2] / groups), m: layer.filters / groups, count: groups };
}

/** Cycles and utilization of one layer on an array (its products one after another). */
export function layerSystolic(layer: LayerSpec, batch: number, shape: ArrayShape): { cycles: number; macs: number; utilization: number } | undefined {
  const p = layerMatmul(layer, batch);
  if (!p) return undefined;
  const cycles = p.count * systolicCycles(p.n, p.k, p.m, shape);
  const macs = p.count * p.n * p.k * p.m;
  return { cycles, macs, utilization: macs / (cycles * shape.rows * shape.cols) };
}
