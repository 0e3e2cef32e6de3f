// What one outlier activation channel does to int8 inference, and SmoothQuant's repair (Xiao et
// al. 2023), on a live MLP. The outlier is injected without changing the function: hidden unit c
// of the first layer is made `factor` times larger (as scaling its weights and bias would; ReLU
// lets that through exactly) and its outgoing weights 1 / factor times smaller. Then the second layer runs in int8: its weights
// symmetric per output channel, its input per tensor (unsigned, ReLU outputs), with the range
// from calibration images. Everything else stays float. The maths of the scales is the engine's.
import * as tf from '@tensorflow/tfjs';
import { columnAbsMax, fakeQuantPerChannel, quantParamsPerChannel, smoothQuantScales, transpose } from '../../engine';
import { abortError, yieldToEventLoop } from '../contract/abort';
import type { OutlierOutcome } from '../contract/modern';
import type { LabelledImages } from './evaluate';
import { batchToTensor } from './mnist';
import type { DenseLayer } from './modern';
import { readWeight } from './weights';

interface Layer { kernel: Float32Array; bias: Float32Array; inputs: number; outputs: number; relu: boolean }

/** How the second layer's input is treated: divided by `smooth`, then fake-quantized with `scale`. */
interface Int8Input { scale: number; smooth?: Float64Array }

const BATCH = 1000;
const UINT8_MAX = 255;

function readLayers(model: tf.LayersModel, chain: DenseLayer[]): Layer[] {
  return chain.map((l) => ({ kernel: readWeight(model, l.kernel), bias: l.bias ? readWeight(model, l.bias) : new Float32Array(l.outputs), inputs: l.inputs, outputs: l.outputs, relu: l.relu }));
}

/**
 * Accuracy on `data` of the layers after the first, given the first layer's outputs `hidden`
 * [count, width] (computed once: the variants differ only from the second layer on). `scaleHidden`
 * multiplies hidden channels (the outlier); with `int8`, the second layer's input is then
 * fake-quantized.
 */
async function accuracyFromHidden(layers: Layer[], hidden: Float32Array, data: LabelledImages, scaleHidden: Float32Array, int8: Int8Input | undefined, signal?: AbortSignal): Promise<number> {
  const width = layers[0].inputs;
  const tensors = layers.map((l) => ({ w: tf.tensor2d(l.kernel, [l.inputs, l.outputs]), b: tf.tensor1d(l.bias) }));
  const channelScale = tf.tensor1d(int8?.smooth ? scaleHidden.map((f, j) => f / int8.smooth![j]) : scaleHidden);
  let correct = 0;
  try {
    for (let start = 0; start < data.count; start += BATCH) {
      if (signal?.aborted) throw abortError();
      const n = Math.min(BATCH, data.count - start);
      const predicted = tf.tidy(() => {
        let h = tf.tensor2d(hidden.subarray(start * width, (start + n) * width), [n, width]).mul(channelScale) as tf.Tensor2D;
        if (int8) h = tf.clipByValue(tf.round(h.div(int8.scale)), 0, UINT8_MAX).mul(int8.scale);
        layers.forEach((l, i) => {
          h = tf.matMul(h, tensors[i].w).add(tensors[i].b);
          if (l.relu) h = tf.relu(h);
        });
        return h.argMax(1).dataSync();
      });
      for (let k = 0; k < predicted.length; k++) if (predicted[k] === data.labels[start + k]) correct++;
      await yieldToEventLoop();
    }
  } finally {
    tf.dispose(tensors.flatMap((t) => [t.w, t.b]));
    channelScale.dispose();
  }
  return correct / data.count;
}

/** The first layer's outputs on `count` images, [count, width], batch by batch. */
function firstLayerOutputs(first: Layer, images: (start: number, n: number) => tf.Tensor2D, count: number): Float32Array {
  const out = new Float32Array(count * first.outputs);
  const w = tf.tensor2d(first.kernel, [first.inputs, first.outputs]);
  const b = tf.tensor1d(first.bias);
  try {
    for (let start = 0; start < count; start += BATCH) {
      const n = Math.min(BATCH, count - start);
      out.set(tf.tidy(() => tf.relu(tf.matMul(images(start, n), w).add(b)).dataSync() as Float32Array), start * first.outputs);
    }
  } finally {
    tf.dispose([w, b]);
  }
  return out;
}

const maxOf = (a: ArrayLike<number>) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, a[i]); return m; };

/** The second layer's kernel [in, out] with weights fake-quantized to int8, symmetric per output channel. */
function int8Kernel(kernel: Float32Array, inputs: number, outputs: number): Float32Array {
  const shape = [inputs, outputs];
  return fakeQuantPerChannel(kernel, shape, -1, quantParamsPerChannel(kernel, shape, -1, 8, { symmetric: true }));
}

export interface OutlierRun {
  factor: number;
  alpha: number;
  signal?: AbortSignal;
  onStep?(done: number, total: number): void;
}

/** Measures float and int8 accuracy with and without the outlier, and after SmoothQuant. */
export async function outlierExperiment(model: tf.LayersModel, chain: DenseLayer[], calibration: Float32Array, samples: number, test: LabelledImages, run: OutlierRun): Promise<OutlierOutcome> {
  if (!(run.factor >= 1 && run.factor <= 1000)) throw new Error(`the outlier factor must be a number from 1 to 1000 (got ${run.factor})`);
  if (chain.length < 2) throw new Error('the outlier experiment needs at least two Dense layers');
  const layers = readLayers(model, chain);
  const [first, second] = layers;
  const rest = layers.slice(1);
  const calibrationHidden = firstLayerOutputs(first, (start, n) => tf.tensor2d(calibration.subarray(start * 784, (start + n) * 784), [n, 784]), samples);
  const testHidden = firstLayerOutputs(first, (start, n) => batchToTensor(test.images, start, n, [784]) as tf.Tensor2D, test.count);
  const channelMax = columnAbsMax(calibrationHidden, samples, first.outputs);
  const channel = channelMax.indexOf(maxOf(channelMax));
  const rangeBefore = channelMax[channel];

  // The same function with hidden unit `channel` made `factor` times larger: its activations are
  // multiplied by factor (as scaling its incoming weights and bias would) and its outgoing
  // weights divided by it.
  const none = new Float32Array(first.outputs).fill(1);
  const outlier = none.slice();
  outlier[channel] = run.factor;
  const injectedKernel = second.kernel.slice();
  for (let o = 0; o < second.outputs; o++) injectedKernel[channel * second.outputs + o] /= run.factor;
  const injected = [{ ...second, kernel: injectedKernel }, ...rest.slice(1)];
  const injectedMax = channelMax.map((m, j) => m * outlier[j]);
  const rangeInjected = maxOf(injectedMax);

  // SmoothQuant: divide input channel j by s_j, multiply row j of the kernel by s_j.
  const weightMax = columnAbsMax(transpose(injectedKernel, second.inputs, second.outputs), second.outputs, second.inputs);
  const s = smoothQuantScales(injectedMax, weightMax, run.alpha);
  const smoothedKernel = injectedKernel.map((w, i) => w * s[Math.floor(i / second.outputs)]);
  const rangeSmoothed = maxOf(injectedMax.map((m, j) => m / s[j]));

  const withInt8 = (ls: Layer[], kernel: Float32Array) => [{ ...ls[0], kernel: int8Kernel(kernel, second.inputs, second.outputs) }, ...ls.slice(1)];
  const steps: [Layer[], Float32Array, Int8Input | undefined][] = [
    [rest, none, undefined],
    [injected, outlier, undefined],
    [withInt8(rest, second.kernel), none, { scale: rangeBefore / UINT8_MAX }],
    [withInt8(injected, injectedKernel), outlier, { scale: rangeInjected / UINT8_MAX }],
    [withInt8(injected, smoothedKernel), outlier, { scale: rangeSmoothed / UINT8_MAX, smooth: s }],
  ];
  const results: number[] = [];
  for (const [i, [ls, scaleHidden, int8]] of steps.entries()) {
    run.onStep?.(i, steps.length);
    results.push(await accuracyFromHidden(ls, testHidden, test, scaleHidden, int8, run.signal));
  }
  run.onStep?.(steps.length, steps.length);
  const [float, floatInjected, int8, int8Injected, int8Smoothed] = results;
  return { channel, rangeBefore, rangeInjected, rangeSmoothed, float, floatInjected, int8, int8Injected, int8Smoothed };
}
