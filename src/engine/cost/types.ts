/**
 * Layer descriptions for the cost model, with Keras-style names. Shapes are per image (no batch
 * axis) and channels last: `inputShape` of an image layer is [H, W, C].
 */
export type LayerSpec =
  | { kind: 'dense'; inputs: number; units: number; useBias?: boolean }
  | {
      kind: 'conv2d';
      inputShape: [number, number, number];
      filters: number;
      kernelSize: [number, number];
      /** Default [1, 1]. */
      strides?: [number, number];
      /** Default 'valid'. */
      padding?: 'same' | 'valid';
      /** Default 1. Depthwise: groups = input channels; grouped: any divisor of both channel counts. */
      groups?: number;
      useBias?: boolean;
    }
  | {
      kind: 'maxpool' | 'avgpool';
      inputShape: [number, number, number];
      poolSize: [number, number];
      /** Default: the pool size (non-overlapping windows). */
      strides?: [number, number];
      padding?: 'same' | 'valid';
    }
  | { kind: 'relu' | 'batchnorm' | 'layernorm'; inputShape: number[] };

export type LayerKind = LayerSpec['kind'];

export interface CostOptions {
  /** Images processed together; a positive integer. Default 1. */
  batch?: number;
  /** Bytes per stored number (4 for fp32, 2 for fp16, 1 for int8). Default 4. */
  bytesPerElement?: number;
  /** Bytes per stored weight, when the weights are kept in another format than the activations (2:4 sparse). Default bytesPerElement. */
  weightBytesPerElement?: number;
}

/** What one layer costs for one batch. */
export interface Cost {
  /** Stored numbers (weights, biases, normalisation statistics); independent of the batch. */
  params: number;
  /** Multiply-accumulates, c ← c + a·b, for the whole batch. */
  macs: number;
  /** Floating-point operations for the whole batch. */
  flops: number;
  /** Memory traffic in bytes: weights once, plus the batch's input and output activations once each. */
  bytes: number;
  /** Arithmetic intensity, flops / bytes, in FLOP per byte. */
  intensity: number;
}

/** A layer's cost with the facts it was computed from. */
export interface LayerCost extends Cost {
  kind: LayerKind;
  /** Output shape per image (no batch axis). */
  outputShape: number[];
  /** Numbers in one image's input and output activations. */
  inputElements: number;
  outputElements: number;
  /** Bytes of the stored parameters alone: params × bytesPerElement. */
  weightBytes: number;
  /** Bytes of the activations read and written for the whole batch. */
  activationBytes: number;
}

/** A model's cost: the totals at the top level and in `totals`, and one row per layer. */
export interface ModelCost extends Cost {
  layers: (LayerCost & { name?: string })[];
  /** Bytes of all stored parameters: params × bytesPerElement (the model's size on disk, uncompressed). */
  weightBytes: number;
  totals: Cost;
}
