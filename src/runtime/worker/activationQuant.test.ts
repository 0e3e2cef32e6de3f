import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeQuant, quantParams } from '../../engine';
import { calibrateActivations, evaluateWithActivationQuant, fakeQuantTensor, quantizedLayerNames, type ActivationQuantSpec } from './activationQuant';
import { evaluateModel, type LabelledImages } from './evaluate';
import { pickerData } from './testing/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * 784 → hidden (ReLU, 3 units: h_j = 2 · pixel_j − 0.5 for pixels 0…2) → logits (10) → softmax.
 * The logits copy h_0…h_2 into classes 0…2, so the model predicts the brightest of pixels 0…2.
 */
function handModel(hiddenScale = 2): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [784], units: 3, activation: 'relu', name: 'hidden' }));
  model.add(tf.layers.dense({ units: 10, name: 'logits' }));
  model.add(tf.layers.activation({ activation: 'softmax', name: 'softmax' }));
  const k1 = new Float32Array(784 * 3);
  for (let j = 0; j < 3; j++) k1[j * 3 + j] = hiddenScale;
  const k2 = new Float32Array(3 * 10);
  for (let j = 0; j < 3; j++) k2[j * 10 + j] = 1;
  const set = (name: string, kernel: Float32Array, shape: [number, number], bias: number[]) => {
    const ts = [tf.tensor2d(kernel, shape), tf.tensor1d(bias)];
    model.getLayer(name).setWeights(ts);
    tf.dispose(ts);
  };
  set('hidden', k1, [784, 3], [-0.5, -0.5, -0.5]);
  set('logits', k2, [3, 10], Array(10).fill(0));
  return model;
}

/** Images whose pixels 0…2 hold the given bytes (label = index of the largest). */
function imagesOf(rows: [number, number, number][]): LabelledImages {
  const images = new Uint8Array(rows.length * 784);
  rows.forEach((r, i) => images.set(r, i * 784));
  const labels = Uint8Array.from(rows, (r) => r.indexOf(Math.max(...r)));
  return { count: rows.length, images, labels };
}

/** The calibrated ranges alone (the first-layer cache is freed). */
async function rangesOf(...args: Parameters<typeof calibrateActivations>) {
  const { ranges, cache } = await calibrateActivations(...args);
  cache?.dispose();
  return ranges;
}

const spec = (more: Partial<ActivationQuantSpec> = {}): ActivationQuantSpec => ({ bits: 8, method: 'minmax', percentile: 99.99, calibrationImages: 4, ...more });

describe('fakeQuantTensor', () => {
  it('rounds ties to even like the engine: 0.5 → 0, 1.5 → 2, −0.5 → 0 steps', () => {
    const p = { scale: 0.5, zeroPoint: 0, qmin: -8, qmax: 7 };
    const t = tf.tensor1d([0.25, 0.75, -0.25, 100, -100]);
    const out = fakeQuantTensor(t, p);
    expect(Array.from(out.dataSync())).toEqual([0, 1, 0, 3.5, -4]);
    expect(Array.from(out.dataSync())).toEqual(Array.from(fakeQuant([0.25, 0.75, -0.25, 100, -100], p)));
    tf.dispose([t, out]);
  });

  it('matches the engine’s fakeQuant on random data, ranges and widths (within one float32 ulp)', () => {
    fc.assert(
      fc.property(
        fc.float32Array({ minLength: 1, maxLength: 200, noNaN: true, noDefaultInfinity: true, min: -1e3, max: 1e3 }),
        fc.float({ min: -50, max: 0, noNaN: true }),
        fc.float({ min: Math.fround(0.01), max: 50, noNaN: true }),
        fc.integer({ min: 2, max: 16 }),
        fc.boolean(),
        (x, lo, hi, bits, symmetric) => {
          const p = quantParams(lo, hi, bits, { symmetric });
          const t = tf.tensor1d(x);
          const out = fakeQuantTensor(t, p);
          const ours = out.dataSync();
          tf.dispose([t, out]);
          const ref = fakeQuant(x, p);
          for (let i = 0; i < x.length; i++) {
            // The same grid level, up to float32 rounding of the product s · q; only where x / s is
            // within 1e-4 of a tie may float32 division land one step away.
            const frac = Math.abs((x[i] / p.scale) % 1);
            const diff = Math.abs(ours[i] - ref[i]);
            const same = diff <= 1e-6 * Math.abs(ref[i]) + 1e-30;
            expect(same || (Math.abs(frac - 0.5) < 1e-4 && diff <= p.scale * 1.000001)).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('calibrateActivations', () => {
  it('finds each layer’s min and max by hand: h = relu(2p − 0.5), logits = h', async () => {
    const model = handModel();
    // Pixels 0…2 as bytes: p = 255 gives h = 1.5, p = 51 gives h = 2·0.2 − 0.5 < 0 → 0.
    const data = imagesOf([[255, 51, 0], [0, 204, 51], [102, 0, 255], [0, 0, 0]]);
    const ranges = await rangesOf(model, data, spec());
    expect(quantizedLayerNames(model)).toEqual(['hidden', 'logits']);
    expect(ranges.map((r) => r.layer)).toEqual(['hidden', 'logits']);
    expect(ranges[0].min).toBe(0);
    expect(ranges[0].max).toBeCloseTo(1.5, 6);
    // Affine 8-bit on [0, 1.5]: s = 1.5 / 255, z = 0.
    expect(ranges[0].params.scale).toBeCloseTo(1.5 / 255, 9);
    expect(ranges[0].params.zeroPoint).toBe(0);
    expect(ranges[1].max).toBeCloseTo(1.5, 2);
    model.dispose();
  });

  it('uses only the first N images, clips with a percentile, and refuses bad settings by name', async () => {
    const model = handModel();
    const data = imagesOf([[102, 0, 0], [153, 0, 0], [255, 0, 0]]);
    const two = await rangesOf(model, data, spec({ calibrationImages: 2 }));
    expect(two[0].max).toBeCloseTo(2 * 0.6 - 0.5, 5);
    const pct = await rangesOf(model, data, spec({ method: 'percentile', percentile: 90, calibrationImages: 3 }));
    // Hidden outputs: unit 0 gives 0.3, 0.7, 1.5 and units 1, 2 give 0: sorted 0 ×6, 0.3, 0.7, 1.5.
    // The 90th percentile sits at position 0.9 · 8 = 7.2: 0.7 + 0.2 · (1.5 − 0.7) = 0.86; the 10th is 0.
    expect(pct[0].min).toBe(0);
    expect(pct[0].max).toBeCloseTo(0.86, 5);
    await expect(calibrateActivations(model, data, spec({ bits: 0 }))).rejects.toThrow('from 2 to 16 (got 0)');
    await expect(calibrateActivations(model, data, spec({ bits: 17 }))).rejects.toThrow('(got 17)');
    await expect(calibrateActivations(model, data, spec({ method: 'percentile', percentile: 0 }))).rejects.toThrow('percentile must be in (0, 100] (got 0)');
    await expect(calibrateActivations(model, data, spec({ method: 'percentile', percentile: 100.5 }))).rejects.toThrow('(got 100.5)');
    await expect(calibrateActivations(model, data, spec({ calibrationImages: 0 }))).rejects.toThrow('at least 1 (got 0)');
    await expect(calibrateActivations(model, data, spec({ calibrationImages: 4 }))).rejects.toThrow('only 3 training images');
    model.dispose();
  });

  it('gives the same ranges from its first-layer cache, on 1,200 images in three batches', async () => {
    const model = handModel();
    const data = pickerData(1200);
    for (let i = 0; i < 1200; i++) data.images.set([(i * 37) % 256, (i * 91) % 256, (i * 13) % 256], i * 784);
    const first = await calibrateActivations(model, data, spec({ calibrationImages: 1200 }));
    const again = await calibrateActivations(model, data, spec({ calibrationImages: 1200 }), { cache: first.cache });
    expect(again.cache).toBe(first.cache);
    expect(again.ranges).toEqual(first.ranges);
    expect(first.ranges[0].max).toBeCloseTo(1.5, 6); // some image has byte 255 in pixel 0…2
    first.cache?.dispose();
    model.dispose();
  });

  it('names a layer that outputs only zeros', async () => {
    const model = handModel();
    const dark = imagesOf([[0, 0, 0], [20, 10, 0]]); // 2p − 0.5 < 0 everywhere → ReLU gives 0
    await expect(calibrateActivations(model, dark, spec({ calibrationImages: 2 }))).rejects.toThrow('layer “hidden” outputs only zeros on the 2 calibration images');
    model.dispose();
  });
});

describe('evaluateWithActivationQuant', () => {
  it('at 16 bits predicts what the float model predicts, and leaks no tensors', async () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ inputShape: [784], units: 32, activation: 'relu', name: 'dense1', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
    model.add(tf.layers.dense({ units: 10, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
    model.add(tf.layers.activation({ activation: 'softmax', name: 'softmax' }));
    const data = pickerData(120);
    for (let i = 0; i < data.images.length; i++) data.images[i] = (i * 2654435761) % 251; // dense random-looking pixels
    const float = await evaluateModel(model, data);
    const ranges = await rangesOf(model, data, spec({ bits: 16, calibrationImages: 120 }));
    const before = tf.memory().numTensors;
    const first = await evaluateWithActivationQuant(model, data, ranges, { batchSize: 50 });
    expect(Array.from(first.evaluation.predictions)).toEqual(Array.from(float.predictions));
    // Reusing the first-layer cache gives the same answer; disposing it returns to the tensor count before.
    const again = await evaluateWithActivationQuant(model, data, ranges, { batchSize: 50, cache: first.cache });
    expect(again.cache).toBe(first.cache);
    expect(Array.from(again.evaluation.predictions)).toEqual(Array.from(float.predictions));
    again.cache?.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('at 2 bits rounds the hidden outputs onto four levels and changes a close decision', async () => {
    const model = handModel();
    // Row 1: h = (2·204/255 − 0.5, 2·217/255 − 0.5, 0) = (1.1, 1.202, 0), so the float model picks 1.
    // 2-bit affine on [0, 1.5]: s = 0.5, both hidden values round to 2 steps = 1.0, a tie that argmax
    // breaks to the first index: the quantized model picks 0.
    const data = imagesOf([[255, 0, 0], [204, 217, 0], [0, 0, 255]]);
    const float = await evaluateModel(model, data);
    expect(Array.from(float.predictions)).toEqual([0, 1, 2]);
    const ranges = await rangesOf(model, data, spec({ bits: 2, calibrationImages: 3 }));
    expect(ranges[0].params.scale).toBeCloseTo(0.5, 6);
    const { evaluation, cache } = await evaluateWithActivationQuant(model, data, ranges);
    expect(Array.from(evaluation.predictions)).toEqual([0, 0, 2]);
    cache?.dispose();
    model.dispose();
  });
});
