import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SystolicTile, peakOpsPerSecond, systolicCycles, systolicMatmul } from './systolic';

function matmul(a: ArrayLike<number>, b: ArrayLike<number>, n: number, k: number, m: number): Float64Array {
  const c = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) for (let s = 0; s < k; s++) c[i * m + j] += a[i * k + s] * b[s * m + j];
  return c;
}

describe('systolicMatmul', () => {
  it('equals the plain matrix product and takes Σ (k + r + c − 2) cycles, for any shapes', () => {
    fc.assert(
      fc.property(
        fc.record({ n: fc.integer({ min: 1, max: 9 }), k: fc.integer({ min: 1, max: 9 }), m: fc.integer({ min: 1, max: 9 }), rows: fc.integer({ min: 1, max: 5 }), cols: fc.integer({ min: 1, max: 5 }), seed: fc.integer() }),
        ({ n, k, m, rows, cols, seed }) => {
          const a = Array.from({ length: n * k }, (_, i) => ((seed + i * 7) % 11) - 5);
          const b = Array.from({ length: k * m }, (_, i) => ((seed + i * 5) % 13) - 6);
          const out = systolicMatmul(a, b, n, k, m, { rows, cols });
          expect(Array.from(out.c)).toEqual(Array.from(matmul(a, b, n, k, m)));
          expect(out.cycles).toBe(systolicCycles(n, k, m, { rows, cols }));
          expect(out.utilization).toBeCloseTo((n * k * m) / (out.cycles * rows * cols), 12);
        },
      ),
    );
  });

  it('runs a hand-worked 2×2 tile with k = 3 in 3 + 2 + 2 − 2 = 5 cycles', () => {
    const out = systolicMatmul([1, 2, 3, 4, 5, 6], [1, 0, 0, 1, 1, 1], 2, 3, 2, { rows: 2, cols: 2 });
    expect(Array.from(out.c)).toEqual([4, 5, 10, 11]);
    expect(out.cycles).toBe(5);
    expect(out.utilization).toBeCloseTo(12 / 20, 12);
  });

  it('gives PE (i, j) its first operands at cycle i + j (the skew of the data flow)', () => {
    const tile = new SystolicTile({ rows: 3, cols: 3 }, 3, 3, 4, () => 1, () => 1);
    const firstMac = new Int32Array(9).fill(-1);
    while (!tile.done) {
      tile.step();
      tile.macs.forEach((count, p) => { if (count === 1 && firstMac[p] < 0) firstMac[p] = tile.cycle - 1; });
    }
    expect(Array.from(firstMac)).toEqual([0, 1, 2, 1, 2, 3, 2, 3, 4]);
  });

  it('leaves a big array nearly idle at batch 1: at most 1/rows of the PEs work', () => {
    const shape = { rows: 256, cols: 256 };
    const cycles = systolicCycles(1, 784, 300, shape);
    const utilization = (784 * 300) / (cycles * 256 * 256);
    expect(utilization).toBeLessThan(1 / 256);
    // At batch 256: a full tile (784 + 510 cycles) and a 256×44 one (784 + 298), 2,376 cycles, 39 % busy.
    expect(systolicCycles(256, 784, 300, shape)).toBe(2376);
    const busy = (256 * 784 * 300) / (2376 * 256 * 256);
    expect(busy / utilization).toBeGreaterThan(100);
  });

  it('computes the TPU’s peak: 65,536 MACs × 2 × 700 MHz ≈ 92 TOPS', () => {
    expect(peakOpsPerSecond(256 * 256, 700e6)).toBe(91_750_400_000_000);
  });

  it('refuses shapes that do not match with a message', () => {
    expect(() => systolicMatmul([1, 2], [1], 1, 2, 1, { rows: 1, cols: 1 })).toThrow(/B has 1 values/);
    expect(() => systolicCycles(1, 1, 1, { rows: 0, cols: 1 })).toThrow(/array rows/);
  });
});
