// Compression as practised today, on a live MLP: GPTQ and round-to-nearest on a group-wise grid,
// Wanda and magnitude pruning, and 2:4 against unstructured masks. The maths is the engine's;
// this module walks the Dense layers, collects each layer's calibration inputs through the
// layers already compressed (as GPTQ and Wanda do), and moves weights between tfjs and the engine
// (Keras kernels are [in, out]; the engine's matrices are [out, in], as in the papers).
import * as tf from '@tensorflow/tfjs';
import {
  applyMask,
  awqQuantize,
  gptqQuantize,
  groupStorage,
  inputNorms,
  layerHessian,
  layerOutputError,
  magnitudeMask,
  nmMask,
  roundToNearestGroups,
  rowwiseMask,
  sampleIndices,
  seededRandom,
  transpose,
  wandaScores,
} from '../../engine';
import { abortError, yieldToEventLoop } from '../contract/abort';
import type { GptqLayerRow, GroupQuantSettings } from '../contract/modern';
import type { LabelledImages } from './evaluate';
import { gatherPixels } from './mnist';
import type { Masks } from './prune';
import { backendProduct } from './tfjsProduct';
import { readWeight, writeWeight } from './weights';

/** One Dense layer: its weight names and sizes. */
export interface DenseLayer {
  kernel: string;
  bias?: string;
  inputs: number;
  outputs: number;
  relu: boolean;
}

/** The Dense layers of an MLP in order; any other layer with weights is refused by name. */
export function denseChain(model: tf.LayersModel): DenseLayer[] {
  const chain: DenseLayer[] = [];
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const cls = layer.getClassName();
    if (cls !== 'Dense') {
      throw new Error(`these methods run on the fully connected models (LeNet-300-100, the teacher); layer ${layer.name} is a ${cls}`);
    }
    const names = layer.weights.map((w) => w.originalName);
    const kernel = names.find((n) => n.endsWith('/kernel'))!;
    const [inputs, outputs] = layer.weights.find((w) => w.originalName === kernel)!.shape as number[];
    const activation = (layer.getConfig() as { activation?: string }).activation ?? 'linear';
    if (activation !== 'relu' && activation !== 'linear') throw new Error(`layer ${layer.name} uses ${activation}; only ReLU and linear layers are handled`);
    chain.push({ kernel, bias: names.find((n) => n.endsWith('/bias')), inputs, outputs, relu: activation === 'relu' });
  }
  if (chain.length === 0) throw new Error('the model has no Dense layers');
  return chain;
}

/** Throws unless `count` is a whole number of calibration images from 16 to 2048. */
export function checkCalibration(count: number): void {
  if (!Number.isInteger(count) || count < 16 || count > 2048) {
    throw new Error(`the number of calibration images must be a whole number from 16 to 2048 (got ${count})`);
  }
}

/** `count` training images chosen by a seeded sample, as [count, 784] pixels in [0, 1]. */
export function calibrationImages(train: LabelledImages, count: number, seed: number): Float32Array {
  checkCalibration(count);
  return gatherPixels(train.images, sampleIndices(train.count, count, seededRandom(seed)));
}

/** The layer's output on `x` [samples, inputs] with the model's current weights. */
function forwardDense(model: tf.LayersModel, layer: DenseLayer, x: Float32Array, samples: number): Float32Array {
  const kernel = readWeight(model, layer.kernel);
  const bias = layer.bias ? readWeight(model, layer.bias) : undefined;
  return tf.tidy(() => {
    let y: tf.Tensor2D = tf.matMul(tf.tensor2d(x, [samples, layer.inputs]), tf.tensor2d(kernel, [layer.inputs, layer.outputs]));
    if (bias) y = y.add(tf.tensor1d(bias));
    if (layer.relu) y = tf.relu(y);
    return y.dataSync() as Float32Array;
  }).slice();
}

export interface LayerWalk {
  signal?: AbortSignal;
  /** Called before each layer is visited (done = layers finished). */
  onLayer?(done: number, total: number): void;
}

/**
 * Visits the Dense layers in order. `visit` gets the layer, its kernel as the engine's [out, in]
 * matrix and the layer's inputs on the calibration images (computed through the layers already
 * changed), and returns the new [out, in] matrix, which is written back.
 */
export async function walkLayers(
  model: tf.LayersModel,
  calibration: Float32Array,
  samples: number,
  visit: (layer: DenseLayer, weights: Float32Array, inputs: Float32Array) => Float32Array,
  { signal, onLayer }: LayerWalk = {},
): Promise<void> {
  const chain = denseChain(model);
  let inputs = calibration;
  for (const [i, layer] of chain.entries()) {
    if (signal?.aborted) throw abortError();
    onLayer?.(i, chain.length);
    await yieldToEventLoop();
    const weights = transpose(readWeight(model, layer.kernel), layer.inputs, layer.outputs);
    writeWeight(model, layer.kernel, transpose(visit(layer, weights, inputs), layer.outputs, layer.inputs));
    if (i < chain.length - 1) inputs = forwardDense(model, layer, inputs, samples);
  }
  onLayer?.(chain.length, chain.length);
}

/** The three copies of one float model that `quantizeThreeWays` fills. */
export interface QuantizedCopies {
  rtn: tf.LayersModel;
  gptq: tf.LayersModel;
  awq: tf.LayersModel;
}

/**
 * Quantizes the copies by round-to-nearest, GPTQ and AWQ on the same group-wise grid (all start
 * as copies of one float model). The calibration inputs of each layer pass through the layers
 * GPTQ has already quantized, as GPTQ needs, and AWQ searches its α on the same inputs, so each
 * layer's row compares the three output errors on identical data. The large products (GPTQ's
 * Cholesky factor and block updates, AWQ's output errors) run on tfjs
 * where the backend compiles it.
 */
export async function quantizeThreeWays(
  copies: QuantizedCopies,
  calibration: Float32Array,
  samples: number,
  settings: GroupQuantSettings & { damp?: number },
  walk: LayerWalk & { onRow?(row: GptqLayerRow): void } = {},
): Promise<GptqLayerRow[]> {
  const rows: GptqLayerRow[] = [];
  const grid = { bits: settings.bits, groupSize: settings.groupSize, zeroPoint: settings.zeroPoint };
  const product = backendProduct();
  await walkLayers(copies.gptq, calibration, samples, (layer, weights, inputs) => {
    const { outputs: out, inputs: cols } = layer;
    const rtn = roundToNearestGroups(weights, out, cols, grid).dequantized;
    writeWeight(copies.rtn, layer.kernel, transpose(rtn, out, cols));
    let started = performance.now();
    const hessian = layerHessian(inputs, samples, cols, product);
    const gptq = gptqQuantize(weights, out, cols, hessian, { ...grid, damp: settings.damp ?? 0.01, product }).dequantized;
    const gptqMs = performance.now() - started;
    started = performance.now();
    const awq = awqQuantize(weights, out, cols, inputs, samples, { ...grid, product });
    const awqMs = performance.now() - started;
    writeWeight(copies.awq, layer.kernel, transpose(awq.weights, out, cols));
    const row = {
      weight: layer.kernel, outputs: out, inputs: cols, gptqMs, awqMs, awqAlpha: awq.alpha,
      rtnError: layerOutputError(weights, rtn, out, cols, inputs, samples, product),
      gptqError: layerOutputError(weights, gptq, out, cols, inputs, samples, product),
      awqError: awq.search.find((t) => t.alpha === awq.alpha)!.error,
    };
    rows.push(row);
    walk.onRow?.(row);
    return gptq;
  }, walk);
  return rows;
}

/** Kernel bytes of an MLP stored group-wise (codes, float16 scales, zero points) and as float32. */
export function groupedKernelBytes(model: tf.LayersModel, settings: GroupQuantSettings): { grouped: number; float: number; weights: number } {
  let grouped = 0;
  let weights = 0;
  for (const layer of denseChain(model)) {
    grouped += groupStorage(layer.outputs, layer.inputs, settings).bytes;
    weights += layer.outputs * layer.inputs;
  }
  return { grouped, float: 4 * weights, weights };
}

/** Per-layer magnitude masks: the smallest |w| of each kernel. */
export function magnitudeMasks(model: tf.LayersModel, sparsity: number): Masks {
  return Object.fromEntries(denseChain(model).map((l) => [l.kernel, magnitudeMask(readWeight(model, l.kernel), sparsity)]));
}

/** A mask on the engine's [out, in] matrix, turned into the kernel's [in, out] layout. */
function kernelMask(layer: DenseLayer, mask: Uint8Array): Uint8Array {
  return Uint8Array.from(transpose(mask, layer.outputs, layer.inputs));
}

/** 2:4 masks (two of every four consecutive inputs of each output, by |w|) for every kernel. */
export function twoFourMasks(model: tf.LayersModel): Masks {
  return Object.fromEntries(denseChain(model).map((l) => {
    const weights = transpose(readWeight(model, l.kernel), l.inputs, l.outputs);
    return [l.kernel, kernelMask(l, nmMask(weights, l.outputs, l.inputs, 2, 4))];
  }));
}

/** Prunes `model` in place by Wanda, layer by layer, with inputs through the layers already pruned. */
export async function pruneWanda(model: tf.LayersModel, calibration: Float32Array, samples: number, sparsity: number, walk: LayerWalk = {}): Promise<void> {
  await walkLayers(model, calibration, samples, (layer, weights, inputs) => {
    const norms = inputNorms(inputs, samples, layer.inputs);
    const mask = rowwiseMask(wandaScores(weights, layer.outputs, layer.inputs, norms), layer.outputs, layer.inputs, sparsity);
    return applyMask(weights, mask);
  }, walk);
}
