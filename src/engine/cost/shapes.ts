import type { LayerSpec } from './types';

/** Throws unless `value` is a positive integer; the message names the layer and the field. */
export function requirePositiveInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${what} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function requirePair(pair: unknown, what: string): [number, number] {
  if (!Array.isArray(pair) || pair.length !== 2) throw new RangeError(`${what} must be a pair [height, width], got ${JSON.stringify(pair)}`);
  return [requirePositiveInteger(pair[0], `${what}[0]`), requirePositiveInteger(pair[1], `${what}[1]`)];
}

function requireShape(shape: unknown, what: string, rank?: number): number[] {
  if (!Array.isArray(shape) || shape.length === 0 || (rank !== undefined && shape.length !== rank)) {
    throw new RangeError(`${what} must be ${rank === 3 ? '[H, W, C]' : 'a non-empty list of sizes'}, got ${JSON.stringify(shape)}`);
  }
  return shape.map((n, i) => requirePositiveInteger(n, `${what}[${i}]`));
}

/**
 * Output length along one spatial axis, as Keras and tfjs compute it:
 * valid: ⌊(n − k) / s⌋ + 1 (the window must fit); same: ⌈n / s⌉ (zero padding).
 */
export function windowOutputLength(n: number, k: number, s: number, padding: 'same' | 'valid', what: string): number {
  if (padding === 'same') return Math.ceil(n / s);
  if (padding !== 'valid') throw new RangeError(`${what}: unknown padding: ${String(padding)}`);
  if (k > n) throw new RangeError(`${what}: window ${k} is larger than the input ${n} with valid padding`);
  return Math.floor((n - k) / s) + 1;
}

/** A conv or pooling spec with every default filled in and every size checked. */
export interface WindowGeometry {
  inputShape: [number, number, number];
  window: [number, number];
  strides: [number, number];
  outputHW: [number, number];
}

export function windowGeometry(
  kind: string,
  inputShape: unknown,
  window: unknown,
  strides: unknown,
  padding: 'same' | 'valid' | undefined,
  windowName: string,
): WindowGeometry {
  const [h, w, c] = requireShape(inputShape, `${kind}: inputShape`, 3);
  const k = requirePair(window, `${kind}: ${windowName}`);
  const s = strides === undefined ? null : requirePair(strides, `${kind}: strides`);
  const st: [number, number] = s ?? (kind === 'conv2d' ? [1, 1] : k);
  const pad = padding ?? 'valid';
  return {
    inputShape: [h, w, c],
    window: k,
    strides: st,
    outputHW: [windowOutputLength(h, k[0], st[0], pad, kind), windowOutputLength(w, k[1], st[1], pad, kind)],
  };
}

/** The number of conv groups, checked to divide both the input channels and the filters. */
export function convGroups(groups: unknown, inChannels: number, filters: number): number {
  const g = groups === undefined ? 1 : requirePositiveInteger(groups, 'conv2d: groups');
  if (inChannels % g !== 0) throw new RangeError(`conv2d: groups (${g}) must divide the input channels (${inChannels})`);
  if (filters % g !== 0) throw new RangeError(`conv2d: groups (${g}) must divide the filters (${filters})`);
  return g;
}

/** The input shape of a layer per image, after checking it. */
export function inputShapeOf(layer: LayerSpec): number[] {
  switch (layer.kind) {
    case 'dense':
      return [requirePositiveInteger(layer.inputs, 'dense: inputs')];
    case 'conv2d':
    case 'maxpool':
    case 'avgpool':
      return requireShape(layer.inputShape, `${layer.kind}: inputShape`, 3);
    case 'relu':
    case 'batchnorm':
    case 'layernorm':
      return requireShape(layer.inputShape, `${layer.kind}: inputShape`);
    default:
      throw new RangeError(`unknown layer kind: ${String((layer as { kind: unknown }).kind)}`);
  }
}

/**
 * The output shape of a layer per image (no batch axis), channels last.
 * dense: [units]; conv2d: [H', W', filters]; pooling: [H', W', C]; relu and the norms keep the shape.
 * Throws an error naming the problem for an invalid spec.
 */
export function outputShape(layer: LayerSpec): number[] {
  switch (layer.kind) {
    case 'dense':
      requirePositiveInteger(layer.inputs, 'dense: inputs');
      return [requirePositiveInteger(layer.units, 'dense: units')];
    case 'conv2d': {
      const g = windowGeometry('conv2d', layer.inputShape, layer.kernelSize, layer.strides, layer.padding, 'kernelSize');
      const filters = requirePositiveInteger(layer.filters, 'conv2d: filters');
      convGroups(layer.groups, g.inputShape[2], filters);
      return [...g.outputHW, filters];
    }
    case 'maxpool':
    case 'avgpool': {
      const g = windowGeometry(layer.kind, layer.inputShape, layer.poolSize, layer.strides, layer.padding, 'poolSize');
      return [...g.outputHW, g.inputShape[2]];
    }
    default:
      return inputShapeOf(layer);
  }
}

export const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
