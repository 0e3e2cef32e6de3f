import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAbortError } from '../contract/abort';
import { artifactsOf, pixelPickerModel, publicFetch } from './testing/fixtures';
import { createModelHost, type EvaluateProgressEvent } from './host';

const base = 'http://course.test/host/';
afterEach(() => vi.unstubAllGlobals());

async function hostWithPicker() {
  vi.stubGlobal('fetch', publicFetch(base));
  const host = createModelHost();
  await host.init('cpu', base);
  const picker = pixelPickerModel();
  const summary = await host.loadModel({ kind: 'artifacts', key: 'picker', artifacts: await artifactsOf(picker) });
  picker.dispose();
  return { host, summary };
}

describe('the model host', () => {
  it('refuses work before init with a message saying so', async () => {
    await expect(createModelHost().loadModel({ kind: 'zoo', id: 'lenet-5' })).rejects.toThrow('call init() first');
  });

  it('describes a loaded model layer by layer', async () => {
    const { host, summary } = await hostWithPicker();
    expect(summary).toMatchObject({ key: 'picker', inputShape: [784], outputShape: [10], params: 7850 });
    expect(summary.layers[0]).toMatchObject({ className: 'Dense', outputShape: [10], weightShapes: [[784, 10], [10]], params: 7850 });
    host.dispose();
  });

  it('scores the MNIST test set with the accuracy of the hand-built picker, reporting both phases', async () => {
    const { host } = await hostWithPicker();
    const phases = new Set<string>();
    const result = await host.evaluate('picker', 'j1', (p: EvaluateProgressEvent) => phases.add(p.phase));
    // The picker predicts the brightest of pixels 0…9, which are all 0 in MNIST: argmax picks class 0.
    expect(Array.from(new Set(result.predictions))).toEqual([0]);
    expect(result.correct).toBe(result.perClassTotal[0]);
    expect(result.total).toBe(10000);
    expect(result.backend).toBe('cpu');
    expect([...phases]).toEqual(['data', 'evaluate']);
    host.dispose();
  });

  it('keeps the worker’s tensor count flat over repeated evaluations', async () => {
    const { host } = await hostWithPicker();
    await host.evaluate('picker', 'warm');
    const before = host.memory().numTensors;
    for (let i = 0; i < 5; i++) await host.evaluate('picker', `j${i}`);
    expect(host.memory().numTensors).toBe(before);
    host.dispose();
    expect(host.memory().numTensors).toBeLessThan(before);
  });

  it('cancels a job by id between batches', async () => {
    const { host } = await hostWithPicker();
    let batches = 0;
    const run = host.evaluate('picker', 'stop-me', (p) => {
      if (p.phase === 'evaluate' && ++batches === 2) host.cancel('stop-me');
    });
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(batches).toBe(2);
    host.dispose();
  });

  it('refuses a model that is not a digit classifier, freeing it', async () => {
    const { host } = await hostWithPicker();
    const before = host.memory().numTensors;
    const wrong = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [100] })] });
    const artifacts = await artifactsOf(wrong);
    wrong.dispose();
    await expect(host.loadModel({ kind: 'artifacts', key: 'wrong', artifacts })).rejects.toThrow('an MNIST image needs 784 values');
    expect(host.memory().numTensors).toBe(before);
    host.dispose();
  });

  it('names the model and address when a zoo model cannot be fetched', async () => {
    const { host } = await hostWithPicker();
    await expect(host.loadModel({ kind: 'zoo', id: 'no-such-model' })).rejects.toThrow(`the model "no-such-model" could not be loaded from ${base}models/no-such-model/model.json`);
    host.dispose();
  });

  it('loads a reader’s model from files and rejects a wrong weight file', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const host = createModelHost();
    await host.init('cpu', base);
    const picker = pixelPickerModel();
    const a = await artifactsOf(picker);
    picker.dispose();
    const modelJson = JSON.stringify({ modelTopology: a.modelTopology, weightsManifest: [{ paths: ['./w.bin'], weights: a.weightSpecs }] });
    const jsonFile = new File([modelJson], 'model.json');
    const weights = new File([a.weightData as ArrayBuffer], 'w.bin');
    const summary = await host.loadModel({ kind: 'files', files: [weights, jsonFile] });
    expect(summary).toMatchObject({ key: 'upload', params: 7850 });
    await expect(host.loadModel({ kind: 'files', files: [jsonFile, new File([new Uint8Array(8)], 'w.bin')] })).rejects.toThrow('holds 8 bytes');
    host.dispose();
  });
  it('keeps a weight-quantized copy under a new key that scores like the original, freeing the old copy', async () => {
    const { host } = await hostWithPicker();
    const original = await host.evaluate('picker', 'orig');
    // The picker's weights are 0 and 1, which 8-bit affine quantization stores exactly.
    const spec = { bits: 8, granularity: 'tensor', scheme: 'affine' } as const;
    const report = await host.transformWeights('picker', 'picker:q', spec);
    expect(report.layers).toHaveLength(1);
    expect(report.layers[0].sqnrDb).toBe(Infinity);
    expect(report.quantBytes).toBe(7840 + 8 + 40);
    const copy = await host.evaluate('picker:q', 'copy');
    expect(copy.correct).toBe(original.correct);
    const tensors = host.memory().numTensors;
    await host.transformWeights('picker', 'picker:q', { bits: 1, granularity: 'tensor', scheme: 'symmetric' });
    expect(host.memory().numTensors).toBe(tensors);
    // Binary weights are all +α here, so the copy's kernel differs from the original's.
    const binary = await host.weightValues('picker:q', report.layers[0].weight);
    expect(new Set(binary).size).toBe(1);
    expect((await host.weightValues('picker', report.layers[0].weight)).reduce((a, b) => a + b, 0)).toBe(10);
    await expect(host.transformWeights('picker', 'picker', spec)).rejects.toThrow('needs a key other than "picker"');
    host.dispose();
  });

  it('keeps a copy with one weight changed under a new key, leaving the original as it was', async () => {
    const { host, summary } = await hostWithPicker();
    const kernel = `${summary.layers[0].name}/kernel`;
    // Weight 350·10 + 3 links the centre pixel (row 12, column 14) to class 3: inked centres now say 3.
    expect(await host.withWeightValue('picker', 'picker:edit', kernel, 3503, 5)).toBe(0);
    const edited = await host.evaluate('picker:edit', 'e');
    expect(edited.predictions.filter((p) => p === 3).length).toBeGreaterThan(1000);
    expect(Array.from(new Set((await host.evaluate('picker', 'o')).predictions))).toEqual([0]);
    const tensors = host.memory().numTensors;
    for (let i = 0; i < 3; i++) await host.withWeightValue('picker', 'picker:edit', kernel, 3503, i);
    expect(host.memory().numTensors).toBe(tensors);
    await expect(host.withWeightValue('picker', 'picker:edit', kernel, 7840, 1)).rejects.toThrow('has weights 0 to 7839 (got 7840)');
    host.dispose();
  });
});
