import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAbortError } from '../contract/abort';
import { evaluateModel, scorePredictions } from './evaluate';
import { pickerData, pixelPickerModel } from './testing/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('evaluateModel', () => {
  it('reproduces the predictions and accuracy of a hand-built model across ragged batches', async () => {
    const model = pixelPickerModel();
    const data = pickerData(53);
    const result = await evaluateModel(model, data, { batchSize: 7 });
    expect(Array.from(result.predictions)).toEqual(Array.from(data.expected));
    // Right exactly when 3i ≡ i (mod 10), i.e. i a multiple of 5: 0, 5, …, 50 → 11 of 53.
    expect(result.correct).toBe(11);
    expect(result.accuracy).toBeCloseTo(11 / 53, 12);
    expect(Array.from(result.perClassCorrect)).toEqual([6, 0, 0, 0, 0, 5, 0, 0, 0, 0]);
    expect(Array.from(result.perClassTotal)).toEqual([6, 6, 6, 5, 5, 5, 5, 5, 5, 5]);
    // Label 1 (i = 1, 11, …) is always predicted as 3.
    expect(result.confusion[1 * 10 + 3]).toBe(6);
    model.dispose();
  });

  it('reads [28, 28, 1] inputs the same way as flat ones', async () => {
    const model = pixelPickerModel(true);
    const data = pickerData(20);
    const result = await evaluateModel(model, data, { batchSize: 8 });
    expect(Array.from(result.predictions)).toEqual(Array.from(data.expected));
    model.dispose();
  });

  it('leaves the number of tensors unchanged over 20 repeated evaluations', async () => {
    const model = pixelPickerModel();
    const data = pickerData(300);
    await evaluateModel(model, data, { batchSize: 64 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await evaluateModel(model, data, { batchSize: 64 });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('reports progress after every batch, ending at the image count', async () => {
    const model = pixelPickerModel();
    const seen: number[] = [];
    await evaluateModel(model, pickerData(25), { batchSize: 10, onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual([10, 20, 25]);
    model.dispose();
  });

  it('stops with an AbortError between batches when cancelled, leaking no tensors', async () => {
    const model = pixelPickerModel();
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const seen: number[] = [];
    const run = evaluateModel(model, pickerData(100), {
      batchSize: 10,
      signal: controller.signal,
      onProgress: (p) => { seen.push(p.done); if (p.done === 30) controller.abort(); },
    });
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(seen).toEqual([10, 20, 30]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('lets a cancel that arrives as a message (a macrotask) stop it, as a worker receives one', async () => {
    const model = pixelPickerModel();
    const controller = new AbortController();
    let done = 0;
    const run = evaluateModel(model, pickerData(2000), { batchSize: 10, signal: controller.signal, onProgress: (p) => { done = p.done; } });
    setTimeout(() => controller.abort(), 0);
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(done).toBeLessThan(2000);
    model.dispose();
  });

  it('refuses a model that does not output 10 classes', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [784] })] });
    await expect(evaluateModel(model, pickerData(5))).rejects.toThrow('3 outputs');
    model.dispose();
  });
});

describe('scorePredictions', () => {
  it('agrees with a direct count for any predictions and labels', () => {
    const digits = fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })), { maxLength: 200 });
    fc.assert(fc.property(digits, (pairs) => {
      const labels = Uint8Array.from(pairs.map((p) => p[0]));
      const predictions = Uint8Array.from(pairs.map((p) => p[1]));
      const s = scorePredictions(predictions, labels);
      const correct = pairs.filter(([t, p]) => t === p).length;
      expect(s.correct).toBe(correct);
      expect(s.accuracy).toBe(pairs.length ? correct / pairs.length : 0);
      expect(s.confusion.reduce((a, b) => a + b, 0)).toBe(pairs.length);
      for (let c = 0; c < 10; c++) {
        expect(s.perClassTotal[c]).toBe(pairs.filter(([t]) => t === c).length);
        expect(s.confusion[c * 11]).toBe(s.perClassCorrect[c]);
      }
    }));
  });
});
