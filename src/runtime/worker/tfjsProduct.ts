// The engine's MatrixProduct on the worker's tfjs backend: the SVD's large products (the Gram
// matrix, A·V, the range finder's passes) in float32 on XNNPACK/WebGL instead of float64 loops.
import * as tf from '@tensorflow/tfjs';
import { engineProduct, transpose, type MatrixProduct } from '../../engine';
import type { MatrixProducts } from '../contract/lowrank';

export const tfjsProduct: MatrixProduct = (a, b, m, k, n, t = {}) => {
  // Converting with the typed-array constructor, not .from (which iterates), and transposing in JS:
  // tfjs-wasm's matMul with a transposed operand took 10–30× as long as a plain one in Chromium
  // (1200×1200ᵀ·1200×138: 371 ms against 14 ms).
  const a32 = new Float32Array(a);
  const b32 = b === a ? a32 : new Float32Array(b);
  const c = tf.tidy(() => tf.matMul(
    tf.tensor2d(t.a ? transpose(a32, k, m) : a32, [m, k]),
    tf.tensor2d(t.b ? transpose(b32, n, k) : b32, [k, n]),
  ));
  try {
    return new Float64Array(c.dataSync());
  } finally {
    c.dispose();
  }
};

/** The product a request names. */
export const PRODUCTS: Record<MatrixProducts, MatrixProduct> = { tfjs: tfjsProduct, engine: engineProduct };

/**
 * tfjs's product where it is a compiled kernel (wasm, WebGL); on the plain-JS cpu backend (node
 * tests, a browser with nothing better) the engine's float64 loops are faster.
 */
export const backendProduct = (): MatrixProduct => (tf.getBackend() === 'cpu' ? engineProduct : tfjsProduct);
