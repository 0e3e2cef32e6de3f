/**
 * EIE, the Efficient Inference Engine (Han et al., ISCA 2016): a sparse, shared-weight layer
 * y = xW computed by `pes` processing elements. Output unit j (a column of the Keras kernel W,
 * shape [inputs, outputs]; a row of the paper's matrix) belongs to PE j mod pes. Each PE keeps its
 * part of every input's row of W in compressed sparse column form: the kept weights as codebook
 * indices and their positions as `indexBits`-bit relative indices, with a padding zero wherever a
 * run of zeros is too long for the index (the paper uses 4 bits). The non-zero inputs are broadcast
 * to all PEs one after another; each PE multiply-accumulates the entries it holds for that input.
 */
import type { DecodedLayer } from '../container';

export interface EieResult {
  /** y = xW (no bias), float64. */
  y: Float64Array;
  /** Multiply-accumulates each PE does: its kept weights in the rows of the non-zero inputs, padding zeros included. */
  workPerPe: Int32Array;
  /** Of workPerPe, the padding zeros. */
  paddingPerPe: Int32Array;
  /** Non-zero inputs broadcast (the zeros are skipped). */
  broadcasts: number;
  /**
   * Cycles when all PEs move to the next input together (no queues): Σ over broadcasts of the
   * largest work any PE has for that input, at one multiply-accumulate per PE per cycle.
   */
  lockstepCycles: number;
  /** Cycles with unbounded activation queues: the busiest PE's total work, max(workPerPe). */
  queuedCycles: number;
  /** Σ workPerPe ÷ (pes · queuedCycles), in (0, 1]: 1 means perfectly balanced. */
  loadBalance: number;
}

/**
 * Runs one Dense layer decoded from a .clmz file (`shape` [inputs, outputs], non-zeros equal to
 * codebook values) on the EIE model with `pes` PEs. `x` has `inputs` values; `indexBits` (1–8,
 * default 4) sets when a padding zero is needed.
 */
export function eieSpmv(layer: Pick<DecodedLayer, 'shape' | 'weights' | 'centroids' | 'name'>, x: ArrayLike<number>, pes: number, indexBits = 4): EieResult {
  if (layer.shape.length !== 2) throw new RangeError(`layer "${layer.name}" has shape [${layer.shape}]; EIE runs Dense layers [inputs, outputs]`);
  const [inputs, outputs] = layer.shape;
  if (x.length !== inputs) throw new RangeError(`layer "${layer.name}" takes ${inputs} inputs, got ${x.length}`);
  if (!Number.isInteger(pes) || pes < 1) throw new RangeError(`PEs must be a whole number ≥ 1, got ${pes}`);
  if (!Number.isInteger(indexBits) || indexBits < 1 || indexBits > 8) throw new RangeError(`index bits must be 1 to 8, got ${indexBits}`);
  const codebookIndex = new Map<number, number>();
  layer.centroids.forEach((c, i) => codebookIndex.set(c, i));
  const span = 1 << indexBits; // a stored entry may be at most this many local positions after the previous one
  const y = new Float64Array(outputs);
  const workPerPe = new Int32Array(pes);
  const paddingPerPe = new Int32Array(pes);
  let broadcasts = 0;
  let lockstepCycles = 0;
  for (let i = 0; i < inputs; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    broadcasts++;
    let longest = 0;
    const row = i * outputs;
    for (let p = 0; p < Math.min(pes, outputs); p++) {
      // Walk PE p's column for input i: local positions 0, 1, … are outputs p, p + pes, …
      let work = 0;
      let previous = -1;
      let local = 0;
      for (let j = p; j < outputs; j += pes, local++) {
        const w = layer.weights[row + j];
        if (w === 0) continue;
        const index = codebookIndex.get(w);
        if (index === undefined) throw new RangeError(`layer "${layer.name}": weight ${w} at [${i}, ${j}] is not in the codebook`);
        const padding = Math.floor((local - previous - 1) / span);
        paddingPerPe[p] += padding;
        work += padding + 1;
        y[j] += xi * layer.centroids[index];
        previous = local;
      }
      workPerPe[p] += work;
      if (work > longest) longest = work;
    }
    lockstepCycles += longest;
  }
  const queuedCycles = workPerPe.reduce((a, b) => Math.max(a, b), 0);
  const total = workPerPe.reduce((a, b) => a + b, 0);
  return { y, workPerPe, paddingPerPe, broadcasts, lockstepCycles, queuedCycles, loadBalance: queuedCycles === 0 ? 1 : total / (pes * queuedCycles) };
}
