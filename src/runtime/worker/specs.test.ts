import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelCost } from '../../engine';
import { buildModel } from './models';
import { architectureFromJson, specsFromModel } from './specs';
import { ZOO_IDS } from '../contract/zoo';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function model(layers: tf.layers.Layer[]): tf.Sequential {
  const m = tf.sequential();
  layers.forEach((l) => m.add(l));
  return m;
}

describe('specsFromModel', () => {
  it('reads a dense ReLU net as dense and relu rows, skipping dropout and softmax', () => {
    const m = model([
      tf.layers.dense({ inputShape: [784], units: 300, activation: 'relu', name: 'fc1' }),
      tf.layers.dropout({ rate: 0.5 }),
      tf.layers.dense({ units: 100, activation: 'relu', name: 'fc2' }),
      tf.layers.dense({ units: 10, name: 'logits' }),
      tf.layers.activation({ activation: 'softmax' }),
    ]);
    const { specs, unknown } = specsFromModel(m);
    expect(unknown).toEqual([]);
    expect(specs).toEqual([
      { name: 'fc1', kind: 'dense', inputs: 784, units: 300, useBias: true },
      { name: 'fc1/relu', kind: 'relu', inputShape: [300] },
      { name: 'fc2', kind: 'dense', inputs: 300, units: 100, useBias: true },
      { name: 'fc2/relu', kind: 'relu', inputShape: [100] },
      { name: 'logits', kind: 'dense', inputs: 100, units: 10, useBias: true },
    ]);
    expect(modelCost(specs).params).toBe(266_610);
    expect(m.countParams()).toBe(266_610);
  });

  it('reads conv, depthwise, separable, pooling and normalisation layers with their sizes', () => {
    const m = model([
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, strides: 2, padding: 'same', name: 'stem' }),
      tf.layers.batchNormalization({ name: 'bn' }),
      tf.layers.reLU({ name: 'act' }),
      tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', useBias: false, name: 'dw' }),
      tf.layers.separableConv2d({ filters: 12, kernelSize: 3, name: 'sep' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
      tf.layers.averagePooling2d({ poolSize: 2, strides: 1, name: 'avg' }),
      tf.layers.layerNormalization({ name: 'ln' }),
      tf.layers.globalAveragePooling2d({ name: 'gap' }),
      tf.layers.dense({ units: 10, name: 'out' }),
    ]);
    const { specs, unknown } = specsFromModel(m);
    expect(unknown).toEqual([]);
    expect(specs.map((s) => s.name)).toEqual(['stem', 'bn', 'act', 'dw', 'sep/depthwise', 'sep/pointwise', 'pool', 'avg', 'ln', 'gap', 'out']);
    expect(specs[0]).toMatchObject({ kind: 'conv2d', inputShape: [28, 28, 1], filters: 8, kernelSize: [3, 3], strides: [2, 2], padding: 'same' });
    expect(specs[3]).toMatchObject({ kind: 'conv2d', inputShape: [14, 14, 8], filters: 16, groups: 8, useBias: false });
    expect(specs[4]).toMatchObject({ kind: 'conv2d', inputShape: [14, 14, 16], filters: 16, groups: 16, padding: 'valid' });
    expect(specs[5]).toMatchObject({ kind: 'conv2d', inputShape: [12, 12, 16], filters: 12, kernelSize: [1, 1] });
    expect(specs[9]).toMatchObject({ kind: 'avgpool', inputShape: [5, 5, 12], poolSize: [5, 5] });
    const cost = modelCost(specs);
    expect(cost.params).toBe(m.countParams());
    // The engine's output shapes agree with tfjs's, layer by layer (GAP: [1, 1, C] vs [C]).
    const tfShapes = m.layers.map((l) => (l.outputShape as number[]).slice(1));
    expect(cost.layers[6].outputShape).toEqual(tfShapes[5]);
    expect(cost.layers[8].outputShape).toEqual(tfShapes[7]);
    expect(cost.layers[9].outputShape).toEqual([1, 1, ...tfShapes[8]]);
  });

  it('lists layers it cannot count and still summarises the rest', () => {
    const m = model([
      tf.layers.dense({ inputShape: [20], units: 16, activation: 'tanh', name: 'squash' }),
      tf.layers.reshape({ targetShape: [4, 4, 1] }),
      tf.layers.conv2dTranspose({ filters: 2, kernelSize: 3, name: 'up' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, name: 'out' }),
    ]);
    const { specs, unknown } = specsFromModel(m);
    expect(unknown).toEqual([
      { name: 'squash/activation', className: 'Activation(tanh)' },
      { name: 'up', className: 'Conv2DTranspose' },
    ]);
    expect(specs).toEqual([
      { name: 'squash', kind: 'dense', inputs: 20, units: 16, useBias: true },
      { name: 'out', kind: 'dense', inputs: 72, units: 3, useBias: true },
    ]);
  });

  for (const id of ZOO_IDS) {
    it(`counts as many parameters as tfjs for the zoo model ${id}`, () => {
      const m = buildModel(id, 1);
      const { specs, unknown } = specsFromModel(m);
      expect(unknown).toEqual([]);
      expect(modelCost(specs).params).toBe(m.countParams());
      m.dispose();
    });
  }
});

describe('architectureFromJson', () => {
  it('rebuilds a model from its saved topology alone, with the same specs', async () => {
    const original = buildModel('lenet-5', 1);
    const topology = original.toJSON(null, false) as object;
    const rebuilt = await architectureFromJson({ modelTopology: topology, weightsManifest: [] });
    expect(specsFromModel(rebuilt)).toEqual(specsFromModel(original));
    expect(rebuilt.countParams()).toBe(original.countParams());
    original.dispose();
    rebuilt.dispose();
  });

  it('names the problem when there is no topology or tfjs cannot build it', async () => {
    await expect(architectureFromJson({ weightsManifest: [] })).rejects.toThrow(/no "modelTopology"/);
    await expect(architectureFromJson({ modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'NoSuchLayer', config: {} }] } } }))
      .rejects.toThrow(/tfjs cannot build this model from model.json: .*NoSuchLayer/);
  });
});
