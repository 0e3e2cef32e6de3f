// The first Dense layer of a model over MNIST images, computed from the non-zero pixels only with
// the engine's sparseTimesDense (81 % of the pixels are 0): the largest product of an MLP's
// evaluation. evaluateModel and the activation-quantization passes use it for every model whose
// first layer is Dense; it took LeNet-300-100's 10,000-image evaluation from 200–440 ms to about
// 80–110 ms in headless Chromium, with identical predictions (sparseInput.test.ts).
import * as tf from '@tensorflow/tfjs';
import { sparseTimesDense, type CsrMatrix, type SparseTimesDense } from '../../engine';
import type { LabelledImages } from './evaluate';
import { BYTE_TO_UNIT } from './mnist';

/**
 * The CSR form of images `rows` (indices into `images`, `pixels` bytes each), one row per image,
 * with pixels byte / 255 as batchToTensor gives them. Read straight from the bytes: a training
 * batch is made every step.
 */
export function imagesAsCsr(images: Uint8Array, rows: ArrayLike<number>, pixels: number): CsrMatrix {
  const n = rows.length;
  const rowPtr = new Uint32Array(n + 1);
  let nnz = 0;
  for (let r = 0; r < n; r++) {
    const start = rows[r] * pixels;
    for (let p = start; p < start + pixels; p++) if (images[p] !== 0) nnz++;
    rowPtr[r + 1] = nnz;
  }
  const colIndex = new Uint32Array(nnz);
  const values = new Float32Array(nnz);
  let k = 0;
  for (let r = 0; r < n; r++) {
    const start = rows[r] * pixels;
    for (let p = 0; p < pixels; p++) {
      const b = images[start + p];
      if (b === 0) continue;
      colIndex[k] = p;
      values[k++] = BYTE_TO_UNIT[b];
    }
  }
  return { rows: n, cols: pixels, rowPtr, colIndex, values };
}

/** One product per images array, grown when more images are asked for (weakly held). */
const products = new WeakMap<Uint8Array, SparseTimesDense>();

function productFor(data: LabelledImages, count: number, pixels: number): SparseTimesDense {
  const known = products.get(data.images);
  if (known && known.rows >= count && known.inner === pixels) return known;
  const made = sparseTimesDense(imagesAsCsr(data.images, Int32Array.from({ length: count }, (_, i) => i), pixels));
  products.set(data.images, made);
  return made;
}

/** The model's first layer when it is a Dense layer on flat input with a ReLU or no activation. */
export function denseFirstLayer(model: tf.LayersModel): { layer: tf.layers.Layer; relu: boolean } | undefined {
  if (!(model instanceof tf.Sequential)) return undefined;
  const layer = model.layers[0];
  if (layer.getClassName() !== 'Dense' || model.inputs[0].shape.length !== 2) return undefined;
  const activation = (layer.getConfig() as { activation?: string }).activation ?? 'linear';
  if (activation !== 'relu' && activation !== 'linear') return undefined;
  return { layer, relu: activation === 'relu' };
}

/**
 * For a Sequential model whose first layer is Dense (ReLU or linear) on flat input: a function
 * giving that layer's output on images [first, first + count) of `data` as a [count, units]
 * tensor, from the layer's weights as they are now. Undefined for other models (convolutional
 * ones), which go through tfjs as before. Rows reach up to `upTo` images.
 */
export function sparseFirstLayer(model: tf.LayersModel, data: LabelledImages, upTo: number): ((first: number, count: number) => tf.Tensor) | undefined {
  const dense = denseFirstLayer(model);
  if (!dense) return undefined;
  const [kernel, bias] = dense.layer.getWeights();
  const [pixels, units] = kernel.shape as [number, number];
  if (data.images.length < upTo * pixels) return undefined;
  const w = kernel.dataSync() as Float32Array;
  const b = bias ? (bias.dataSync() as Float32Array) : undefined;
  const product = productFor(data, upTo, pixels);
  return (first, count) => tf.tidy(() => {
    // Prepared per batch: two evaluations on the same images may take turns between batches.
    const view = product.prepare(w, units, b)(first, count);
    // The view is the kernel's memory: the relu (or the product with 1) copies it into tfjs.
    const x = tf.tensor2d(view, [count, units]);
    return dense.relu ? tf.relu(x) : tf.mul(x, 1);
  });
}
