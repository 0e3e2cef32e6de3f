import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hostWithSmallMlp } from '../testing/startedHost';

const base = 'http://course.test/tfjs-export/';
afterEach(() => vi.unstubAllGlobals());

/** The model a reader gets from the two files, built by plain tfjs. */
async function loadedByTfjs(jsonText: string, weightData: Uint8Array): Promise<tf.LayersModel> {
  const json = JSON.parse(jsonText);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: weightData.slice().buffer }));
}

describe('the tfjs export job', () => {
  it('writes kernels as uint8 and biases as float32, and scores the model rebuilt from the files', async () => {
    const { host, jobs } = await hostWithSmallMlp(base);
    const tensors = host.memory().numTensors;
    const r = await jobs.tfjsExport.layersModel({ key: 'mlp', encoding: 'uint8', fileName: 'mlp-uint8' });
    expect([r.jsonName, r.binName]).toEqual(['mlp-uint8.model.json', 'mlp-uint8.weights.bin']);
    expect(JSON.parse(r.jsonText).weightsManifest[0].paths).toEqual(['mlp-uint8.weights.bin']);
    const kernels = r.tensors.filter((t) => t.name.endsWith('kernel'));
    expect(kernels.every((t) => t.encoding === 'uint8')).toBe(true);
    expect(r.tensors.filter((t) => !t.name.endsWith('kernel')).every((t) => t.encoding === 'float32')).toBe(true);
    expect(r.weightData.length).toBe(r.tensors.reduce((s, t) => s + t.bytes, 0));
    expect(r.total).toBe(10000);
    expect(host.memory().numTensors).toBe(tensors);

    // Plain tfjs builds the same model from the same bytes.
    const loaded = await loadedByTfjs(r.jsonText, r.weightData);
    expect(loaded.layers.map((l) => l.getClassName())).toContain('Dense');
    loaded.dispose();
    host.dispose();
  }, 120_000);

  it('writes a per-tensor int8 copy on its own grid: the downloaded model predicts exactly what the page measured', async () => {
    const { host, jobs } = await hostWithSmallMlp(base);
    await jobs.quant.transformWeights({ key: 'mlp', newKey: 'mlp:q', spec: { bits: 8, granularity: 'tensor', scheme: 'symmetric' } });
    const page = await jobs.models.evaluate({ key: 'mlp:q' });
    const r = await jobs.tfjsExport.layersModel({ key: 'mlp:q', encoding: 'uint8', fileName: 'q' });
    expect(r.tensors.filter((t) => t.encoding === 'uint8').every((t) => t.gridKept && t.maxError < 1e-6)).toBe(true);
    expect(r.differing).toBe(0);
    expect(r.correct).toBe(page.correct);
    expect(Array.from(r.predictions)).toEqual(Array.from(page.predictions));
    host.dispose();
  }, 120_000);

  it('says in a sentence why a model cannot be written', async () => {
    const { host, jobs } = await hostWithSmallMlp(base);
    await jobs.quant.withWeightValue({ key: 'mlp', newKey: 'mlp:nan', name: 'dense1/kernel', index: 3, value: NaN });
    await expect(jobs.tfjsExport.layersModel({ key: 'mlp:nan', encoding: 'uint8', fileName: 'x' }))
      .rejects.toThrow('weight dense1/kernel holds NaN at index 3; a tensor with non-finite values cannot be stored as uint8');
    await expect(jobs.tfjsExport.layersModel({ key: 'mlp', encoding: 'int4' as never, fileName: 'x' })).rejects.toThrow('the weights can be stored as uint8, uint16, float16, float32; “int4” is none of these');
    await expect(jobs.tfjsExport.layersModel({ key: 'nothing', encoding: 'uint8', fileName: 'x' })).rejects.toThrow('no model is loaded under "nothing"');
    host.dispose();
  }, 120_000);
});
