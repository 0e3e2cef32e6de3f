import { calibrate, type CalibrateOptions, type CalibrationMethod } from './calibrate';
import type { FloatDenseLayer, MlpCalibration } from './integerModel';

/**
 * The float forward pass of a Dense MLP for one input of `inputs` real values:
 * y_j = b_j + Σ_i w_ij x_i, then ReLU where the layer has one. Returns every layer's output.
 * This is the reference the integer network is compared with, one image at a time.
 */
export function floatMlpForward(layers: readonly FloatDenseLayer[], input: ArrayLike<number>): Float32Array[] {
  if (layers.length === 0) throw new Error('the MLP has no layers');
  if (input.length !== layers[0].inputs) throw new Error(`the MLP takes ${layers[0].inputs} inputs, got ${input.length}`);
  let x: ArrayLike<number> = input;
  return layers.map(({ kernel, bias, inputs, units, relu }) => {
    const y = Float64Array.from(bias);
    for (let i = 0; i < inputs; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      const row = i * units;
      for (let j = 0; j < units; j++) y[j] += kernel[row + j] * xi;
    }
    const out = Float32Array.from(y, (v) => (relu && v < 0 ? 0 : v));
    x = out;
    return out;
  });
}

/**
 * Activation ranges of an MLP fed with `count` images of bytes (pixel / 255 as the real input):
 * every layer's outputs over all images go through `calibrate` with the chosen method. The input
 * range is [0, 1], so the integer network reads the pixel bytes as they are.
 */
export function calibrateMlp(
  layers: readonly FloatDenseLayer[],
  imagesUint8: Uint8Array,
  count: number,
  method: CalibrationMethod = 'minmax',
  options: CalibrateOptions = {},
): MlpCalibration {
  if (!Number.isInteger(count) || count < 1) throw new Error(`calibration needs at least one image (got ${count})`);
  const width = layers[0]?.inputs ?? 0;
  if (imagesUint8.length < count * width) throw new Error(`${count} images of ${width} bytes need ${count * width} bytes, got ${imagesUint8.length}`);
  const samples = layers.map((l) => new Float32Array(count * l.units));
  const pixels = new Float32Array(width);
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < width; i++) pixels[i] = imagesUint8[n * width + i] / 255;
    floatMlpForward(layers, pixels).forEach((out, k) => samples[k].set(out, n * out.length));
  }
  return {
    inputRange: { min: 0, max: 1 },
    activationRanges: samples.map((s) => calibrate(s, method, options)),
  };
}
