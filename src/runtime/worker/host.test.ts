import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAbortError } from '../contract/abort';
import type { JobProgress } from '../contract/jobs';
import { artifactsOf, pixelPickerModel, publicFetch } from './testing/fixtures';
import { startedHost } from './testing/startedHost';
import { createModelHost } from './host';

const base = 'http://course.test/host/';
afterEach(() => vi.unstubAllGlobals());

async function hostWithPicker() {
  vi.stubGlobal('fetch', publicFetch(base));
  const { host, jobs } = await startedHost(base);
  const picker = pixelPickerModel();
  const summary = await jobs.models.load({ kind: 'artifacts', key: 'picker', artifacts: await artifactsOf(picker) });
  picker.dispose();
  return { host, jobs, summary };
}

describe('the model host', () => {
  it('refuses work before init with a message saying so', async () => {
    const host = createModelHost();
    await expect(host.run('models', 'load', { kind: 'zoo', id: 'lenet-5' }, 'j')).rejects.toThrow('call init() first');
  });

  it('describes a loaded model layer by layer', async () => {
    const { host, summary } = await hostWithPicker();
    expect(summary).toMatchObject({ key: 'picker', inputShape: [784], outputShape: [10], params: 7850 });
    expect(summary.layers[0]).toMatchObject({ className: 'Dense', outputShape: [10], weightShapes: [[784, 10], [10]], params: 7850 });
    host.dispose();
  });

  it('hands out copies of a model’s weights, layer by layer, with their shapes', async () => {
    const { host, jobs } = await hostWithPicker();
    const [layer, ...rest] = await jobs.models.weights({ key: 'picker' });
    expect(rest).toEqual([]);
    expect(layer.className).toBe('Dense');
    expect(layer.weights.map((w) => w.shape)).toEqual([[784, 10], [10]]);
    const kernel = layer.weights[0].values;
    // The picker's kernel is 1 at (c, c) for c < 10 and 0 elsewhere.
    expect(kernel[3 * 10 + 3]).toBe(1);
    expect(kernel.reduce((a, b) => a + b, 0)).toBe(10);
    kernel[3 * 10 + 3] = 0;
    const again = await jobs.models.weights({ key: 'picker' });
    expect(again[0].weights[0].values[3 * 10 + 3]).toBe(1);
    host.dispose();
  });

  it('answers a job only after the page has taken each of its partial results', async () => {
    const { host } = await hostWithPicker();
    const events: string[] = [];
    // Through comlink a partial's delivery is a promise that settles when the page has run the callback.
    const slowPage = (row: unknown) => new Promise<void>((resolve) => setTimeout(() => { events.push(`row ${(row as { batchSize: number }).batchSize}`); resolve(); }, 30));
    await host.run('models', 'latency', { key: 'picker', batchSizes: [1, 2] }, 'rows', undefined, slowPage);
    events.push('result');
    expect(events).toEqual(['row 1', 'row 2', 'result']);
    host.dispose();
  });

  it('scores the MNIST test set with the accuracy of the hand-built picker, reporting both phases', async () => {
    const { host, jobs } = await hostWithPicker();
    const phases = new Set<string>();
    const result = await jobs.models.evaluate({ key: 'picker' }, { onProgress: (p: JobProgress) => phases.add(p.phase) });
    // The picker predicts the brightest of pixels 0…9, which are all 0 in MNIST: argmax picks class 0.
    expect(Array.from(new Set(result.predictions))).toEqual([0]);
    expect(result.correct).toBe(result.perClassTotal[0]);
    expect(result.total).toBe(10000);
    expect(result.backend).toBe('cpu');
    expect([...phases]).toEqual(['data', 'evaluate']);
    host.dispose();
  });

  it('keeps the worker’s tensor count flat over repeated evaluations', async () => {
    const { host, jobs } = await hostWithPicker();
    await jobs.models.evaluate({ key: 'picker' });
    const before = host.memory().numTensors;
    for (let i = 0; i < 5; i++) await jobs.models.evaluate({ key: 'picker' });
    expect(host.memory().numTensors).toBe(before);
    host.dispose();
    expect(host.memory().numTensors).toBeLessThan(before);
  });

  it('cancels a job between batches, and hears nothing from it afterwards', async () => {
    const { host, jobs } = await hostWithPicker();
    let batches = 0;
    const controller = new AbortController();
    const run = jobs.models.evaluate({ key: 'picker' }, { signal: controller.signal, onProgress: (p) => {
      if (p.phase === 'evaluate' && ++batches === 2) controller.abort();
    } });
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(batches).toBe(2);
    host.dispose();
  });

  it('tells a queued job what it waits for, cancels it at once while it waits, and lets a look-up pass', async () => {
    const { host, jobs, summary } = await hostWithPicker();
    let firstDone = false;
    const first = jobs.models.evaluate({ key: 'picker' }).then(() => { firstDone = true; });
    const heard: JobProgress[] = [];
    const controller = new AbortController();
    const second = jobs.models.evaluate({ key: 'picker' }, { signal: controller.signal, onProgress: (p) => heard.push(p) });
    await new Promise((r) => setTimeout(r, 0));
    expect(heard[0]).toEqual({ phase: 'waiting', behind: 'evaluating a model' });
    // A weight look-up does not queue behind the evaluation.
    const values = await jobs.quant.weightValues({ key: 'picker', weight: `${summary.layers[0].name}/kernel` });
    expect(values.length).toBe(7840);
    expect(firstDone).toBe(false);
    controller.abort();
    await expect(second).rejects.toSatisfy(isAbortError);
    expect(firstDone).toBe(false);
    await first;
    host.dispose();
  });

  it('refuses a model that is not a digit classifier, freeing it', async () => {
    const { host, jobs } = await hostWithPicker();
    const before = host.memory().numTensors;
    const wrong = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [100] })] });
    const artifacts = await artifactsOf(wrong);
    wrong.dispose();
    await expect(jobs.models.load({ kind: 'artifacts', key: 'wrong', artifacts })).rejects.toThrow('an MNIST image needs 784 values');
    expect(host.memory().numTensors).toBe(before);
    host.dispose();
  });

  it('names the model and address when a zoo model cannot be fetched', async () => {
    const { host, jobs } = await hostWithPicker();
    await expect(jobs.models.load({ kind: 'zoo', id: 'no-such-model' })).rejects.toThrow(`the model "no-such-model" could not be loaded from ${base}models/no-such-model/model.json`);
    host.dispose();
  });

  it('loads a reader’s model from files and rejects a wrong weight file', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { host, jobs } = await startedHost(base);
    const picker = pixelPickerModel();
    const a = await artifactsOf(picker);
    picker.dispose();
    const modelJson = JSON.stringify({ modelTopology: a.modelTopology, weightsManifest: [{ paths: ['./w.bin'], weights: a.weightSpecs }] });
    const jsonFile = new File([modelJson], 'model.json');
    const weights = new File([a.weightData as ArrayBuffer], 'w.bin');
    const summary = await jobs.models.load({ kind: 'files', files: [weights, jsonFile] });
    expect(summary).toMatchObject({ key: 'upload', params: 7850 });
    await expect(jobs.models.load({ kind: 'files', files: [jsonFile, new File([new Uint8Array(8)], 'w.bin')] })).rejects.toThrow('holds 8 bytes');
    host.dispose();
  });
  it('keeps a weight-quantized copy under a new key that scores like the original, freeing the old copy', async () => {
    const { host, jobs } = await hostWithPicker();
    const original = await jobs.models.evaluate({ key: 'picker' });
    // The picker's weights are 0 and 1, which 8-bit affine quantization stores exactly.
    const spec = { bits: 8, granularity: 'tensor', scheme: 'affine' } as const;
    const report = await jobs.quant.transformWeights({ key: 'picker', newKey: 'picker:q', spec: spec });
    expect(report.layers).toHaveLength(1);
    expect(report.layers[0].sqnrDb).toBe(Infinity);
    expect(report.quantBytes).toBe(7840 + 8 + 40);
    const copy = await jobs.models.evaluate({ key: 'picker:q' });
    expect(copy.correct).toBe(original.correct);
    const tensors = host.memory().numTensors;
    await jobs.quant.transformWeights({ key: 'picker', newKey: 'picker:q', spec: { bits: 1, granularity: 'tensor', scheme: 'symmetric' } });
    expect(host.memory().numTensors).toBe(tensors);
    // Binary weights are all +α here, so the copy's kernel differs from the original's.
    const binary = await jobs.quant.weightValues({ key: 'picker:q', weight: report.layers[0].weight });
    expect(new Set(binary).size).toBe(1);
    expect((await jobs.quant.weightValues({ key: 'picker', weight: report.layers[0].weight })).reduce((a, b) => a + b, 0)).toBe(10);
    await expect(jobs.quant.transformWeights({ key: 'picker', newKey: 'picker', spec: spec })).rejects.toThrow('needs a key other than "picker"');
    host.dispose();
  });

  it('keeps a copy with one weight changed under a new key, leaving the original as it was', async () => {
    const { host, jobs, summary } = await hostWithPicker();
    const kernel = `${summary.layers[0].name}/kernel`;
    // Weight 350·10 + 3 links the centre pixel (row 12, column 14) to class 3: inked centres now say 3.
    expect(await jobs.quant.withWeightValue({ key: 'picker', newKey: 'picker:edit', name: kernel, index: 3503, value: 5 })).toBe(0);
    const edited = await jobs.models.evaluate({ key: 'picker:edit' });
    expect(edited.predictions.filter((p) => p === 3).length).toBeGreaterThan(1000);
    expect(Array.from(new Set((await jobs.models.evaluate({ key: 'picker' })).predictions))).toEqual([0]);
    const tensors = host.memory().numTensors;
    for (let i = 0; i < 3; i++) await jobs.quant.withWeightValue({ key: 'picker', newKey: 'picker:edit', name: kernel, index: 3503, value: i });
    expect(host.memory().numTensors).toBe(tensors);
    await expect(jobs.quant.withWeightValue({ key: 'picker', newKey: 'picker:edit', name: kernel, index: 7840, value: 1 })).rejects.toThrow('has weights 0 to 7839 (got 7840)');
    host.dispose();
  });
});
