import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAbortError } from '../../contract/abort';
import type { GptqLayerRow, SparsityRun } from '../../contract/modern';
import { groupStorage, isNmSparse, transpose } from '../../../engine';
import { publicFetch } from '../testing/fixtures';
import { startedHost } from '../testing/startedHost';

const base = 'http://course.test/modern/';
afterEach(() => vi.unstubAllGlobals());

/** A host (cpu backend) with the zoo's LeNet-300-100 loaded. */
async function hostWithLenet() {
  vi.stubGlobal('fetch', publicFetch(base));
  const { host, jobs } = await startedHost(base);
  await jobs.models.load({ kind: 'zoo', id: 'lenet-300-100' });
  return { host, jobs };
}

const zerosPerColumn = (kernel: Float32Array, inputs: number, outputs: number) =>
  Array.from({ length: outputs }, (_, o) => { let z = 0; for (let i = 0; i < inputs; i++) if (kernel[i * outputs + o] === 0) z++; return z; });

describe('the "as practised today" jobs of the model host', () => {
  it('GPTQ beats round-to-nearest at 3 bits on LeNet-300-100, layer by layer and in accuracy, AWQ never loses to it, without leaking tensors', async () => {
    const { host, jobs } = await hostWithLenet();
    const rows: GptqLayerRow[] = [];
    const request = { key: 'lenet-300-100', bits: 3, groupSize: 64, zeroPoint: true, calibration: 128 };
    const result = await jobs.modern.gptq(request, { onPartial: (r) => rows.push(r) });
    expect(result.layers.map((l) => [l.weight, l.outputs, l.inputs])).toEqual([['dense1/kernel', 300, 784], ['dense2/kernel', 100, 300], ['logits/kernel', 10, 100]]);
    expect(rows).toEqual(result.layers);
    for (const l of result.layers) {
      expect(l.gptqError).toBeLessThan(l.rtnError);
      // α = 0 (plain rounding) is on AWQ's grid, so its error is at most rounding's (float32 products).
      expect(l.awqError).toBeLessThanOrEqual(l.rtnError * (1 + 1e-5));
    }
    expect(result.gptqAccuracy).toBeGreaterThan(result.rtnAccuracy);
    expect(result.awqKey).toBe('lenet-300-100:awq');
    // On dense2 AWQ finds a scaling that helps (α > 0), and its copy holds other weights than rounding's.
    expect(result.layers[1].awqAlpha).toBeGreaterThan(0);
    expect(result.layers[1].awqError).toBeLessThan(result.layers[1].rtnError);
    const awqKernel = await jobs.quant.weightValues({ key: result.awqKey, weight: 'dense2/kernel' });
    const rtnKernel = await jobs.quant.weightValues({ key: result.rtnKey, weight: 'dense2/kernel' });
    expect(awqKernel.some((w, i) => w !== rtnKernel[i])).toBe(true);
    expect(result.awqAccuracy).toBeGreaterThan(0.9);
    expect(result.floatAccuracy).toBeCloseTo(0.9835, 4);
    const grid = { bits: 3, groupSize: 64, zeroPoint: true };
    expect(result.groupedKernelBytes).toBe(groupStorage(300, 784, grid).bytes + groupStorage(100, 300, grid).bytes + groupStorage(10, 100, grid).bytes);
    // The GPTQ copy holds at most 2^3 distinct values in each group of 64 inputs of an output.
    const kernel = transpose(await jobs.quant.weightValues({ key: result.gptqKey, weight: 'dense2/kernel' }), 300, 100);
    expect(new Set(kernel.subarray(64, 128)).size).toBeLessThanOrEqual(8);
    const tensors = host.memory().numTensors;
    await jobs.modern.gptq({ ...request, calibration: 16 });
    expect(host.memory().numTensors).toBe(tensors);
    await expect(jobs.modern.gptq({ ...request, bits: 9 })).rejects.toThrow('bits must be a whole number from 2 to 8 (got 9)');
    await expect(jobs.modern.gptq({ ...request, calibration: 5 })).rejects.toThrow('calibration images must be a whole number from 16 to 2048 (got 5)');
    host.dispose();
  }, 120_000);

  it('Wanda prunes the same share of every output; magnitude prunes per layer', async () => {
    const { host, jobs } = await hostWithLenet();
    const result = await jobs.modern.wanda({ key: 'lenet-300-100', sparsity: 0.7, calibration: 128 });
    expect(result.kernelSparsity).toBeCloseTo(0.7, 3);
    const wanda = await jobs.quant.weightValues({ key: 'lenet-300-100:wanda', weight: 'dense2/kernel' });
    expect(new Set(zerosPerColumn(wanda, 300, 100))).toEqual(new Set([210]));
    const magnitude = await jobs.quant.weightValues({ key: 'lenet-300-100:magnitude', weight: 'dense2/kernel' });
    expect(magnitude.filter((w) => w === 0).length).toBe(21000);
    expect(result.wandaAccuracy).toBeGreaterThan(result.magnitudeAccuracy);
    await expect(jobs.modern.wanda({ key: 'lenet-300-100', sparsity: 0.99, calibration: 128 })).rejects.toThrow('at most 95 %');
    host.dispose();
  }, 120_000);

  it('retrains a 2:4 copy that stays 2:4, beside unstructured 50 %, and stops on cancel', async () => {
    const { host, jobs } = await hostWithLenet();
    const runs: SparsityRun[] = [];
    const settings = { steps: 20, batchSize: 64, learningRate: 1e-4, seed: 1 };
    const result = await jobs.modern.semiStructured({ key: 'lenet-300-100', settings }, { onPartial: (r) => runs.push(r) });
    expect(runs).toEqual(result.runs);
    expect(result.runs.map((r) => [r.pattern, r.kernelSparsity])).toEqual([['2:4', 0.5], ['unstructured', 0.5]]);
    const kernel = await jobs.quant.weightValues({ key: 'lenet-300-100:2of4', weight: 'dense1/kernel' });
    expect(isNmSparse(transpose(kernel, 784, 300), 300, 784)).toBe(true);
    for (const r of result.runs) expect(r.after).toBeGreaterThanOrEqual(r.before - 0.002);
    const controller = new AbortController();
    const err = await jobs.modern.semiStructured({ key: 'lenet-300-100', settings: { ...settings, steps: 500 } }, {
      signal: controller.signal, onProgress: (p) => { if (p.phase === 'train' && p.done === 3) controller.abort(); },
    }).catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    await expect(jobs.modern.semiStructured({ key: 'nope', settings })).rejects.toThrow();
    host.dispose();
  }, 120_000);

  it('an injected outlier channel leaves the float model alone, breaks per-tensor int8, and SmoothQuant repairs it', async () => {
    const { host, jobs } = await hostWithLenet();
    const request = { key: 'lenet-300-100', factor: 100, alpha: 0.5, calibration: 64, testImages: 2000 };
    const tensors = host.memory().numTensors;
    const r = await jobs.modern.outliers(request);
    expect(host.memory().numTensors).toBe(tensors); // the job keeps no tensors and no models
    expect(Math.abs(r.floatInjected - r.float)).toBeLessThanOrEqual(0.0002); // the same function, up to float rounding
    expect(r.rangeInjected).toBeCloseTo(100 * r.rangeBefore, 2);
    expect(Math.abs(r.int8 - r.float)).toBeLessThan(0.005);
    expect(r.rangeBefore).toBeGreaterThan(0);
    expect(r.int8Injected).toBeLessThan(r.int8 - 0.01);
    expect(r.int8Smoothed).toBeGreaterThan(r.int8Injected + 0.01);
    expect(r.rangeSmoothed).toBeLessThan(r.rangeInjected / 10);
    await expect(jobs.modern.outliers({ ...request, factor: 0 })).rejects.toThrow('outlier factor must be a number from 1 to 1000 (got 0)');
    await expect(jobs.modern.outliers({ ...request, alpha: 2 })).rejects.toThrow('alpha must be between 0 and 1');
    host.dispose();
  }, 240_000);
});
