// Architectures of the model zoo, built with tf.layers. Training (scripts/train.ts) and the
// page's fine-tuning build them through `buildModel`, so both get the same layer names and shapes.
//
// Every model ends in a linear Dense layer named `logits` followed by a separate softmax layer
// named `softmax`: the distillation lesson reads the logits (`logitsModel`), everything else
// uses the probabilities.
import * as tf from '@tensorflow/tfjs';
import { ZOO_IDS, type ZooId } from '../contract/zoo.ts';

/** Draws a distinct, reproducible initializer seed for each layer from the model's seed. */
function seeds(seed: number) {
  let layer = 0;
  return {
    he: () => tf.initializers.heNormal({ seed: seed * 1000 + layer++ }),
    glorot: () => tf.initializers.glorotUniform({ seed: seed * 1000 + layer++ }),
    // He for a depthwise kernel [kH, kW, C, 1]: each output sees kH·kW inputs. tfjs's heNormal
    // would take kH·kW·C as the fan-in, shrinking the weights √C times and stalling training.
    depthwise: () => tf.initializers.varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'normal', seed: seed * 1000 + layer++ }),
  };
}

function head(model: tf.Sequential, init: ReturnType<typeof seeds>): tf.Sequential {
  model.add(tf.layers.dense({ units: 10, activation: 'linear', kernelInitializer: init.glorot(), name: 'logits' }));
  model.add(tf.layers.activation({ activation: 'softmax', name: 'softmax' }));
  return model;
}

/** Fully connected ReLU net on flattened 784-pixel images. */
function mlp(hidden: number[], seed: number): tf.Sequential {
  const init = seeds(seed);
  const model = tf.sequential();
  hidden.forEach((units, i) => {
    model.add(tf.layers.dense({
      ...(i === 0 ? { inputShape: [784] } : {}),
      units, activation: 'relu', kernelInitializer: init.he(), name: `dense${i + 1}`,
    }));
  });
  return head(model, init);
}

/** LeNet-5 (LeCun et al. 1998) with ReLU and max pooling, as in most modern re-implementations. */
function lenet5(seed: number): tf.Sequential {
  const init = seeds(seed);
  const model = tf.sequential();
  model.add(tf.layers.conv2d({
    inputShape: [28, 28, 1], filters: 6, kernelSize: 5, padding: 'same', activation: 'relu',
    kernelInitializer: init.he(), name: 'conv1',
  }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
  model.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, padding: 'valid', activation: 'relu', kernelInitializer: init.he(), name: 'conv2' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }));
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(tf.layers.dense({ units: 120, activation: 'relu', kernelInitializer: init.he(), name: 'fc1' }));
  model.add(tf.layers.dense({ units: 84, activation: 'relu', kernelInitializer: init.he(), name: 'fc2' }));
  return head(model, init);
}

/**
 * A small MobileNet-style CNN: a strided 3×3 stem, then blocks of depthwise 3×3 + pointwise 1×1
 * convolutions (each followed by ReLU; 14×14 → 7×7 in the second block), global average pooling and the classifier.
 */
function dsconv(seed: number): tf.Sequential {
  const init = seeds(seed);
  const model = tf.sequential();
  model.add(tf.layers.conv2d({
    inputShape: [28, 28, 1], filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu',
    kernelInitializer: init.he(), name: 'stem',
  }));
  const blocks: { filters: number; strides: number }[] = [
    { filters: 32, strides: 1 },
    { filters: 64, strides: 2 },
    { filters: 128, strides: 1 },
  ];
  blocks.forEach(({ filters, strides }, i) => {
    model.add(tf.layers.depthwiseConv2d({
      kernelSize: 3, strides, padding: 'same', activation: 'relu', depthwiseInitializer: init.depthwise(), name: `dw${i + 1}`,
    }));
    model.add(tf.layers.conv2d({ filters, kernelSize: 1, activation: 'relu', kernelInitializer: init.he(), name: `pw${i + 1}` }));
  });
  model.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
  return head(model, init);
}

const builders: Record<ZooId, (seed: number) => tf.Sequential> = {
  'lenet-300-100': (seed) => mlp([300, 100], seed),
  'lenet-5': lenet5,
  dsconv,
  // No dropout: tfjs's dropout with a fixed seed draws the same mask at every step, and without a
  // seed the run would not be reproducible.
  'teacher-1200': (seed) => mlp([1200, 1200], seed),
};

/** Builds the untrained architecture of zoo model `id`, initialised reproducibly from `seed`. */
export function buildModel(id: string, seed: number): tf.Sequential {
  if (!(ZOO_IDS as readonly string[]).includes(id)) throw new Error(`unknown model: ${id}`);
  return builders[id as ZooId](seed);
}

/** A model sharing `model`'s weights that outputs the logits (the input of the final softmax). */
export function logitsModel(model: tf.LayersModel): tf.LayersModel {
  return tf.model({ inputs: model.inputs, outputs: model.getLayer('logits').output as tf.SymbolicTensor });
}
