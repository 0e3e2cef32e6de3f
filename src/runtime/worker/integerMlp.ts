// Builds the engine's integer-only network (Jacob et al. 2018) from a live tfjs MLP and scores it
// on the test set. tfjs is only read from here: the integer arithmetic is the engine's.
import type * as tf from '@tensorflow/tfjs';
import {
  calibrateMlp,
  quantizeMlpForIntegerInference,
  runFakeQuantMlp,
  runIntegerMlp, 
  type FloatDenseLayer,
  type IntegerMlp,
} from '../../engine';
import { abortError, yieldToEventLoop } from '../contract/abort';
import type { LabelledImages } from './evaluate';
import type { IntegerBuildSpec, IntegerScore } from '../contract/integer';
export type { IntegerBuildSpec, IntegerScore } from '../contract/integer';

/** The Dense layers of an MLP (softmax and flatten layers are skipped), as the engine reads them. */
export function denseLayersOf(model: tf.LayersModel): FloatDenseLayer[] {
  const layers: FloatDenseLayer[] = [];
  for (const layer of model.layers) {
    const type = layer.getClassName();
    if (type === 'Activation' && layer.name === 'softmax') continue;
    if (type === 'Flatten' || type === 'InputLayer') continue;
    if (type !== 'Dense') throw new Error(`the integer pipeline runs networks of Dense layers only; layer "${layer.name}" is a ${type}`);
    const activation = (layer.getConfig().activation as string | undefined) ?? 'linear';
    if (activation !== 'relu' && activation !== 'linear') throw new Error(`layer "${layer.name}" uses ${activation}; the integer pipeline handles ReLU and linear layers`);
    const [kernel, bias] = layer.getWeights();
    if (!bias) throw new Error(`layer "${layer.name}" has no bias`);
    const [inputs, units] = kernel.shape;
    layers.push({ inputs, units, relu: activation === 'relu', kernel: kernel.dataSync() as Float32Array, bias: bias.dataSync() as Float32Array });
  }
  if (layers.length === 0) throw new Error('the model has no Dense layers');
  return layers;
}

/** Calibrates on `train`'s first images and quantizes the MLP for integer-only inference. */
export function buildIntegerMlp(layers: FloatDenseLayer[], train: LabelledImages, spec: IntegerBuildSpec): IntegerMlp {
  const count = spec.calibrationImages;
  if (!Number.isInteger(count) || count < 1) throw new Error(`calibration needs at least one image (got ${count})`);
  if (count > train.count) throw new Error(`only ${train.count} training images are available for calibration (asked for ${count})`);
  const calibration = calibrateMlp(layers, train.images, count, spec.method, { percentile: spec.percentile });
  return quantizeMlpForIntegerInference(layers, calibration, { weightBits: spec.weightBits, perChannel: spec.perChannel });
}

/** Runs the integer network over every test image in chunks, yielding between them for cancel. */
export async function scoreIntegerMlp(
  model: IntegerMlp,
  test: LabelledImages,
  { signal, onProgress, chunk = 500 }: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void; chunk?: number } = {},
): Promise<IntegerScore> {
  const width = model.layers[0].inputs;
  let correct = 0;
  let same = 0;
  let integerMs = 0;
  for (let start = 0; start < test.count; start += chunk) {
    if (signal?.aborted) throw abortError();
    const n = Math.min(chunk, test.count - start);
    const pixels = test.images.subarray(start * width, (start + n) * width);
    const t0 = performance.now();
    const int = runIntegerMlp(model, pixels, n);
    integerMs += performance.now() - t0;
    const fake = runFakeQuantMlp(model, pixels, n);
    for (let i = 0; i < n; i++) {
      if (int.predictions[i] === test.labels[start + i]) correct++;
      if (int.predictions[i] === fake.predictions[i]) same++;
    }
    onProgress?.(start + n, test.count);
    await yieldToEventLoop();
  }
  return { accuracy: correct / test.count, agreement: same / test.count, integerMs, count: test.count };
}
