/**
 * Group-wise weight-only quantization, as used for large language models (GPTQ, AWQ and the
 * int4 kernels that serve them): each row of a weight matrix W[out][in] is cut into groups of
 * `groupSize` consecutive inputs, and each group gets its own scale (and, optionally, its own zero
 * point). Smaller groups follow the weights more closely but store more scales.
 */
import { quantParams, type QuantParams } from '../quant/params';
import { roundHalfEven } from '../quant/uniform';
import { checkShape } from '../linalg';

export interface GroupQuantOptions {
  /** Bits per weight code, 2..8. */
  bits: number;
  /** Consecutive inputs sharing one scale; a value ≥ cols gives one group per row (per channel). */
  groupSize: number;
  /**
   * true (default): affine, unsigned codes 0…2^bits − 1 with a zero point per group (GPTQ's
   * default). false: symmetric, signed codes −2^(bits−1)…2^(bits−1) − 1 and no zero point.
   */
  zeroPoint?: boolean;
}

export interface GroupQuantized {
  /** Integer code of each weight, row-major like the weights. */
  codes: Int32Array;
  /** scale · (code − zeroPoint) of each weight. */
  dequantized: Float32Array;
  /** Parameters of each group, row by row: params[row · groupsPerRow + group]. */
  params: QuantParams[];
  groupsPerRow: number;
}

/** Bits a float16 scale takes in storage, as the int4 kernels keep them. */
export const GROUP_SCALE_BITS = 16;

/** Throws unless the options name a usable grid. */
export function checkGroupOptions({ bits, groupSize }: GroupQuantOptions): void {
  if (!Number.isInteger(bits) || bits < 2 || bits > 8) {
    throw new Error(`bits must be a whole number from 2 to 8 (got ${bits})`);
  }
  if (!Number.isInteger(groupSize) || groupSize < 1) {
    throw new Error(`groupSize must be a whole number ≥ 1 (got ${groupSize})`);
  }
}

/** The effective group size and the number of groups in a row of `cols` inputs. */
export function groupLayout(cols: number, groupSize: number): { size: number; groupsPerRow: number } {
  const size = Math.min(groupSize, cols);
  return { size, groupsPerRow: Math.ceil(cols / size) };
}

/** Parameters of every group from the weights' own range (round-to-nearest's grid). */
export function groupParams(
  weights: ArrayLike<number>,
  rows: number,
  cols: number,
  options: GroupQuantOptions,
): QuantParams[] {
  checkShape('groupParams', weights.length, rows, cols);
  checkGroupOptions(options);
  const { size, groupsPerRow } = groupLayout(cols, options.groupSize);
  const symmetric = options.zeroPoint === false;
  const params: QuantParams[] = [];
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < groupsPerRow; g++) {
      let min = Infinity;
      let max = -Infinity;
      const end = Math.min(cols, (g + 1) * size);
      for (let c = g * size; c < end; c++) {
        const w = weights[r * cols + c];
        if (Number.isNaN(w)) throw new Error(`weight (${r}, ${c}) is NaN`);
        if (w < min) min = w;
        if (w > max) max = w;
      }
      params.push(quantParams(min, max, options.bits, { symmetric }));
    }
  }
  return params;
}

/** The code of w on grid p: clamp(round(w / scale) + zeroPoint), ties to even. */
export function codeOf(w: number, p: QuantParams): number {
  const q = roundHalfEven(w / p.scale) + p.zeroPoint;
  return q < p.qmin ? p.qmin : q > p.qmax ? p.qmax : q;
}

/** Round-to-nearest on the group grid: every weight to its nearest code, independently. */
export function roundToNearestGroups(
  weights: ArrayLike<number>,
  rows: number,
  cols: number,
  options: GroupQuantOptions,
): GroupQuantized {
  const params = groupParams(weights, rows, cols, options);
  const { size, groupsPerRow } = groupLayout(cols, options.groupSize);
  const codes = new Int32Array(rows * cols);
  const dequantized = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const p = params[r * groupsPerRow + Math.floor(c / size)];
      const q = codeOf(weights[r * cols + c], p);
      codes[r * cols + c] = q;
      dequantized[r * cols + c] = p.scale * (q - p.zeroPoint);
    }
  }
  return { codes, dequantized, params, groupsPerRow };
}

/**
 * Storage of a rows × cols matrix quantized group-wise: `bits` per code, plus per group a float16
 * scale and, with a zero point, a `bits`-bit zero point (as GPTQ packs them).
 * bytesPerWeight = bits/8 + (16 + zeroPointBits) / (8 · groupSize) for whole groups.
 */
export function groupStorage(
  rows: number,
  cols: number,
  options: GroupQuantOptions,
): { bytes: number; bytesPerWeight: number } {
  checkShape('groupStorage', rows * cols, rows, cols);
  checkGroupOptions(options);
  const { groupsPerRow } = groupLayout(cols, options.groupSize);
  const perGroupBits = GROUP_SCALE_BITS + (options.zeroPoint === false ? 0 : options.bits);
  const bits = rows * cols * options.bits + rows * groupsPerRow * perGroupBits;
  return { bytes: bits / 8, bytesPerWeight: bits / 8 / (rows * cols) };
}
