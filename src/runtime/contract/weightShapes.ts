// The weights each layer class carries, as shapes its model.json config implies, so an upload's
// weights manifest can be checked layer by layer before tfjs builds the model (building allocates
// every weight the topology implies, whatever the manifest says). No tfjs here.
import { read, type Config } from './layerShapes';
import type { WeightEntry } from './upload';


/**
 * One axis of a weight: a size the config fixes (with the config field it comes from, for the
 * message), or a multiple of the layer's input channels, which only the layers before decide.
 */
export type Axis = { size: number; field: string } | { inputTimes: number };

/** A layer class's weights by name (tfjs's names: kernel, bias, depthwise_kernel, gamma, …). */
type WeightRule = (config: Config) => Record<string, Axis[]>;

const IN: Axis = { inputTimes: 1 };


function field(config: Config, name: string, times = 1, fallback?: number): Axis {
  const value = read(config, name) ?? fallback;
  return { size: typeof value === 'number' ? value * times : NaN, field: times === 1 ? `${name} ${String(value)}` : `${name} ${String(value)} (×${times})` };
}

/** The kernel size along each of `rank` axes (a number means the same on every axis). */
function kernel(config: Config, rank: number): Axis[] {
  const k = read(config, 'kernel_size');
  return Array.from({ length: rank }, (_, i) => {
    const size = Array.isArray(k) ? k[i] : k;
    return { size: typeof size === 'number' ? size : NaN, field: `kernel_size ${JSON.stringify(k)}` };
  });
}

const flag = (config: Config, name: string) => read(config, name) !== false;
const withBias = (config: Config, bias: Axis[]): Record<string, Axis[]> => (flag(config, 'use_bias') ? { bias } : {});

function convolution(rank: number, transposed = false): WeightRule {
  return (c) => ({
    kernel: [...kernel(c, rank), ...(transposed ? [field(c, 'filters'), IN] : [IN, field(c, 'filters')])],
    ...withBias(c, [field(c, 'filters')]),
  });
}

/** A recurrent layer with `gates` gate blocks per unit (LSTM 4, GRU 3, SimpleRNN 1). */
function recurrent(gates: number): WeightRule {
  return (c) => {
    const width = field(c, 'units', gates);
    // Keras's GRU with reset_after keeps separate input and recurrent biases: [2, 3·units].
    const bias = gates === 3 && read(c, 'reset_after') === true ? [{ size: 2, field: 'reset_after true' }, width] : [width];
    return { kernel: [IN, width], recurrent_kernel: [field(c, 'units'), width], ...withBias(c, bias) };
  };
}

function normalization(moving: boolean): WeightRule {
  return (c) => {
    const rule: Record<string, Axis[]> = {};
    if (flag(c, 'scale')) rule.gamma = [IN];
    if (flag(c, 'center')) rule.beta = [IN];
    if (moving) Object.assign(rule, { moving_mean: [IN], moving_variance: [IN] });
    return rule;
  };
}

/** Every weighted layer class of the zoo and of common uploads. */
export const WEIGHT_RULES: Record<string, WeightRule> = {
  Dense: (c) => ({ kernel: [IN, field(c, 'units')], ...withBias(c, [field(c, 'units')]) }),
  Conv1D: convolution(1),
  Conv2D: convolution(2),
  Conv3D: convolution(3),
  Conv2DTranspose: convolution(2, true),
  DepthwiseConv2D: (c) => ({
    depthwise_kernel: [...kernel(c, 2), IN, field(c, 'depth_multiplier', 1, 1)],
    ...withBias(c, [{ inputTimes: Number(read(c, 'depth_multiplier') ?? 1) }]),
  }),
  SeparableConv2D: (c) => ({
    depthwise_kernel: [...kernel(c, 2), IN, field(c, 'depth_multiplier', 1, 1)],
    pointwise_kernel: [{ size: 1, field: 'a pointwise kernel of 1' }, { size: 1, field: 'a pointwise kernel of 1' }, { inputTimes: Number(read(c, 'depth_multiplier') ?? 1) }, field(c, 'filters')],
    ...withBias(c, [field(c, 'filters')]),
  }),
  BatchNormalization: normalization(true),
  LayerNormalization: normalization(false),
  Embedding: (c) => ({ embeddings: [field(c, 'input_dim'), field(c, 'output_dim')] }),
  LSTM: recurrent(4),
  GRU: recurrent(3),
  SimpleRNN: recurrent(1),
};

/** The manifest entry of weight `weight` of layer `layer` ("dense1/kernel", or nested "model/dense1/kernel"). */
function findWeight(weights: readonly WeightEntry[], layer: string, weight: string): WeightEntry | undefined {
  return weights.find((w) => {
    const parts = w.name.split('/');
    return parts[parts.length - 1] === weight && parts.slice(0, -1).includes(layer);
  });
}

const shapeText = (shape: readonly unknown[]) => `[${shape.join(', ')}]`;

/**
 * Checks every weight a layer's config implies against the manifest: present, of the right rank,
 * each size the config fixes equal, and one input-channel count that every weight agrees on.
 * Throws a message naming the layer, the config field and both sizes. Returns the input channels
 * the weights take (with the weight they were read from), for the caller to compare with what the
 * layers before give.
 */
export function checkLayerWeights(className: string, config: Config, weights: readonly WeightEntry[], jsonName: string): { channels: number; from: string } | undefined {
  const rule = WEIGHT_RULES[className];
  if (!rule) return undefined;
  const name = String(config.name ?? '?');
  const layer = `${jsonName}: layer "${name}" (${className})`;
  let input: { channels: number; from: string } | undefined;
  for (const [weight, axes] of Object.entries(rule(config))) {
    const entry = findWeight(weights, name, weight);
    if (!entry) throw new Error(`${layer} needs a weight "${weight}", but the weights manifest has no "${name}/${weight}". Were model.json and the weights saved together?`);
    const shape = entry.shape;
    if (!Array.isArray(shape) || shape.length !== axes.length) {
      throw new Error(`${layer}: its ${weight} has ${axes.length} axes, but the weights manifest gives it the shape ${shapeText(Array.isArray(shape) ? shape : [])}.`);
    }
    axes.forEach((axis, i) => {
      if ('size' in axis) {
        if (shape[i] !== axis.size) {
          throw new Error(`${layer} has ${axis.field} in its topology, but its ${weight} in the weights manifest has ${shape[i]} (shape ${shapeText(shape)}). Were model.json and the weights saved together?`);
        }
        return;
      }
      const channels = shape[i] / axis.inputTimes;
      if (input === undefined) input = { channels, from: `${weight} ${shapeText(shape)}` };
      else if (channels !== input.channels) {
        throw new Error(`${layer}: its ${weight} ${shapeText(shape)} and its ${input.from} in the weights manifest disagree on the number of input channels.`);
      }
    });
  }
  return input;
}
