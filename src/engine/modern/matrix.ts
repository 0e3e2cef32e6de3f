/**
 * Small dense linear algebra for the layer-wise methods (GPTQ, Wanda, SmoothQuant): row-major
 * matrices in Float64Array or Float32Array, shapes passed explicitly.
 */

/** Throws unless `length` is rows · cols with both whole and positive. */
export function checkShape(name: string, length: number, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new Error(`${name}: rows and cols must be whole numbers ≥ 1 (got ${rows} × ${cols})`);
  }
  if (length !== rows * cols) {
    throw new Error(`${name}: a ${rows} × ${cols} matrix holds ${rows * cols} values, got ${length}`);
  }
}

/** The transpose of a row-major rows × cols matrix (a cols × rows matrix). */
export function transpose(a: ArrayLike<number>, rows: number, cols: number): Float32Array {
  checkShape('transpose', a.length, rows, cols);
  const t = new Float32Array(a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
  return t;
}

/**
 * The layer Hessian of GPTQ (Frantar et al. 2023, §3): H = (2/n) · Σ x xᵀ over the n calibration
 * inputs x of length `features` (rows of `inputs`), a features × features Float64Array. It is the
 * Hessian of the mean squared output error ‖WX − ŴX‖² / n with respect to each row of Ŵ.
 */
export function layerHessian(inputs: ArrayLike<number>, samples: number, features: number): Float64Array {
  checkShape('layerHessian', inputs.length, samples, features);
  const h = new Float64Array(features * features);
  const x = new Float64Array(features);
  for (let s = 0; s < samples; s++) {
    for (let j = 0; j < features; j++) x[j] = inputs[s * features + j];
    for (let i = 0; i < features; i++) {
      const xi = x[i];
      if (xi === 0) continue; // ReLU outputs and MNIST pixels are mostly 0
      const row = i * features;
      for (let j = i; j < features; j++) h[row + j] += xi * x[j];
    }
  }
  const k = 2 / samples;
  for (let i = 0; i < features; i++) {
    for (let j = i; j < features; j++) {
      const v = h[i * features + j] * k;
      h[i * features + j] = v;
      h[j * features + i] = v;
    }
  }
  return h;
}

/**
 * Cholesky factor L (lower, in place of a copy) of a symmetric positive-definite n × n matrix,
 * a = L Lᵀ. Throws, naming the column, when a is not positive definite.
 */
export function choleskyLower(a: ArrayLike<number>, n: number): Float64Array {
  checkShape('choleskyLower', a.length, n, n);
  const l = Float64Array.from(a as ArrayLike<number>);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = l[rj + j];
    for (let k = 0; k < j; k++) d -= l[rj + k] * l[rj + k];
    if (!(d > 0)) throw new Error(`the matrix is not positive definite (pivot ${d} at column ${j}); add damping`);
    const djj = Math.sqrt(d);
    l[rj + j] = djj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = l[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      l[ri + j] = s / djj;
    }
    for (let k = j + 1; k < n; k++) l[rj + k] = 0;
  }
  return l;
}

/** Inverse of a lower-triangular n × n matrix with a positive diagonal (lower again). */
export function invertLower(l: ArrayLike<number>, n: number): Float64Array {
  checkShape('invertLower', l.length, n, n);
  const inv = new Float64Array(n * n);
  // Row i of L⁻¹ from the rows above it: L⁻¹[i, :] = (e_i − Σ_{k<i} L[i, k] L⁻¹[k, :]) / L[i, i].
  const acc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    acc.fill(0, 0, i);
    for (let k = 0; k < i; k++) {
      const a = l[i * n + k];
      if (a === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) acc[j] += a * inv[rk + j];
    }
    const d = l[i * n + i];
    for (let j = 0; j < i; j++) inv[i * n + j] = -acc[j] / d;
    inv[i * n + i] = 1 / d;
  }
  return inv;
}

/**
 * The upper Cholesky factor U of the inverse of a symmetric positive-definite matrix h:
 * h⁻¹ = Uᵀ U, U upper triangular with a positive diagonal. GPTQ reads its update coefficients from
 * the rows of U. Computed without forming h⁻¹: with P the order-reversing permutation and
 * P h P = L Lᵀ, h⁻¹ = (P L⁻¹ P)ᵀ (P L⁻¹ P), and P L⁻¹ P is upper triangular.
 */
export function upperCholeskyOfInverse(h: ArrayLike<number>, n: number): Float64Array {
  checkShape('upperCholeskyOfInverse', h.length, n, n);
  const reversed = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) reversed[i * n + j] = h[(n - 1 - i) * n + (n - 1 - j)];
  const linv = invertLower(choleskyLower(reversed, n), n);
  const u = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) u[i * n + j] = linv[(n - 1 - i) * n + (n - 1 - j)];
  return u;
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
