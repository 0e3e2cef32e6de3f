import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAbortError } from '../contract/abort';
import { measureLatency, quantile, summarise } from './latency';
import { pixelPickerModel } from './testing/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('quantile', () => {
  it('interpolates linearly at position q·(n−1), like numpy’s default', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12);
    expect(quantile([10, 20, 30, 40, 50], 0.9)).toBeCloseTo(46, 12);
    expect(quantile([7], 0.9)).toBe(7);
  });

  it('lies between the smallest and largest value and grows with q', () => {
    const list = fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 50 });
    fc.assert(fc.property(list, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, a, b) => {
      const sorted = [...xs].sort((x, y) => x - y);
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(quantile(sorted, lo)).toBeGreaterThanOrEqual(sorted[0]);
      expect(quantile(sorted, hi)).toBeLessThanOrEqual(sorted[sorted.length - 1]);
      expect(quantile(sorted, lo)).toBeLessThanOrEqual(quantile(sorted, hi) + 1e-9);
    }));
  });

  it('refuses an empty list', () => {
    expect(() => quantile([], 0.5)).toThrow('empty');
  });
});

describe('summarise', () => {
  it('gives the median, spread and images per second of unsorted run times', () => {
    const row = summarise(256, [4, 2, 8, 6, 10]);
    expect(row).toMatchObject({ batchSize: 256, runs: 5, medianMs: 6, imagesPerSecond: (256 * 1000) / 6 });
    expect(row.p10Ms).toBeCloseTo(2.8, 12);
    expect(row.p90Ms).toBeCloseTo(9.2, 12);
  });
});

describe('measureLatency', () => {
  it('measures each batch size with at least the minimum runs, in order, without leaking tensors', async () => {
    const model = pixelPickerModel();
    const before = tf.memory().numTensors;
    const rows = await measureLatency(model, [1, 4, 16], { warmupRuns: 1, minRuns: 5, maxRuns: 8, budgetMs: 1 });
    expect(rows.map((r) => r.batchSize)).toEqual([1, 4, 16]);
    for (const r of rows) {
      expect(r.runs).toBeGreaterThanOrEqual(5);
      expect(r.runs).toBeLessThanOrEqual(8);
      expect(r.p10Ms).toBeLessThanOrEqual(r.medianMs);
      expect(r.medianMs).toBeLessThanOrEqual(r.p90Ms);
      expect(r.imagesPerSecond).toBeCloseTo((r.batchSize * 1000) / r.medianMs, 6);
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('stops with an AbortError when cancelled and frees its input', async () => {
    const model = pixelPickerModel();
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = measureLatency(model, [1, 2, 4], {
      minRuns: 3, budgetMs: 1, signal: controller.signal,
      onRow: (r) => { if (r.batchSize === 2) controller.abort(); },
    });
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('lets a cancel that arrives as a macrotask stop it between runs', async () => {
    const model = pixelPickerModel();
    const controller = new AbortController();
    const rows: number[] = [];
    const run = measureLatency(model, [1, 2, 4, 8], { minRuns: 500, maxRuns: 500, signal: controller.signal, onRow: (r) => rows.push(r.batchSize) });
    setTimeout(() => controller.abort(), 0);
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(rows).toEqual([]);
    model.dispose();
  });

  it('rejects a batch size that is not a positive integer', async () => {
    const model = pixelPickerModel();
    await expect(measureLatency(model, [0])).rejects.toThrow('positive integer');
    model.dispose();
  });
});
