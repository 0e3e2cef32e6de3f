// A plain description of a loaded LayersModel that can cross to the main thread.
import type * as tf from '@tensorflow/tfjs';
import type {  ModelSummary } from '../contract/models';
export type { LayerSummary, ModelSummary } from '../contract/models';

function withoutBatch(shape: tf.Shape | tf.Shape[]): (number | null)[] {
  const first = (Array.isArray(shape[0]) ? shape[0] : shape) as tf.Shape;
  return first.slice(1);
}

export function summariseModel(key: string, model: tf.LayersModel): ModelSummary {
  const layers = model.layers.map((layer) => {
    const weightShapes = layer.weights.map((w) => w.shape.slice() as number[]);
    return {
      name: layer.name,
      className: layer.getClassName(),
      outputShape: withoutBatch(layer.outputShape),
      weightShapes,
      params: weightShapes.reduce((s, shape) => s + shape.reduce((a, b) => a * b, 1), 0),
    };
  });
  return {
    key,
    inputShape: model.inputs[0].shape.slice(1) as number[],
    outputShape: model.outputs[0].shape.slice(1) as number[],
    params: layers.reduce((s, l) => s + l.params, 0),
    layers,
  };
}
