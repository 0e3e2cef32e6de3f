import { describe, expect, it } from 'vitest';
import { choleskyLower, engineProduct, invertLower, transpose, upperCholeskyOfInverse, type MatrixProduct } from '../linalg';
import { layerHessian, layerOutputError } from './matrix';
import { randomLayer } from './testLayers';

function multiply(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * n + k] * b[k * n + j];
  return c;
}

function expectIdentity(m: ArrayLike<number>, n: number, digits: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(m[i * n + j]).toBeCloseTo(i === j ? 1 : 0, digits);
}

const hand = [4, 2, 2, 5]; // = L Lᵀ with L = [[2, 0], [1, 2]]

describe('small linear algebra', () => {
  it('transposes a 2 × 3 matrix', () => {
    expect(Array.from(transpose([1, 2, 3, 4, 5, 6], 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('factors a hand-worked 2 × 2 matrix and inverts its factor', () => {
    expect(Array.from(choleskyLower(hand, 2))).toEqual([2, 0, 1, 2]);
    expect(Array.from(invertLower([2, 0, 1, 2], 2))).toEqual([0.5, 0, -0.25, 0.5]);
  });

  it('finds U with Uᵀ U = H⁻¹ (hand case: H⁻¹ = [[5, −2], [−2, 4]] / 16)', () => {
    const u = upperCholeskyOfInverse(hand, 2);
    expect(u[2]).toBe(0); // upper triangular
    const uTu = [u[0] * u[0], u[0] * u[1], u[0] * u[1], u[1] * u[1] + u[3] * u[3]];
    [5 / 16, -2 / 16, -2 / 16, 4 / 16].forEach((v, i) => expect(uTu[i]).toBeCloseTo(v, 12));
  });

  it('gives Uᵀ U · H = I on a 40 × 40 Hessian of correlated inputs', () => {
    const { inputs, samples, cols } = randomLayer(3, 1, 40, 200);
    const h = layerHessian(inputs, samples, cols);
    for (let i = 0; i < cols; i++) h[i * cols + i] += 0.01;
    const u = upperCholeskyOfInverse(h, cols);
    for (let i = 0; i < cols; i++) for (let j = 0; j < i; j++) expect(u[i * cols + j]).toBe(0);
    const ut = new Float64Array(cols * cols);
    for (let i = 0; i < cols; i++) for (let j = 0; j < cols; j++) ut[i * cols + j] = u[j * cols + i];
    expectIdentity(multiply(multiply(ut, u, cols), h, cols), cols, 8);
  });

  it('factors and inverts by blocks beyond 128 columns: L Lᵀ = H, L⁻¹ L = I, Uᵀ U H = I (300 × 300), through the injected product', () => {
    const { inputs, samples, cols } = randomLayer(6, 1, 300, 400);
    const h = layerHessian(inputs, samples, cols);
    for (let i = 0; i < cols; i++) h[i * cols + i] += 0.01;
    let products = 0;
    const counted: MatrixProduct = (...args) => { products++; return engineProduct(...args); };
    const l = choleskyLower(h, cols, counted);
    expect(products).toBe(4); // two per block boundary: blocks start at 0, 128, 256
    const identity = Float64Array.from({ length: cols * cols }, (_, i) => (i % (cols + 1) === 0 ? 1 : 0));
    const largestDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => { let d = 0; for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i])); return d; };
    expect(l.every((v, i) => i % cols <= Math.floor(i / cols) || v === 0)).toBe(true);
    expect(largestDifference(multiply(l, transpose(l, cols, cols), cols), h)).toBeLessThan(1e-9);
    expect(largestDifference(multiply(invertLower(l, cols, counted), l, cols), identity)).toBeLessThan(1e-9);
    const u = upperCholeskyOfInverse(h, cols, counted);
    expect(largestDifference(multiply(multiply(transpose(u, cols, cols), u, cols), h, cols), identity)).toBeLessThan(1e-7);
  });

  it('refuses a matrix that is not positive definite, naming the column', () => {
    expect(() => choleskyLower([1, 2, 2, 1], 2)).toThrow(/not positive definite.*column 1/);
    // Beyond the first block: a 200 × 200 identity whose column 150 is made dependent on column 149.
    const a = new Float64Array(200 * 200);
    for (let i = 0; i < 200; i++) a[i * 200 + i] = 1;
    a[149 * 200 + 150] = a[150 * 200 + 149] = 1;
    expect(() => choleskyLower(a, 200)).toThrow(/not positive definite.*column 150/);
  });

  it('relates the output error to the Hessian: ‖ΔX‖² = (n/2) Σ_r δ_rᵀ H δ_r', () => {
    const { weights, rows, cols, inputs, samples } = randomLayer(5, 6, 12, 30);
    const approx = weights.map((w, i) => w + (i % 3 === 0 ? 0.05 : -0.02));
    const h = layerHessian(inputs, samples, cols);
    let quadratic = 0;
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < cols; i++) {
        for (let j = 0; j < cols; j++) {
          quadratic += (weights[r * cols + i] - approx[r * cols + i]) * h[i * cols + j] * (weights[r * cols + j] - approx[r * cols + j]);
        }
      }
    }
    expect(layerOutputError(weights, approx, rows, cols, inputs, samples)).toBeCloseTo((samples / 2) * quadratic, 6);
  });
});
