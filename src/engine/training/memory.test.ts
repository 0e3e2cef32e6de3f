import { describe, expect, it } from 'vitest';
import { bytesPerParameter, checkpointedActivations, trainingMemory } from './memory';

describe('trainingMemory', () => {
  it('is ZeRO §3.1: mixed-precision Adam holds 2 + 2 + 12 = 16 bytes per parameter', () => {
    expect(bytesPerParameter('adam', 'mixed')).toEqual({ weights: 2, gradients: 2, optimizerState: 12 });
    const m = trainingMemory({ params: 1e9, optimizer: 'adam', precision: 'mixed', zeroStage: 0, workers: 8 });
    expect(m).toEqual({ weights: 2e9, gradients: 2e9, optimizerState: 12e9, total: 16e9 });
  });

  it("reproduces ZeRO's Figure 1: a 7.5B model on 64 workers, 120 → 31.4 → 16.6 → 1.9 GB", () => {
    const total = (zeroStage: 0 | 1 | 2 | 3) => trainingMemory({ params: 7.5e9, optimizer: 'adam', precision: 'mixed', zeroStage, workers: 64 }).total / 1e9;
    expect(total(0)).toBe(120);
    expect(total(1)).toBeCloseTo(31.4, 1);
    expect(total(2)).toBeCloseTo(16.6, 1);
    expect(total(3)).toBeCloseTo(1.9, 1);
    // Stage 3 is exactly 16 bytes per parameter over 64 workers.
    expect(total(3)).toBe(1.875);
  });

  it('counts fp32 training as 4-byte weights and gradients plus the moments', () => {
    const fp32 = (optimizer: 'sgd' | 'momentum' | 'adam') => trainingMemory({ params: 1000, optimizer, precision: 'fp32', zeroStage: 0, workers: 1 });
    expect(fp32('sgd')).toEqual({ weights: 4000, gradients: 4000, optimizerState: 0, total: 8000 });
    expect(fp32('momentum').total).toBe(12000);
    expect(fp32('adam').total).toBe(16000);
    // Mixed-precision SGD keeps only the fp32 master copy as state.
    expect(trainingMemory({ params: 1000, optimizer: 'sgd', precision: 'mixed', zeroStage: 0, workers: 1 }).total).toBe(8000);
  });

  it('gives each worker ⌈params / workers⌉ parameters of a sharded part, and one worker everything', () => {
    const m = trainingMemory({ params: 10, optimizer: 'adam', precision: 'mixed', zeroStage: 2, workers: 4 });
    expect(m).toEqual({ weights: 20, gradients: 6, optimizerState: 36, total: 62 });
    for (const zeroStage of [0, 1, 2, 3] as const) {
      expect(trainingMemory({ params: 266610, optimizer: 'adam', precision: 'fp32', zeroStage, workers: 1 }).total).toBe(266610 * 16);
    }
  });

  it('names bad input', () => {
    const ok = { params: 100, optimizer: 'adam', precision: 'mixed', zeroStage: 1, workers: 2 } as const;
    expect(() => trainingMemory({ ...ok, workers: 0 })).toThrow(/number of workers must be a whole number of at least 1 \(got 0\)/);
    expect(() => trainingMemory({ ...ok, params: -5 })).toThrow(/parameters/);
    expect(() => trainingMemory({ ...ok, zeroStage: 4 as 3 })).toThrow(/ZeRO stage/);
  });
});

describe('checkpointedActivations', () => {
  it('keeps everything with a checkpoint at every layer', () => {
    expect(checkpointedActivations(16, 10, 1)).toEqual({ storedBytes: 160, peakBytes: 160, extraForward: 0 });
  });

  it('keeps 4 of 16 layers and recomputes one segment of 3 with a checkpoint every 4 (√16)', () => {
    expect(checkpointedActivations(16, 10, 4)).toEqual({ storedBytes: 40, peakBytes: 70, extraForward: 12 / 16 });
  });

  it('recomputes all but one layer with one checkpoint, and needs the whole network again at the peak', () => {
    expect(checkpointedActivations(16, 10, 16)).toEqual({ storedBytes: 10, peakBytes: 160, extraForward: 15 / 16 });
  });

  it('has its smallest peak near every = √layers', () => {
    const peaks = Array.from({ length: 100 }, (_, i) => checkpointedActivations(100, 1, i + 1).peakBytes);
    const best = peaks.indexOf(Math.min(...peaks)) + 1;
    expect(best).toBe(10);
    expect(Math.min(...peaks)).toBe(19);
  });

  it('names bad input', () => {
    expect(() => checkpointedActivations(10, 1, 0)).toThrow(/every 1 to 10 layers \(got 0\)/);
    expect(() => checkpointedActivations(0, 1, 1)).toThrow(/layers/);
  });
});
