// Quantization-aware training (Jacob et al. 2018; Krishnamoorthi 2018 §3) through the page's one
// training loop: the forward pass of every step sees fake-quantized kernels, and the gradients it
// yields are applied to float "shadow" kernels, the straight-through estimator (Bengio et al. 2013;
// BinaryConnect, Courbariaux et al. 2015, trains ±1 weights the same way).
import type * as tf from '@tensorflow/tfjs';
import type { LabelledImages } from './evaluate';
import { quantizeKernel, type WeightQuantSpec } from './quantize';
import { trainModel, type TrainOptions, type TrainResult } from './train';
import { kernelsOf, readWeight, writeWeight } from './weights';

export type QatOptions = Omit<TrainOptions, 'beforeStep' | 'gradients'> & {
  /** How the kernels are quantized in every forward pass, and at the end. */
  spec: WeightQuantSpec;
};

export interface QatResult extends TrainResult {
  /** The float shadow of each kernel after the last finished step (the model holds their quantized values). */
  floatKernels: Record<string, Float32Array>;
}

/**
 * Trains `model` in place with quantized kernels in the forward pass:
 * 1. before each step, every kernel's float values are kept aside and its fake-quantized values
 *    (`quantizeKernel` with `spec`: the grid is recomputed from the current float range) are
 *    written into the model;
 * 2. the loss and its gradients are computed with those quantized kernels;
 * 3. the float values are written back before the optimizer's update, so the gradient with
 *    respect to the quantized kernel moves the float kernel (rounding is treated as the identity).
 * Biases stay float. When training ends, finished or cancelled (AbortError), the model holds the
 * quantized kernels of its latest float values: it is ready to evaluate as a quantized model.
 */
export async function quantizationAwareTrain(model: tf.LayersModel, data: LabelledImages, options: QatOptions): Promise<QatResult> {
  const { spec, ...train } = options;
  const kernels = kernelsOf(model);
  if (kernels.length === 0) throw new Error('the model has no kernels to quantize');
  const shadows = new Map<string, Float32Array>();
  const quantizeAll = () => {
    for (const { name, shape } of kernels) {
      const float = readWeight(model, name);
      shadows.set(name, float);
      writeWeight(model, name, quantizeKernel(float, shape, spec).values);
    }
  };
  quantizeKernel(readWeight(model, kernels[0].name), kernels[0].shape, spec); // refuse a bad spec before training
  let restored = true;
  try {
    const result = await trainModel(model, data, {
      ...train,
      beforeStep: () => {
        quantizeAll();
        restored = false;
      },
      gradients: (grads) => {
        for (const { name } of kernels) writeWeight(model, name, shadows.get(name)!);
        restored = true;
        return grads;
      },
    });
    return { ...result, floatKernels: Object.fromEntries(kernels.map(({ name }) => [name, readWeight(model, name)])) };
  } finally {
    // A step that failed between its forward pass and its update left quantized kernels in place.
    if (!restored) for (const { name } of kernels) writeWeight(model, name, shadows.get(name)!);
    quantizeAll();
  }
}
