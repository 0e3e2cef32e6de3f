// The two layer-wise quantities of GPTQ: the layer Hessian and the layer output error. Both are
// one large product; a caller with a faster kernel (tfjs in the worker) passes its own.
import { checkShape, engineProduct, type MatrixProduct } from '../linalg';

/**
 * The layer Hessian of GPTQ (Frantar et al. 2023, §3): H = (2/n) · Σ x xᵀ over the n calibration
 * inputs x of length `features` (rows of `inputs`), a features × features Float64Array. It is the
 * Hessian of the mean squared output error ‖WX − ŴX‖² / n with respect to each row of Ŵ.
 */
export function layerHessian(inputs: ArrayLike<number>, samples: number, features: number, product: MatrixProduct = engineProduct): Float64Array {
  checkShape('layerHessian', inputs.length, samples, features);
  const x = Float64Array.from(inputs as ArrayLike<number>);
  const h = product(x, x, features, samples, features, { a: true }); // Σ x xᵀ (the engine's Gram loop by default)
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
  product: MatrixProduct = engineProduct,
): number {
  checkShape('layerOutputError (weights)', weights.length, rows, cols);
  checkShape('layerOutputError (approx)', approx.length, rows, cols);
  checkShape('layerOutputError (inputs)', inputs.length, samples, cols);
  const delta = new Float64Array(rows * cols);
  for (let i = 0; i < delta.length; i++) delta[i] = weights[i] - approx[i];
  const y = product(delta, Float64Array.from(inputs as ArrayLike<number>), rows, cols, samples, { b: true }); // (W − Ŵ) Xᵀ
  let total = 0;
  for (let i = 0; i < y.length; i++) total += y[i] * y[i];
  return total;
}
