import { describe, expect, it } from 'vitest';
import { modelCost } from '../cost';
import { HOROWITZ_45NM_PJ, energyEstimate, macEnergy } from './energy';

const lenet300 = modelCost([
  { kind: 'dense', inputs: 784, units: 300 },
  { kind: 'dense', inputs: 300, units: 100 },
  { kind: 'dense', inputs: 100, units: 10 },
]);

describe('energyEstimate', () => {
  it('keeps Horowitz’s 45 nm figures: DRAM is 6400 int adds and about 173 fp32 multiplies', () => {
    expect(HOROWITZ_45NM_PJ.dramRead32 / HOROWITZ_45NM_PJ.int32Add).toBeCloseTo(6400, 6);
    expect(HOROWITZ_45NM_PJ.dramRead32 / HOROWITZ_45NM_PJ.fp32Mult).toBeCloseTo(173, 0);
    expect(macEnergy('fp32')).toBeCloseTo(4.6, 12);
    expect(macEnergy('int8')).toBeCloseTo(0.3, 12);
    expect(macEnergy('fp16')).toBeCloseTo(1.5, 12);
  });

  it('prices LeNet-300-100 in fp32 by hand: 266,610 DRAM reads and 266,200 MACs', () => {
    const e = energyEstimate(lenet300, { weightBits: 32, activationBits: 32, weightsOnChip: false });
    expect(e.dram).toBeCloseTo(266_610 * 640, 3);
    expect(e.arithmetic).toBeCloseTo(266_200 * 4.6, 3);
    // Activations: (784 + 300) + (300 + 100) + (100 + 10) numbers read or written at 5 pJ each.
    expect(e.sram).toBeCloseTo((1084 + 400 + 110) * 5, 6);
    expect(e.total).toBeCloseTo(e.arithmetic + e.sram + e.dram, 6);
    expect(e.dram / e.arithmetic).toBeGreaterThan(100);
  });

  it('moves the weights to SRAM at 5 pJ per 32 bits when they fit on chip', () => {
    const e = energyEstimate(lenet300, { weightBits: 32, activationBits: 32, weightsOnChip: true });
    expect(e.dram).toBe(0);
    expect(e.sram).toBeCloseTo(266_610 * 5 + 1594 * 5, 6);
  });

  it('uses int8 arithmetic only when weights and activations both have 8 bits or fewer', () => {
    expect(energyEstimate(lenet300, { weightBits: 8, activationBits: 8, weightsOnChip: false }).format).toBe('int8');
    expect(energyEstimate(lenet300, { weightBits: 8, activationBits: 16, weightsOnChip: false }).format).toBe('fp16');
    const int8 = energyEstimate(lenet300, { weightBits: 8, activationBits: 8, weightsOnChip: false });
    expect(int8.dram).toBeCloseTo((266_610 * 8 / 32) * 640, 3);
    expect(int8.arithmetic).toBeCloseTo(266_200 * 0.3, 6);
  });

  it('reads only the kept weights, with their index bits, after pruning', () => {
    const e = energyEstimate(lenet300, { weightBits: 6, activationBits: 32, weightsOnChip: false, density: 0.08, indexBits: 5 });
    expect(e.weightBitsRead).toBeCloseTo(266_610 * 0.08 * 11, 6);
    expect(e.macs).toBeCloseTo(266_200 * 0.08, 6);
  });

  it('refuses impossible bit widths and densities with a message', () => {
    expect(() => energyEstimate(lenet300, { weightBits: 0, activationBits: 8, weightsOnChip: false })).toThrow(/weight bits/);
    expect(() => energyEstimate(lenet300, { weightBits: 8, activationBits: 8, weightsOnChip: false, density: 0 })).toThrow(/density/);
  });
});
