// Training's first layer from the batch's non-zero pixels only (81 % of MNIST's pixels are 0): for
// an MLP whose first layer is Dense on flat input, the forward product x·W and the weight gradient
// xᵀ·δ take the engine's sparseProduct, the WebAssembly SIMD kernel evaluation uses
// (sparseInput.ts), with a new batch every step. The product is a tf.customGrad inside trainModel's
// gradient tape, so every hook sees the same variables, weights and gradients as with tfjs's dense
// product; the bias, the activation and the later layers stay in tfjs.
import * as tf from '@tensorflow/tfjs';
import { csrTranspose, sparseProduct, type CsrMatrix, type SparseProduct } from '../../engine';
import type { LabelledImages } from './evaluate';
import { denseFirstLayer, imagesAsCsr } from './sparseInput';
import { tensorOf, tensorsInCpuMemory, valuesOf } from './tensorValues';

/**
 * A batch with more non-zero pixels than this fraction goes through tfjs's dense product (inverted
 * digits are mostly ink), where skipping zeros would no longer pay.
 */
const MAX_DENSITY = 0.5;

let product: SparseProduct | undefined;

/** x · W as a tfjs op for a fixed sparse x: its gradient is xᵀ · dy for W (x is not trained). */
function sparseMatMul(x: CsrMatrix, units: number): (w: tf.Tensor) => tf.Tensor2D {
  const run = product ??= sparseProduct();
  return tf.customGrad((w) => ({
    value: tensorOf(run.multiply(x, valuesOf(w as tf.Tensor), units), [x.rows, units]) as tf.Tensor2D,
    gradFunc: (dy) => tensorOf(run.multiply(csrTranspose(x), valuesOf(dy), units), [x.cols, units]),
  }));
}

/**
 * For a Sequential model whose first layer is Dense (ReLU or linear) on flat input, on the wasm or
 * cpu backend: a function taking a batch (indices of training images in `data`) and giving the
 * function that computes its logits from the non-zero pixels, to be called inside the gradient
 * tape in place of the logits model; undefined for a batch too dense to gain. Undefined for other
 * models and backends, which train through tfjs as before.
 */
export function sparseLogits(model: tf.LayersModel, data: LabelledImages): ((indices: Int32Array) => (() => tf.Tensor2D) | undefined) | undefined {
  if (!tensorsInCpuMemory()) return undefined;
  const dense = denseFirstLayer(model);
  if (!dense) return undefined;
  const [pixels, units] = dense.layer.weights[0].shape as [number, number];
  if (data.images.length < data.count * pixels) return undefined;
  const rest = model.layers.slice(1, model.layers.indexOf(model.getLayer('logits')) + 1);
  return (indices) => {
    const x = imagesAsCsr(data.images, indices, pixels);
    if (x.values.length > MAX_DENSITY * x.rows * pixels) return undefined;
    return () => {
      // Read when called: hooks may have written new values since the batch was made.
      const [kernel, bias] = dense.layer.weights.map((w) => w.read());
      let h = sparseMatMul(x, units)(kernel);
      if (bias) h = tf.add(h, bias);
      if (dense.relu) h = tf.relu(h);
      for (const layer of rest) h = layer.apply(h) as tf.Tensor2D;
      return h;
    };
  };
}
