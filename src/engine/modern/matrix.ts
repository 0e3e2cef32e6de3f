// The two layer-wise quantities of GPTQ: the layer Hessian and the layer output error.
import { checkShape, gram } from '../linalg';

/**
 * The layer Hessian of GPTQ (Frantar et al. 2023, §3): H = (2/n) · Σ x xᵀ over the n calibration
 * inputs x of length `features` (rows of `inputs`), a features × features Float64Array. It is the
 * Hessian of the mean squared output error ‖WX − ŴX‖² / n with respect to each row of Ŵ.
 */
export function layerHessian(inputs: ArrayLike<number>, samples: number, features: number): Float64Array {
  checkShape('layerHessian', inputs.length, samples, features);
  const h = gram(inputs, samples, features); // Σ x xᵀ, skipping zero inputs (ReLU outputs and pixels)
  for (let i = 0; i < h.length; i++) h[i] *= 2 / samples;
  return h;
}

/**
 * Squared output error of a linear layer on a batch: ‖(W − Ŵ) X‖² = Σ_s Σ_r (Σ_c (W − Ŵ)[r, c] x_s[c])²,
 * with W and Ŵ row-major rows × cols (out × in) and the inputs x_s as the rows of a samples × cols
 * matrix. This is what GPTQ minimises, layer by layer.
 */
export function layerOutputError(
  weights: ArrayLike<number>,
  approx: ArrayLike<number>,
  rows: number,
  cols: number,
  inputs: ArrayLike<number>,
  samples: number,
): number {
  checkShape('layerOutputError (weights)', weights.length, rows, cols);
  checkShape('layerOutputError (approx)', approx.length, rows, cols);
  checkShape('layerOutputError (inputs)', inputs.length, samples, cols);
  const delta = new Float64Array(rows * cols);
  for (let i = 0; i < delta.length; i++) delta[i] = weights[i] - approx[i];
  let total = 0;
  for (let s = 0; s < samples; s++) {
    const x = s * cols;
    for (let r = 0; r < rows; r++) {
      let y = 0;
      const d = r * cols;
      for (let c = 0; c < cols; c++) y += delta[d + c] * inputs[x + c];
      total += y * y;
    }
  }
  return total;
}
