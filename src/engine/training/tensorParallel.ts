// Tensor (model) parallelism of one Dense layer y = x·W (x: rows × k, W: k × m), as in Megatron-LM:
// split W by columns (each device computes some outputs; concatenate) or by rows (each device
// takes some inputs and computes a partial sum of every output; add them up, an all-reduce).
import { matMul as matMul64 } from '../linalg';

/** x·W as float32, accumulated in float64. */
const matMul = (x: ArrayLike<number>, w: ArrayLike<number>, rows: number, k: number, m: number) => Float32Array.from(matMul64(x, w, rows, k, m));

/** Where part p of `size` cut into `parts` starts. */
const partStart = (p: number, parts: number, size: number) => Math.floor((p * size) / parts);

/**
 * y = x·W computed on `parts` simulated devices. 'columns': device p holds columns of W and
 * computes those outputs. 'rows': device p holds rows of W and the matching inputs, and computes
 * a partial sum of every output; the partial sums are added. Returns y and each device's share.
 */
export function tensorParallelDense(
  x: ArrayLike<number>, w: ArrayLike<number>, rows: number, k: number, m: number, parts: number, split: 'columns' | 'rows',
): { y: Float32Array; partials: Float32Array[] } {
  const limit = split === 'columns' ? m : k;
  if (!Number.isInteger(parts) || parts < 1 || parts > limit) throw new Error(`the layer can be split into 1 to ${limit} parts by ${split} (got ${parts})`);
  const y = new Float32Array(rows * m);
  const partials: Float32Array[] = [];
  for (let p = 0; p < parts; p++) {
    const a = partStart(p, parts, limit);
    const b = partStart(p + 1, parts, limit);
    if (split === 'columns') {
      const wPart = new Float32Array(k * (b - a));
      for (let i = 0; i < k; i++) for (let j = a; j < b; j++) wPart[i * (b - a) + j - a] = w[i * m + j];
      const part = matMul(x, wPart, rows, k, b - a);
      for (let r = 0; r < rows; r++) for (let j = a; j < b; j++) y[r * m + j] = part[r * (b - a) + j - a];
      partials.push(part);
    } else {
      const xPart = new Float32Array(rows * (b - a));
      for (let r = 0; r < rows; r++) for (let i = a; i < b; i++) xPart[r * (b - a) + i - a] = x[r * k + i];
      const part = matMul(xPart, Array.prototype.slice.call(w, a * m, b * m), rows, b - a, m);
      for (let t = 0; t < y.length; t++) y[t] += part[t];
      partials.push(part);
    }
  }
  return { y, partials };
}
