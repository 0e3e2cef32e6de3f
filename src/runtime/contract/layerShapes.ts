// The shape each layer of a Sequential topology hands the next, followed from the input through
// the layer classes whose output shape their config decides. A weighted layer's input channels are
// not in its own config; the checks of weightShapes.ts compare them with this. No tfjs here.

export type Config = Record<string, unknown>;
/** A shape without the batch axis. */
export type Shape = number[];

/** A config value under its Keras (snake_case) or tfjs (camelCase) name. */
export function read(config: Config, snake: string): unknown {
  return config[snake] ?? config[snake.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())];
}

/** A per-axis setting given as one number or one per axis (kernel_size, strides, …). */
function perAxis(config: Config, name: string, fallback: number[]): number[] {
  const value = read(config, name);
  if (typeof value === 'number') return fallback.map(() => value);
  return Array.isArray(value) && value.every((v) => typeof v === 'number') ? value as number[] : fallback;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;

/**
 * The spatial size after a window of `kernel` (dilated by `dilation`) slides with `stride`:
 * Keras's rule for 'valid' and 'same' padding.
 */
function slide(size: number, kernel: number, stride: number, dilation: number, padding: unknown): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - ((kernel - 1) * dilation + 1)) / stride) + 1;
}

/** Height and width after a 2-D window (a convolution or a pooling), channels last. */
function window2d(shape: Shape, config: Config, kernelField: string, defaultStrides?: number[]): number[] | undefined {
  if (shape.length !== 3) return undefined;
  const kernel = perAxis(config, kernelField, [2, 2]);
  const strides = perAxis(config, 'strides', defaultStrides ?? kernel);
  const dilation = perAxis(config, 'dilation_rate', [1, 1]);
  const [h, w] = [0, 1].map((i) => slide(shape[i], kernel[i], strides[i], dilation[i], read(config, 'padding') ?? 'valid'));
  return h > 0 && w > 0 ? [h, w] : undefined;
}

const SAME_SHAPE = new Set([
  'Activation', 'ReLU', 'LeakyReLU', 'ELU', 'PReLU', 'ThresholdedReLU', 'Softmax', 'Dropout', 'SpatialDropout2D',
  'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'BatchNormalization', 'LayerNormalization',
]);

/** A layer's output shape from its input shape, or undefined when this check does not follow the class. */
export function outputShape(className: string, config: Config, input: Shape): Shape | undefined {
  if (SAME_SHAPE.has(className)) return input;
  const channels = input[input.length - 1];
  switch (className) {
    case 'Dense': {
      const units = read(config, 'units');
      return isCount(units) && input.length > 0 ? [...input.slice(0, -1), units] : undefined;
    }
    case 'Flatten':
      return [input.reduce((a, b) => a * b, 1)];
    case 'Reshape': {
      const target = read(config, 'target_shape');
      if (!Array.isArray(target)) return undefined;
      const total = input.reduce((a, b) => a * b, 1);
      const known = target.filter((t) => t !== -1 && t !== null).reduce((a: number, b) => a * Number(b), 1);
      return target.map((t) => (t === -1 || t === null ? total / known : Number(t)));
    }
    case 'Conv2D':
    case 'SeparableConv2D': {
      const hw = window2d(input, config, 'kernel_size', [1, 1]);
      const filters = read(config, 'filters');
      return hw && isCount(filters) ? [...hw, filters] : undefined;
    }
    case 'DepthwiseConv2D': {
      const hw = window2d(input, config, 'kernel_size', [1, 1]);
      const multiplier = read(config, 'depth_multiplier') ?? 1;
      return hw && isCount(multiplier) ? [...hw, channels * multiplier] : undefined;
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const hw = window2d(input, config, 'pool_size');
      return hw ? [...hw, channels] : undefined;
    }
    case 'UpSampling2D': {
      const size = perAxis(config, 'size', [2, 2]);
      return input.length === 3 ? [input[0] * size[0], input[1] * size[1], channels] : undefined;
    }
    case 'ZeroPadding2D': {
      // padding: one number, [rows, cols], or [[top, bottom], [left, right]].
      const p = read(config, 'padding') ?? 1;
      const pairs = typeof p === 'number' ? [[p, p], [p, p]] : Array.isArray(p) ? p.map((q) => (Array.isArray(q) ? q : [q, q])) : undefined;
      if (!pairs || input.length !== 3 || !pairs.flat().every((n) => Number.isInteger(n))) return undefined;
      return [input[0] + pairs[0][0] + pairs[0][1], input[1] + pairs[1][0] + pairs[1][1], channels];
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
      return input.length === 3 ? [channels] : undefined;
    default:
      return undefined;
  }
}

/** Layer classes whose weights take the input's last axis as their input channels. */
export const CHANNELS_LAST_INPUT = new Set(['Dense', 'Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'BatchNormalization', 'LayerNormalization']);
