// A plain description of a loaded LayersModel that can cross to the main thread.
import type * as tf from '@tensorflow/tfjs';

export interface LayerSummary {
  name: string;
  /** The Keras class, e.g. "Dense", "Conv2D". */
  className: string;
  /** Output shape without the batch dimension; null entries are unknown sizes. */
  outputShape: (number | null)[];
  /** Weight shapes in order (kernel, bias, …) and their total number of values. */
  weightShapes: number[][];
  params: number;
}

export interface ModelSummary {
  /** The id under which the worker keeps the model (a zoo id, or "upload:<name>"). */
  key: string;
  inputShape: number[];
  outputShape: number[];
  params: number;
  layers: LayerSummary[];
}

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
