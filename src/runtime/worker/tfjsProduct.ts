// The engine's MatrixProduct on the worker's tfjs backend: the SVD's large products (the Gram
// matrix, A·V, the range finder's passes) in float32 on XNNPACK/WebGL instead of float64 loops.
import * as tf from '@tensorflow/tfjs';
import { engineProduct, type MatrixProduct } from '../../engine';
import type { MatrixProducts } from '../contract/lowrank';

export const tfjsProduct: MatrixProduct = (a, b, m, k, n, t = {}) => {
  const c = tf.tidy(() => {
    const left = tf.tensor2d(Float32Array.from(a), t.a ? [k, m] : [m, k]);
    const right = a === b && t.a !== t.b ? left : tf.tensor2d(Float32Array.from(b), t.b ? [n, k] : [k, n]);
    return tf.matMul(left, right, t.a, t.b);
  });
  try {
    return Float64Array.from(c.dataSync());
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
