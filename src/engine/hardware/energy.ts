/**
 * Energy of one inference from counted operations and bytes, with one table of per-operation
 * energies: M. Horowitz, "Computing's energy problem (and what we can do about it)", ISSCC 2014,
 * 45 nm, 0.9 V (as reproduced by Han et al., NIPS 2015, Fig. 1, and Kim et al. 2023, Fig. 15).
 */
import type { ModelCost } from '../cost';

/** Energy per operation in picojoules, 45 nm (Horowitz 2014). SRAM and DRAM rows are per 32-bit read. */
export const HOROWITZ_45NM_PJ = {
  int8Add: 0.03,
  int16Add: 0.05,
  int32Add: 0.1,
  fp16Add: 0.4,
  fp32Add: 0.9,
  int8Mult: 0.2,
  int32Mult: 3.1,
  fp16Mult: 1.1,
  fp32Mult: 3.7,
  /** 32-bit read from an 8 KB SRAM. */
  sramRead32: 5,
  /** 32-bit read from off-chip DRAM. */
  dramRead32: 640,
} as const;

/** The arithmetic that a multiply-accumulate of `bits`-wide operands uses. */
export type MacFormat = 'int8' | 'fp16' | 'fp32';

/**
 * Energy of one multiply-accumulate: int8 multiplies accumulate into 32-bit integers (Jacob et
 * al. 2018); 16- and 32-bit operands use float multiply and add of that width.
 */
export function macEnergy(format: MacFormat): number {
  const t = HOROWITZ_45NM_PJ;
  if (format === 'int8') return t.int8Mult + t.int32Add;
  if (format === 'fp16') return t.fp16Mult + t.fp16Add;
  return t.fp32Mult + t.fp32Add;
}

/** The narrowest arithmetic that holds operands of `bits` bits: ≤ 8 int8, ≤ 16 fp16, else fp32. */
export function macFormatFor(bits: number): MacFormat {
  return bits <= 8 ? 'int8' : bits <= 16 ? 'fp16' : 'fp32';
}

export interface EnergyOptions {
  /** Bits of each stored weight, 1–32 (a shared-weight index counts its index bits). */
  weightBits: number;
  /** Bits of each activation, 1–32. */
  activationBits: number;
  /** Weights read from on-chip SRAM instead of DRAM. */
  weightsOnChip: boolean;
  /** Share of the weights kept after pruning, in (0, 1]; zeros are neither read nor multiplied. Default 1. */
  density?: number;
  /** Bits of position information stored per kept weight (e.g. a relative index). Default 0. */
  indexBits?: number;
}

export interface EnergyEstimate {
  /** Picojoules of multiply-accumulates. */
  arithmetic: number;
  /** Picojoules of on-chip SRAM reads: activations, and the weights when they live on chip. */
  sram: number;
  /** Picojoules of DRAM reads of the weights (0 when they are on chip). */
  dram: number;
  total: number;
  format: MacFormat;
  macs: number;
  /** Bits of weights (and their indices) read once. */
  weightBitsRead: number;
  /** Bits of activations read and written. */
  activationBitsMoved: number;
}

function requireBits(bits: number, what: string): void {
  if (!Number.isInteger(bits) || bits < 1 || bits > 32) throw new RangeError(`${what} must be a whole number from 1 to 32, got ${bits}`);
}

/**
 * Energy of one inference in picojoules, split into arithmetic, SRAM and DRAM:
 *
 *   arithmetic = density · MACs · E_mac(format of max(weightBits, activationBits))
 *   weights    = density · params · (weightBits + indexBits) / 32 · (E_sram32 or E_dram32)
 *   SRAM       = Σ over layers (input + output elements) · activationBits / 32 · E_sram32
 *
 * The model: each weight is read once from where it lives (DRAM, or SRAM when `weightsOnChip`);
 * activations stay on chip; register-file traffic and control are left out; bits are read at
 * the per-bit price of a 32-bit access. `cost` is a model's cost at batch 1 (modelCost).
 */
export function energyEstimate(cost: Pick<ModelCost, 'macs' | 'params' | 'layers'>, options: EnergyOptions): EnergyEstimate {
  const { weightBits, activationBits, weightsOnChip, density = 1, indexBits = 0 } = options;
  requireBits(weightBits, 'weight bits');
  requireBits(activationBits, 'activation bits');
  if (!(density > 0 && density <= 1)) throw new RangeError(`density must be in (0, 1], got ${density}`);
  if (!Number.isInteger(indexBits) || indexBits < 0 || indexBits > 32) throw new RangeError(`index bits must be a whole number from 0 to 32, got ${indexBits}`);
  const t = HOROWITZ_45NM_PJ;
  const format = macFormatFor(Math.max(weightBits, activationBits));
  const macs = cost.macs * density;
  const weightBitsRead = cost.params * density * (weightBits + indexBits);
  const activationBitsMoved = cost.layers.reduce((s, l) => s + l.inputElements + l.outputElements, 0) * activationBits;
  const arithmetic = macs * macEnergy(format);
  const weightEnergy = (weightBitsRead / 32) * (weightsOnChip ? t.sramRead32 : t.dramRead32);
  const sram = (activationBitsMoved / 32) * t.sramRead32 + (weightsOnChip ? weightEnergy : 0);
  const dram = weightsOnChip ? 0 : weightEnergy;
  return { arithmetic, sram, dram, total: arithmetic + sram + dram, format, macs, weightBitsRead, activationBitsMoved };
}
