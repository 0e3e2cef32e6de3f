// The export is checked against tfjs itself: its weight decoder (tf.io.decodeWeights) reads the
// bytes back, and tf.loadLayersModel builds the model from model.json and the weight file.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { fakeQuant, quantParams, ternarize } from '../quant';
import { seededRandom } from '../random';
import { exportTfjsLayersModel, type TfjsWeightEncoding, type TfjsWeightIn } from './tfjsLayersExport';

const bytesOf = (values: Float32Array) => new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
const weight = (name: string, values: Float32Array, encoding: TfjsWeightEncoding, shape = [values.length]): TfjsWeightIn => ({ name, shape, dtype: 'float32', bytes: bytesOf(values), encoding });
const TOPOLOGY = { class_name: 'Sequential', config: { name: 'm', layers: [] } };

function randomWeights(n: number, seed: number, zeroShare = 0): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: n }, () => (random() < zeroShare ? 0 : (random() - 0.3) * 0.4));
}

/** What tfjs reads back from the export's bytes, by weight name. */
async function decoded(exp: ReturnType<typeof exportTfjsLayersModel>): Promise<Record<string, Float32Array>> {
  const specs = exp.modelJson.weightsManifest[0].weights as tf.io.WeightsManifestEntry[];
  const tensors = tf.io.decodeWeights(exp.weightData.slice().buffer, specs);
  const out = Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, t.dataSync() as Float32Array]));
  tf.dispose(Object.values(tensors));
  return out;
}

describe('the tfjs layers export', () => {
  it('writes the converter’s own example: [0, −0.1, 1.2] as codes [20, 0, 255] with its min and scale', async () => {
    // tensorflowjs/write_weights.py, _quantize_entry's docstring. These three values happen to lie
    // on a grid of step 0.1, which the export keeps unless told to round as the converter does.
    const exp = exportTfjsLayersModel(TOPOLOGY, [weight('w', Float32Array.of(0, -0.1, 1.2), 'uint8')], 'w.bin', { keepGrids: false });
    expect(exportTfjsLayersModel(TOPOLOGY, [weight('w', Float32Array.of(0, -0.1, 1.2), 'uint8')], 'w.bin').weightData).toEqual(Uint8Array.of(1, 0, 13));
    expect(Array.from(exp.weightData)).toEqual([20, 0, 255]);
    const q = exp.modelJson.weightsManifest[0].weights[0].quantization as { min: number; scale: number };
    expect(q.min).toBeCloseTo(-0.10196078817, 10);
    expect(q.scale).toBeCloseTo(0.00509803940852, 12);
    expect(exp.modelJson.weightsManifest[0].weights[0]).toEqual({ name: 'w', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', min: q.min, scale: q.scale, original_dtype: 'float32' } });
    expect((await decoded(exp)).w[0]).toBe(0);
  });

  it('stores float weights as uint8 the converter’s way: 0 exact, every weight within one step, one byte each', async () => {
    const values = randomWeights(5000, 1, 0.6);
    const exp = exportTfjsLayersModel(TOPOLOGY, [weight('dense/kernel', values, 'uint8', [50, 100])], 'model.bin');
    // The converter's range, worked out independently: scale = (max − min)/255, zero point rounded.
    const min = values.reduce((a, b) => Math.min(a, b));
    const max = values.reduce((a, b) => Math.max(a, b));
    const scale = (max - min) / 255;
    const q = exp.modelJson.weightsManifest[0].weights[0].quantization;
    expect(q).toEqual({ dtype: 'uint8', min: -Math.round(-min / scale) * scale, scale, original_dtype: 'float32' });
    expect(exp.weightData.length).toBe(5000);
    expect(exp.tensors[0].gridKept).toBe(false);
    const back = (await decoded(exp))['dense/kernel'];
    values.forEach((v, i) => {
      if (v === 0) expect(back[i]).toBe(0);
      expect(Math.abs(back[i] - v)).toBeLessThanOrEqual(scale);
    });
    expect(exp.tensors[0].maxError).toBe(values.reduce((m, v, i) => Math.max(m, Math.abs(back[i] - v)), 0));
    expect(exp.tensors[0].maxError).toBeLessThanOrEqual(scale / 2 + 1e-9);
  });

  it('keeps a uniformly quantized tensor’s own grid (per-tensor int8 and 4-bit affine, ternary): the codes are exact', async () => {
    const values = randomWeights(4000, 2, 0.3);
    const cases = {
      int8: fakeQuant(values, quantParams(-0.12, 0.28, 8, { symmetric: true })),
      int4: fakeQuant(values, quantParams(-0.12, 0.28, 4, { symmetric: false })),
      ternary: ternarize(values).values,
    };
    for (const [name, q] of Object.entries(cases)) {
      const exp = exportTfjsLayersModel(TOPOLOGY, [weight(name, q, 'uint8')], 'g.bin');
      expect(exp.tensors[0].gridKept, name).toBe(true);
      const back = (await decoded(exp))[name];
      q.forEach((v, i) => {
        if (v === 0) expect(back[i]).toBe(0);
        expect(Math.abs(back[i] - v)).toBeLessThanOrEqual(1e-6 * Math.abs(v));
      });
    }
  });

  it('stores float16 with the converter’s manifest entry, rounded to the nearest half', async () => {
    const values = Float32Array.of(0, -0, 1, 1 / 3, -2.5e-3, 1e-7, 65504, -123.456);
    const exp = exportTfjsLayersModel(TOPOLOGY, [weight('h', values, 'float16')], 'h.bin');
    expect(exp.modelJson.weightsManifest[0].weights[0]).toEqual({ name: 'h', shape: [8], dtype: 'float32', quantization: { dtype: 'float16', original_dtype: 'float32' } });
    expect(exp.weightData.length).toBe(16);
    const back = (await decoded(exp)).h;
    // Hand-checked halves: 1/3 → 0x3555 = 0.333251953125; 1e-7 → subnormal 2⁻²⁴ · 2 = 1.19e-7.
    expect(Array.from(back)).toEqual([0, -0, 1, 0.333251953125, Math.fround(-0.0025005340576171875), 2 ** -23, 65504, -123.4375]);
  });

  it('passes other dtypes and float32 weights through unchanged, and packs the weight file in manifest order', async () => {
    const ints = Int32Array.of(3, -7, 11);
    const floats = Float32Array.of(0.5, -1.25);
    const exp = exportTfjsLayersModel(TOPOLOGY, [
      { name: 'i', shape: [3], dtype: 'int32', bytes: new Uint8Array(ints.buffer), encoding: 'uint8' },
      weight('f', floats, 'float32'),
      weight('u', Float32Array.of(-1, 0, 1), 'uint16'),
    ], 'p.bin');
    expect(exp.weightData.length).toBe(12 + 8 + 6);
    expect(exp.modelJson.weightsManifest[0].paths).toEqual(['p.bin']);
    expect(exp.modelJson.weightsManifest[0].weights.map((w) => w.quantization?.dtype ?? w.dtype)).toEqual(['int32', 'float32', 'uint16']);
    const back = await decoded(exp);
    expect(Array.from(back.f)).toEqual([0.5, -1.25]);
    expect(Array.from(back.u)).toEqual([-1, 0, 1]);
    expect(JSON.parse(exp.jsonText)).toEqual(exp.modelJson);
  });

  it('names the weight that cannot be stored, in a sentence', () => {
    expect(() => exportTfjsLayersModel(TOPOLOGY, [weight('dense/kernel', Float32Array.of(1, NaN), 'uint8')], 'x.bin'))
      .toThrow('weight dense/kernel holds NaN at index 1; a tensor with non-finite values cannot be stored as uint8');
    expect(() => exportTfjsLayersModel(TOPOLOGY, [weight('big', Float32Array.of(1, 70000), 'float16')], 'x.bin'))
      .toThrow('weight big holds 70000 at index 1, beyond ±65,504, the largest float16');
    expect(() => exportTfjsLayersModel(undefined, [], 'x.bin')).toThrow('the model has no topology');
    expect(() => exportTfjsLayersModel(TOPOLOGY, [], '../x.bin')).toThrow('weight file name');
  });

  it('is a model tf.loadLayersModel builds, predicting what the dequantized weights predict', async () => {
    await tf.setBackend('cpu');
    const source = tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 5, activation: 'relu', name: 'd1' }), tf.layers.dense({ units: 3, name: 'd2' })] });
    let artifacts: tf.io.ModelArtifacts | undefined;
    await source.save(tf.io.withSaveHandler(async (a) => { artifacts = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
    const data = new Uint8Array(artifacts!.weightData as ArrayBuffer);
    let offset = 0;
    const weights = artifacts!.weightSpecs!.map((s) => {
      const n = s.shape.reduce((a, b) => a * b, 1) * 4;
      const w: TfjsWeightIn = { name: s.name, shape: s.shape, dtype: s.dtype, bytes: data.slice(offset, offset + n), encoding: s.name.endsWith('kernel') ? 'uint8' : 'float32' };
      offset += n;
      return w;
    });
    const exp = exportTfjsLayersModel(artifacts!.modelTopology, weights, 'tiny.bin');
    const json = JSON.parse(exp.jsonText);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: exp.weightData.slice().buffer }));
    const dequantized = await decoded(exp);
    source.setWeights(source.weights.map((w) => tf.tensor(dequantized[w.originalName], w.shape as number[])));
    const x = tf.randomNormal([4, 6], 0, 1, 'float32', 7);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((source.predict(x) as tf.Tensor).dataSync()));
    loaded.dispose();
    source.dispose();
  });
});
