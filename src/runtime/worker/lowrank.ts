// Low-rank surgery on a live MLP (lesson 6): its Dense layers, and a copy of the model with one
// Dense layer replaced by two thin ones (rows→k with no bias or activation, then k→cols with the
// original bias and activation), which tfjs can train like any other model.
import * as tf from '@tensorflow/tfjs';
import type { DenseLayerInfo } from '../contract/lowrank';
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

