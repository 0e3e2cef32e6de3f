// Reading the layers of a tfjs LayersModel into the cost model's LayerSpecs, so the engine can
// count parameters, MACs, FLOPs and bytes of a zoo model or of a reader's own model.
import * as tf from '@tensorflow/tfjs';
import { tfjsMessage } from './tfjsMessage';
import type { NamedSpec, UnknownLayer, ModelSpecs } from '../contract/models';
export type { NamedSpec, UnknownLayer, ModelSpecs } from '../contract/models';

type Config = Record<string, unknown>;
type Pair = [number, number];

/**
 * Layers that cost nothing at inference and are left out: they only reshape or pass data
 * through (Flatten and Reshape change the shape, not the bytes; Dropout is the identity once
 * trained; InputLayer holds no computation). Softmax is also left out: over 10 classes its few
 * dozen FLOPs do not show next to the layers before it.
 */
const SKIPPED = new Set(['InputLayer', 'Flatten', 'Reshape', 'Dropout', 'Softmax']);

/** Activations that count as nothing (linear) or too little to list (softmax), see SKIPPED. */
const FREE_ACTIVATIONS = new Set(['linear', 'softmax', undefined, null]);

/** A per-image shape (batch axis dropped); a free size (null) becomes NaN. Multi-input: the first. */
function shapeWithoutBatch(shape: tf.Shape | tf.Shape[]): number[] {
  const first = (Array.isArray(shape[0]) ? shape[0] : shape) as tf.Shape;
  return first.slice(1).map((n) => (n === null ? NaN : n));
}

function inputShape(layer: tf.layers.Layer): number[] {
  const input = layer.input;
  return shapeWithoutBatch(Array.isArray(input) ? input.map((t) => t.shape) : input.shape);
}

function pair(value: unknown): Pair {
  return Array.isArray(value) ? [Number(value[0]), Number(value[1] ?? value[0])] : [Number(value), Number(value)];
}

function image(shape: number[]): [number, number, number] {
  if (shape.length !== 3) throw new Error(`needs an [H, W, C] input, got [${shape.join(', ')}]`);
  return [shape[0], shape[1], shape[2]];
}

/** The ReLU row for a layer's fused `activation`, nothing for linear/softmax, or an unknown entry. */
function activationRow(name: string, activation: unknown, shape: number[]): NamedSpec[] | UnknownLayer {
  if (FREE_ACTIVATIONS.has(activation as string)) return [];
  if (activation === 'relu') return [{ name: `${name}/relu`, kind: 'relu', inputShape: shape }];
  return { name: `${name}/activation`, className: `Activation(${String(activation)})` };
}

function requireUnitDilation(config: Config): void {
  const d = pair(config.dilationRate ?? 1);
  if (d[0] !== 1 || d[1] !== 1) throw new Error('dilated convolutions are not counted');
  if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') throw new Error('only channels-last data is counted');
}

/**
 * The cost-model rows of one layer, by Keras class name. A layer with a fused activation gives
 * two rows (`name` and `name/relu`); SeparableConv2D gives its depthwise and pointwise parts.
 * Returns undefined for a class the cost model does not know; pushes an unknown fused activation
 * (tanh, sigmoid…) to `unknown` as `name/activation`.
 */
function rowsOf(layer: tf.layers.Layer, unknown: UnknownLayer[]): NamedSpec[] | undefined {
  const config = layer.getConfig() as Config;
  const name = layer.name;
  const input = inputShape(layer);
  const output = shapeWithoutBatch(layer.outputShape);
  const padding = (config.padding as 'same' | 'valid' | undefined) ?? 'valid';
  // A fused activation the cost model does not know is listed on its own; the layer still counts.
  const withActivation = (rows: NamedSpec[]): NamedSpec[] => {
    const act = activationRow(name, config.activation, output);
    if (Array.isArray(act)) return [...rows, ...act];
    unknown.push(act);
    return rows;
  };
  switch (layer.getClassName()) {
    case 'Dense':
      if (input.length !== 1) throw new Error(`Dense on a rank-${input.length} input is not counted`);
      return withActivation([{ name, kind: 'dense', inputs: input[0], units: Number(config.units), useBias: config.useBias !== false }]);
    case 'Conv2D':
      requireUnitDilation(config);
      return withActivation([{
        name, kind: 'conv2d', inputShape: image(input), filters: Number(config.filters), kernelSize: pair(config.kernelSize),
        strides: pair(config.strides ?? 1), padding, useBias: config.useBias !== false,
      }]);
    case 'DepthwiseConv2D': {
      requireUnitDilation(config);
      const shape = image(input);
      return withActivation([{
        name, kind: 'conv2d', inputShape: shape, filters: shape[2] * Number(config.depthMultiplier ?? 1), groups: shape[2],
        kernelSize: pair(config.kernelSize), strides: pair(config.strides ?? 1), padding, useBias: config.useBias !== false,
      }]);
    }
    case 'SeparableConv2D': {
      requireUnitDilation(config);
      const shape = image(input);
      const depthwise: NamedSpec = {
        name: `${name}/depthwise`, kind: 'conv2d', inputShape: shape, filters: shape[2] * Number(config.depthMultiplier ?? 1),
        groups: shape[2], kernelSize: pair(config.kernelSize), strides: pair(config.strides ?? 1), padding, useBias: false,
      };
      const mid: [number, number, number] = [output[0], output[1], depthwise.filters];
      return withActivation([depthwise, {
        name: `${name}/pointwise`, kind: 'conv2d', inputShape: mid, filters: Number(config.filters), kernelSize: [1, 1], useBias: config.useBias !== false,
      }]);
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const poolSize = pair(config.poolSize ?? 2);
      const kind = layer.getClassName() === 'MaxPooling2D' ? 'maxpool' : 'avgpool';
      return [{ name, kind, inputShape: image(input), poolSize, strides: pair(config.strides ?? poolSize), padding }];
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D': {
      // One window over the whole map: [H, W, C] → [1, 1, C] (Keras drops the 1×1; same numbers).
      const shape = image(input);
      const kind = layer.getClassName() === 'GlobalMaxPooling2D' ? 'maxpool' : 'avgpool';
      return [{ name, kind, inputShape: shape, poolSize: [shape[0], shape[1]] }];
    }
    case 'ReLU':
      return [{ name, kind: 'relu', inputShape: input }];
    case 'Activation': {
      const act = activationRow(name, config.activation, input);
      if (!Array.isArray(act)) return undefined;
      return act.map((row) => ({ ...row, name }));
    }
    case 'BatchNormalization':
    case 'LayerNormalization': {
      const axis = config.axis;
      const last = axis === -1 || axis === input.length || (Array.isArray(axis) && axis.length === 1 && (axis[0] === -1 || axis[0] === input.length));
      if (!last) throw new Error('normalisation over an axis other than the last is not counted');
      if (config.center === false || config.scale === false) throw new Error('normalisation without both γ and β is not counted');
      return [{ name, kind: layer.getClassName() === 'BatchNormalization' ? 'batchnorm' : 'layernorm', inputShape: input }];
    }
    default:
      return undefined;
  }
}

/**
 * The cost-model specs of every layer of `model`, in order, and the layers it cannot count.
 * Flatten, Reshape, Dropout, InputLayer and Softmax cost nothing and are skipped (see SKIPPED).
 * A layer whose sizes are unknown (a free input dimension) or whose options the cost model does
 * not cover (dilation, channels-first, tanh activation…) is listed in `unknown`, with its reason.
 */
export function specsFromModel(model: tf.LayersModel): ModelSpecs {
  const specs: NamedSpec[] = [];
  const unknown: UnknownLayer[] = [];
  for (const layer of model.layers) {
    const className = layer.getClassName();
    if (SKIPPED.has(className)) continue;
    try {
      const rows = rowsOf(layer, unknown);
      if (!rows) unknown.push({ name: layer.name, className });
      else if (rows.some((r) => 'inputShape' in r && r.inputShape.some((n) => !Number.isFinite(n)))) {
        unknown.push({ name: layer.name, className: `${className} (input size not fixed)` });
      } else specs.push(...rows);
    } catch (e) {
      unknown.push({ name: layer.name, className: `${className} (${(e as Error).message})` });
    }
  }
  return { specs, unknown };
}

/**
 * Builds the architecture described by a model.json object (its `modelTopology`) without
 * loading any weights: enough for the cost model. The weights are freshly initialised, so the
 * caller disposes the model after reading it. Throws a message naming the problem for a
 * topology tfjs cannot build.
 */
export async function architectureFromJson(modelJson: Record<string, unknown>): Promise<tf.LayersModel> {
  const topology = modelJson.modelTopology;
  if (!topology || typeof topology !== 'object') throw new Error('model.json has no "modelTopology", so it is not a tfjs layers model.');
  await tf.ready();
  try {
    return await tf.models.modelFromJSON({ modelTopology: topology as tf.io.ModelJSON['modelTopology'] } as never);
  } catch (e) {
    throw new Error(`tfjs cannot build this model from model.json: ${tfjsMessage(e)}`);
  }
}
