import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTopologyAgainstWeights, type WeightEntry } from './upload';
import { ZOO_IDS } from './zoo';

/** A Sequential topology of `layers` ([class, config]) after a 784-value input. */
function model(layers: [string, Record<string, unknown>][]) {
  return { class_name: 'Sequential', config: { layers: layers.map(([class_name, config], i) => ({ class_name, config: i === 0 ? { batch_input_shape: [null, 784], ...config } : config })) } };
}
const w = (name: string, shape: number[]): WeightEntry => ({ name, shape, dtype: 'float32' });
const check = (layers: [string, Record<string, unknown>][], weights: WeightEntry[]) => () => checkTopologyAgainstWeights(model(layers), weights, 'model.json');

const reshape: [string, Record<string, unknown>] = ['Reshape', { name: 'r', target_shape: [28, 28, 1] }];

describe('checkTopologyAgainstWeights', () => {
  it('accepts every zoo model with its own manifest', () => {
    for (const id of ZOO_IDS) {
      const json = JSON.parse(readFileSync(join(import.meta.dirname, `../../../public/models/${id}/model.json`), 'utf8'));
      expect(() => checkTopologyAgainstWeights(json.modelTopology, json.weightsManifest.flatMap((g: { weights: WeightEntry[] }) => g.weights), id)).not.toThrow();
    }
  });

  it('refuses a depthwise convolution whose depth multiplier or bias disagrees with its kernel', () => {
    const dw = (multiplier: number): [string, Record<string, unknown>] => ['DepthwiseConv2D', { name: 'dw', kernel_size: [3, 3], depth_multiplier: multiplier, use_bias: true }];
    expect(check([reshape, dw(2)], [w('dw/depthwise_kernel', [3, 3, 1, 2]), w('dw/bias', [2])])).not.toThrow();
    expect(check([reshape, dw(4000)], [w('dw/depthwise_kernel', [3, 3, 1, 2]), w('dw/bias', [2])]))
      .toThrow('layer "dw" (DepthwiseConv2D) has depth_multiplier 4000 in its topology, but its depthwise_kernel in the weights manifest has 2 (shape [3, 3, 1, 2])');
    expect(check([reshape, dw(2)], [w('dw/depthwise_kernel', [3, 3, 1, 2]), w('dw/bias', [6])]))
      .toThrow('its bias [6] and its depthwise_kernel [3, 3, 1, 2] in the weights manifest disagree on the number of input channels');
  });

  it('refuses a separable convolution whose pointwise kernel does not take the depthwise output', () => {
    const sep: [string, Record<string, unknown>] = ['SeparableConv2D', { name: 'sep', filters: 8, kernel_size: [3, 5], depth_multiplier: 2 }];
    const ok = [w('sep/depthwise_kernel', [3, 5, 1, 2]), w('sep/pointwise_kernel', [1, 1, 2, 8]), w('sep/bias', [8])];
    expect(check([reshape, sep], ok)).not.toThrow();
    expect(check([reshape, sep], [ok[0], w('sep/pointwise_kernel', [1, 1, 16, 8]), ok[2]])).toThrow('disagree on the number of input channels');
    expect(check([reshape, sep], [w('sep/depthwise_kernel', [3, 3, 1, 2]), ok[1], ok[2]])).toThrow('has kernel_size [3,5] in its topology, but its depthwise_kernel in the weights manifest has 3');
    expect(check([reshape, sep], ok.slice(0, 2))).toThrow('needs a weight "bias", but the weights manifest has no "sep/bias"');
  });

  it('refuses batch normalisation whose four vectors differ in length, and knows center/scale switch γ and β off', () => {
    const bn = (config = {}): [string, Record<string, unknown>] => ['BatchNormalization', { name: 'bn', axis: -1, ...config }];
    const stats = [w('bn/moving_mean', [784]), w('bn/moving_variance', [784])];
    expect(check([bn()], [w('bn/gamma', [784]), w('bn/beta', [784]), ...stats])).not.toThrow();
    expect(check([bn({ center: false, scale: false })], stats)).not.toThrow();
    expect(check([bn()], [w('bn/gamma', [784]), w('bn/beta', [784]), stats[0], w('bn/moving_variance', [100000])])).toThrow('its moving_variance [100000] and its gamma [784]');
    expect(check([bn()], stats)).toThrow('needs a weight "gamma"');
  });

  it('refuses an embedding whose table is not input_dim × output_dim', () => {
    const emb = (inputDim: number): [string, Record<string, unknown>] => ['Embedding', { name: 'emb', input_dim: inputDim, output_dim: 4 }];
    expect(check([emb(256)], [w('emb/embeddings', [256, 4])])).not.toThrow();
    expect(check([emb(10_000_000)], [w('emb/embeddings', [256, 4])])).toThrow('layer "emb" (Embedding) has input_dim 10000000 in its topology, but its embeddings in the weights manifest has 256');
  });

  it('refuses recurrent layers whose gates do not match their units', () => {
    const lstm: [string, Record<string, unknown>] = ['LSTM', { name: 'lstm', units: 6 }];
    const ok = [w('lstm/kernel', [28, 24]), w('lstm/recurrent_kernel', [6, 24]), w('lstm/bias', [24])];
    expect(check([reshape, lstm], ok)).not.toThrow();
    expect(check([reshape, ['LSTM', { name: 'lstm', units: 60000 }]], ok)).toThrow('has units 60000 (×4) in its topology, but its kernel in the weights manifest has 24');
    // Keras's GRU with reset_after: a [2, 3·units] bias.
    const gru = [w('g/kernel', [28, 21]), w('g/recurrent_kernel', [7, 21]), w('g/bias', [2, 21])];
    expect(check([reshape, ['GRU', { name: 'g', units: 7, reset_after: true }]], gru)).not.toThrow();
    expect(check([reshape, ['GRU', { name: 'g', units: 7 }]], gru)).toThrow('its bias has 1 axes, but the weights manifest gives it the shape [2, 21]');
  });

  it('checks convolution kernels of every rank, the transposed layout, and a Dense without bias', () => {
    const conv1d: [string, Record<string, unknown>] = ['Conv1D', { name: 'c', filters: 5, kernel_size: [3] }];
    expect(check([reshape, conv1d], [w('c/kernel', [3, 28, 5]), w('c/bias', [5])])).not.toThrow();
    expect(check([reshape, conv1d], [w('c/kernel', [3, 28, 50]), w('c/bias', [5])])).toThrow('has filters 5 in its topology, but its kernel in the weights manifest has 50');
    const transposed: [string, Record<string, unknown>] = ['Conv2DTranspose', { name: 't', filters: 4, kernel_size: 2 }];
    expect(check([reshape, transposed], [w('t/kernel', [2, 2, 4, 1]), w('t/bias', [4])])).not.toThrow();
    expect(check([reshape, transposed], [w('t/kernel', [2, 2, 1, 4]), w('t/bias', [4])])).toThrow('has filters 4 in its topology, but its kernel in the weights manifest has 1');
    expect(check([['Dense', { name: 'd', units: 10, use_bias: false }]], [w('d/kernel', [784, 10])])).not.toThrow();
  });

  it('refuses a layer whose weights take other input channels than the layers before it give', () => {
    const dense = (name: string, units: number): [string, Record<string, unknown>] => ['Dense', { name, units }];
    const ok = [w('d1/kernel', [784, 30]), w('d1/bias', [30]), w('d2/kernel', [30, 10]), w('d2/bias', [10])];
    expect(check([dense('d1', 30), dense('d2', 10)], ok)).not.toThrow();
    expect(check([dense('d1', 30), dense('d2', 10)], [...ok.slice(0, 2), w('d2/kernel', [31, 10]), ok[3]]))
      .toThrow('layer "d2" (Dense) takes 31 input channels (its kernel [31, 10] in the weights manifest), but the layers before it give 30 (shape [30])');
    // Through a convolution, pooling and flattening: 28×28 → conv 3×3 valid, 4 filters → 26×26×4 → pool → 13×13×4 → 676.
    const convNet: [string, Record<string, unknown>][] = [reshape, ['Conv2D', { name: 'c', filters: 4, kernel_size: [3, 3] }], ['MaxPooling2D', { name: 'p', pool_size: [2, 2] }], ['Flatten', { name: 'f' }], dense('d', 10)];
    const convWeights = [w('c/kernel', [3, 3, 1, 4]), w('c/bias', [4]), w('d/bias', [10])];
    expect(check(convNet, [...convWeights, w('d/kernel', [676, 10])])).not.toThrow();
    expect(check(convNet, [...convWeights, w('d/kernel', [784, 10])])).toThrow('but the layers before it give 676 (shape [676])');
    // An up-sampling that would make tfjs allocate a 784-million-row kernel is refused before building.
    const huge: [string, Record<string, unknown>][] = [reshape, ['UpSampling2D', { name: 'u', size: [1000, 1000] }], ['Flatten', { name: 'f' }], dense('d', 10)];
    expect(check(huge, [w('d/kernel', [784, 10]), w('d/bias', [10])])).toThrow('but the layers before it give 784000000');
  });

  it('refuses a manifest weight that belongs to no layer, but not an optimizer’s state', () => {
    const dense: [string, Record<string, unknown>] = ['Dense', { name: 'd', units: 10 }];
    const weights = [w('d/kernel', [784, 10]), w('d/bias', [10])];
    expect(check([dense], [...weights, w('ghost/kernel', [1000, 1000])])).toThrow('has a weight "ghost/kernel" that belongs to no layer of its topology');
    expect(check([dense], [...weights, { ...w('iter', []), group: 'optimizer' }])).not.toThrow();
  });
});
