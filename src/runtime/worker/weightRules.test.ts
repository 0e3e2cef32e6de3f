// The weight rules of contract/weightShapes.ts against tfjs itself: models tfjs builds and saves
// with every weighted layer class pass the check, layer names and shapes as tfjs writes them.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkTopologyAgainstWeights, type WeightEntry } from '../contract/upload';
import { WEIGHT_RULES } from '../contract/weightShapes';
import { artifactsOf } from './testing/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function everyWeightedLayer(): tf.LayersModel[] {
  const images = tf.sequential({ layers: [
    tf.layers.reshape({ inputShape: [784], targetShape: [28, 28, 1] }),
    tf.layers.conv2d({ filters: 3, kernelSize: [3, 5], name: 'conv' }),
    // Multiplier 1: tfjs 4.22 leaves depth_multiplier out of a SeparableConv2D's saved config, so
    // it would rebuild any other multiplier as 1 and the check rightly refuses it.
    tf.layers.separableConv2d({ filters: 8, kernelSize: [3, 5], name: 'sep' }),
    tf.layers.batchNormalization({ name: 'bn' }),
    tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 3, useBias: false, name: 'dw' }),
    tf.layers.conv2dTranspose({ filters: 4, kernelSize: 2, name: 'tr' }),
    tf.layers.reshape({ targetShape: [-1, 4] }),
    tf.layers.conv1d({ filters: 5, kernelSize: 3, name: 'c1' }),
    tf.layers.lstm({ units: 6, returnSequences: true, name: 'lstm' }),
    tf.layers.gru({ units: 7, returnSequences: true, name: 'gru' }),
    tf.layers.simpleRNN({ units: 3, name: 'rnn' }),
    tf.layers.layerNormalization({ name: 'ln' }),
    tf.layers.dense({ units: 10, name: 'd' }),
  ] });
  const volume = tf.sequential({ layers: [
    tf.layers.reshape({ inputShape: [784], targetShape: [7, 7, 16, 1] }),
    tf.layers.conv3d({ filters: 2, kernelSize: [2, 3, 4], name: 'c3' }),
  ] });
  const tokens = tf.sequential({ layers: [tf.layers.embedding({ inputShape: [784], inputDim: 256, outputDim: 4, name: 'emb' })] });
  return [images, volume, tokens];
}

describe('the weight rules', () => {
  it('accept what tfjs saves for every weighted layer class they know', async () => {
    const covered = new Set<string>();
    for (const model of everyWeightedLayer()) {
      const a = await artifactsOf(model);
      model.layers.forEach((l) => covered.add(l.getClassName()));
      expect(() => checkTopologyAgainstWeights(a.modelTopology, a.weightSpecs as WeightEntry[], 'model.json')).not.toThrow();
      model.dispose();
    }
    expect(Object.keys(WEIGHT_RULES).filter((c) => !covered.has(c))).toEqual([]);
  });
});
