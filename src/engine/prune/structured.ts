/**
 * Structured pruning: remove whole output units (Dense neurons / Conv filters) so the layer is
 * genuinely smaller and dense again (Li et al. 2017 rank filters by their L1 norm).
 * Kernel layouts follow tfjs: Dense [in, out], Conv2D [kh, kw, in, out]; units are the last
 * axis, inputs the second to last.
 */
import { checkSparsity } from './sparsity';

export interface KernelLayer {
  kernel: Float32Array;
  shape: number[];
  bias?: Float32Array;
}

export type UnitNorm = 'l1' | 'l2';

/** Per-element accumulate and finish for each norm: ‖x‖₁ = Σ|x|, ‖x‖₂ = √Σx². */
const NORMS: Record<UnitNorm, { add(acc: number, x: number): number; finish(acc: number): number }> = {
  l1: { add: (acc, x) => acc + Math.abs(x), finish: (acc) => acc },
  l2: { add: (acc, x) => acc + x * x, finish: (acc) => Math.sqrt(acc) },
};

function normImpl(norm: string) {
  const impl = NORMS[norm as UnitNorm];
  if (!impl) throw new Error(`unknown norm: ${norm} (use ${Object.keys(NORMS).join(' or ')})`);
  return impl;
}

/** Splits a shape around `axis` into (outer, size, inner) strides, checking it fits the data. */
function axisStrides(length: number, shape: number[], axis: number) {
  const product = shape.reduce((a, b) => a * b, 1);
  if (product !== length) throw new Error(`shape [${shape}] has ${product} elements but the kernel has ${length}`);
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
    throw new Error(`axis ${axis} is outside shape [${shape}]`);
  }
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  return { outer: length / (shape[axis] * inner), size: shape[axis], inner };
}

/**
 * Norm of each slice along `axis`: for axis = last, one number per output unit/filter.
 * Returns Float32Array of length shape[axis].
 */
export function rankUnits(kernel: Float32Array, shape: number[], axis: number, norm: UnitNorm): Float32Array {
  const { add, finish } = normImpl(norm);
  const { outer, size, inner } = axisStrides(kernel.length, shape, axis);
  const acc = new Float64Array(size);
  for (let o = 0; o < outer; o++) {
    for (let a = 0; a < size; a++) {
      const base = (o * size + a) * inner;
      for (let r = 0; r < inner; r++) acc[a] = add(acc[a], kernel[base + r]);
    }
  }
  return Float32Array.from(acc, finish);
}

function checkKeep(keep: number[], size: number, what: string): void {
  if (keep.length === 0) throw new Error(`keep at least one ${what}`);
  keep.forEach((k, i) => {
    if (!Number.isInteger(k) || k < 0 || k >= size) throw new Error(`${what} ${k} does not exist (there are ${size})`);
    if (i > 0 && k <= keep[i - 1]) throw new Error(`the ${what}s to keep must be sorted and distinct`);
  });
}

/** Copies only the slices `keep` (sorted) along `axis`. */
function takeAlongAxis(kernel: Float32Array, shape: number[], axis: number, keep: number[]) {
  const { outer, size, inner } = axisStrides(kernel.length, shape, axis);
  const out = new Float32Array(outer * keep.length * inner);
  let w = 0;
  for (let o = 0; o < outer; o++) {
    for (const a of keep) {
      const base = (o * size + a) * inner;
      out.set(kernel.subarray(base, base + inner), w);
      w += inner;
    }
  }
  const newShape = shape.slice();
  newShape[axis] = keep.length;
  return { kernel: out, shape: newShape };
}

/**
 * Which units survive when a fraction of them, ranked by `norms`, is removed: the
 * round(fraction · units) units of smallest norm go (ties: the lower index goes first), but at
 * least one unit stays. Returns the kept unit indices in increasing order.
 */
export function unitsToKeep(norms: ArrayLike<number>, fraction: number): number[] {
  checkSparsity(fraction);
  const units = norms.length;
  if (units === 0) throw new Error('a layer without units has nothing to keep');
  const order = Array.from({ length: units }, (_, i) => i).sort((a, b) => norms[a] - norms[b] || a - b);
  const removeCount = Math.min(Math.round(fraction * units), units - 1);
  return order.slice(removeCount).sort((a, b) => a - b);
}

/** Keeps only output units `keep` (sorted): kernel [..., out] → [..., kept], bias [out] → [kept]. */
export function removeUnits(layer: KernelLayer, keep: number[]): KernelLayer {
  const axis = layer.shape.length - 1;
  checkKeep(keep, layer.shape[axis], 'unit');
  const smaller: KernelLayer = takeAlongAxis(layer.kernel, layer.shape, axis, keep);
  if (layer.bias) smaller.bias = Float32Array.from(keep, (k) => layer.bias![k]);
  return smaller;
}

/** Drops the inputs of the next layer fed by removed units: [..., in, out] → [..., kept, out]. */
export function removeInputs(nextLayer: KernelLayer, keep: number[]): KernelLayer {
  const axis = nextLayer.shape.length - 2;
  if (axis < 0) throw new Error(`a kernel of shape [${nextLayer.shape}] has no input axis`);
  checkKeep(keep, nextLayer.shape[axis], 'input');
  const smaller: KernelLayer = takeAlongAxis(nextLayer.kernel, nextLayer.shape, axis, keep);
  if (nextLayer.bias) smaller.bias = nextLayer.bias.slice();
  return smaller;
}

/**
 * Structured pruning of a chain of layers (each feeding the next directly): in every layer but
 * the last (whose outputs are the classes), removes round(fraction · units) units of smallest
 * norm (ties: lower index removed first; at least one unit stays), and the matching inputs of
 * the following layer. `kept[l]` lists the surviving unit indices of layer l.
 */
export function pruneUnitsByNorm(
  layers: KernelLayer[],
  fractionPerLayer: number | number[],
  norm: UnitNorm,
): { layers: KernelLayer[]; kept: number[][] } {
  const out = layers.slice();
  const kept: number[][] = [];
  for (let l = 0; l < layers.length; l++) {
    const units = out[l].shape[out[l].shape.length - 1];
    if (l === layers.length - 1) {
      kept.push(Array.from({ length: units }, (_, i) => i));
      break;
    }
    const fraction = Array.isArray(fractionPerLayer) ? fractionPerLayer[l] : fractionPerLayer;
    if (fraction === undefined) throw new Error(`no pruning fraction given for layer ${l}`);
    checkSparsity(fraction);
    const next = out[l + 1];
    if (next.shape[next.shape.length - 2] !== units) {
      throw new Error(`layer ${l + 1} has ${next.shape[next.shape.length - 2]} inputs but layer ${l} has ${units} units`);
    }
    const keep = unitsToKeep(rankUnits(out[l].kernel, out[l].shape, out[l].shape.length - 1, norm), fraction);
    out[l] = removeUnits(out[l], keep);
    out[l + 1] = removeInputs(next, keep);
    kept.push(keep);
  }
  return { layers: out, kept };
}
