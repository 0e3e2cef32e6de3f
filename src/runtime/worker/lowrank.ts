// Low-rank surgery on a live MLP (lesson 6): its Dense layers, and a copy of the model with one
// Dense layer replaced by two thin ones (rows→k with no bias or activation, then k→cols with the
// original bias and activation), which tfjs can train like any other model.
import * as tf from '@tensorflow/tfjs';
import type { DenseLayerInfo } from '../contract/lowrank';
import type { LabelledImages } from './evaluate';
import { kernelsOf } from './weights';

/** The model's Dense layers with 2-D kernels, in order. */
export function denseLayers(model: tf.LayersModel): DenseLayerInfo[] {
  return kernelsOf(model).filter((k) => k.shape.length === 2).map((k) => ({ weight: k.name, rows: k.shape[0], cols: k.shape[1] }));
}

/** The layer name of a kernel name: "dense1/kernel" → "dense1". */
export const layerOfWeight = (weight: string) => weight.replace(/\/kernel$/, '');

interface DenseConfig { units: number; activation?: string; useBias?: boolean; use_bias?: boolean }

/**
 * A new model equal to `model` (Dense and Activation layers only) except that the Dense layer
 * whose kernel is `weight` becomes x·left (rows×k, named "<layer>_a") followed by ·right (k×cols)
 * with the old bias and activation, under the old name (so "logits" stays "logits").
 * The caller owns (and disposes) the result.
 */
export function factorisedModel(model: tf.LayersModel, weight: string, left: Float32Array, right: Float32Array, rank: number): tf.Sequential {
  const target = layerOfWeight(weight);
  if (!model.layers.some((l) => l.name === target)) throw new Error(`the model has no layer ${target}`);
  const built = tf.sequential();
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const weights: tf.Tensor[] = [];
  model.layers.forEach((layer, i) => {
    const first = i === 0 ? { inputShape } : {};
    const className = layer.getClassName();
    if (className === 'Activation') {
      built.add(tf.layers.activation({ activation: (layer.getConfig() as { activation: string }).activation as 'softmax', name: layer.name }));
      return;
    }
    if (className !== 'Dense') throw new Error(`low-rank factorisation here handles models of Dense layers; ${layer.name} is a ${className}`);
    const config = layer.getConfig() as unknown as DenseConfig;
    const activation = (config.activation ?? 'linear') as 'relu';
    const useBias = config.useBias ?? config.use_bias ?? true;
    const own = layer.getWeights();
    if (layer.name === target) {
      const [rows, cols] = own[0].shape;
      built.add(tf.layers.dense({ ...first, units: rank, useBias: false, name: `${target}_a` }));
      built.add(tf.layers.dense({ units: config.units, activation, useBias, name: target }));
      weights.push(tf.tensor2d(left, [rows, rank]), tf.tensor2d(right, [rank, cols]), ...own.slice(1).map((t) => t.clone()));
    } else {
      built.add(tf.layers.dense({ ...first, units: config.units, activation, useBias, name: layer.name }));
      weights.push(...own.map((t) => t.clone()));
    }
  });
  built.setWeights(weights);
  tf.dispose(weights);
  return built;
}


/** The same images with ink and background swapped (255 − byte): a shifted task for adaptation. */
export function invertedImages<T extends LabelledImages>(data: T): T {
  return { ...data, images: data.images.map((b) => 255 - b) };
}

/**
 * LoRA (Hu et al. 2021) on a Dense MLP: every original layer frozen, and the layer whose kernel
 * is `weight` computes x·W + b + (x·A)·B before its activation, with A (rows×r, small random) and
 * B (r×cols, zeros) the only trainable weights, so training starts from the original model.
 * The caller owns (and disposes) the result; its frozen layers are copies.
 */
export function loraModel(model: tf.LayersModel, weight: string, rank: number, seed: number): tf.LayersModel {
  const target = layerOfWeight(weight);
  const input = tf.input({ shape: model.inputs[0].shape.slice(1) as number[] });
  let x: tf.SymbolicTensor = input;
  const copies: { layer: tf.layers.Layer; weights: tf.Tensor[] }[] = [];
  for (const layer of model.layers) {
    const className = layer.getClassName();
    const config = layer.getConfig() as unknown as DenseConfig & { activation?: string };
    if (className === 'Activation') {
      x = tf.layers.activation({ activation: config.activation as 'softmax', name: layer.name }).apply(x) as tf.SymbolicTensor;
      continue;
    }
    if (className !== 'Dense') throw new Error(`LoRA here handles models of Dense layers; ${layer.name} is a ${className}`);
    const activation = (config.activation ?? 'linear') as 'relu';
    const useBias = config.useBias ?? config.use_bias ?? true;
    const isTarget = layer.name === target;
    const frozen = tf.layers.dense({ units: config.units, useBias, activation: isTarget ? 'linear' : activation, name: isTarget ? `${target}_frozen` : layer.name, trainable: false });
    const base = frozen.apply(x) as tf.SymbolicTensor;
    copies.push({ layer: frozen, weights: layer.getWeights() });
    if (!isTarget) { x = base; continue; }
    const a = tf.layers.dense({ units: rank, useBias: false, name: `${target}_lora_a`, kernelInitializer: tf.initializers.randomNormal({ stddev: 1 / Math.sqrt(config.units), seed }) });
    const b = tf.layers.dense({ units: config.units, useBias: false, name: `${target}_lora_b`, kernelInitializer: 'zeros' });
    const sum = tf.layers.add().apply([base, b.apply(a.apply(x)) as tf.SymbolicTensor]) as tf.SymbolicTensor;
    x = tf.layers.activation({ activation, name: target }).apply(sum) as tf.SymbolicTensor;
  }
  const built = tf.model({ inputs: input, outputs: x });
  for (const { layer, weights } of copies) layer.setWeights(weights);
  return built;
}
