import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { distillationLoss } from '../../engine';
import { isAbortError } from '../contract/abort';
import {
  buildStudent, checkDistillSettings, computeLogits, distillationLossHook, evenSubset, logitsOf,
  studentExamples, trainStudent, type StudentProgress, type StudentRunSettings,
} from './distill';
import { pickerData } from './testing/fixtures';
import { logitsModel } from './models';
import { crossEntropy } from './train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const logit = fc.double({ min: -10, max: 10, noNaN: true });
const batch = fc.integer({ min: 1, max: 4 }).chain((rows) =>
  fc.record({
    student: fc.array(logit, { minLength: rows * 10, maxLength: rows * 10 }),
    // Teacher logits of a 6-image "training set"; the batch picks rows of it by index.
    teacher: fc.array(logit, { minLength: 60, maxLength: 60 }),
    indices: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: rows, maxLength: rows }),
    labels: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: rows, maxLength: rows }),
    temperature: fc.double({ min: 0.5, max: 20, noNaN: true }),
    alpha: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
);

function oneHot(labels: number[]): tf.Tensor2D {
  return tf.oneHot(labels, 10).toFloat() as tf.Tensor2D;
}

describe('distillationLossHook', () => {
  it("gives the engine's distillationLoss value and gradient on random batches", () => {
    fc.assert(
      fc.property(batch, ({ student, teacher, indices, labels, temperature, alpha }) => {
        const idx = Int32Array.from(indices);
        const teacherRows = indices.flatMap((i) => teacher.slice(i * 10, i * 10 + 10));
        const reference = distillationLoss(student, teacherRows, Int32Array.from(labels), { temperature, alpha });
        const hook = distillationLossHook(Float32Array.from(teacher), { temperature, alpha });
        const y = oneHot(labels);
        const s = tf.tensor2d(student, [labels.length, 10]);
        const value = hook(s, y, idx);
        const grad = tf.grad((z: tf.Tensor) => hook(z as tf.Tensor2D, y, idx))(s);
        // float32 arithmetic inside tfjs against float64 in the engine
        expect(value.dataSync()[0]).toBeCloseTo(reference.loss, Math.max(2, 4 - Math.log10(1 + reference.loss)));
        const g = grad.dataSync();
        reference.grad.forEach((r, i) => expect(Math.abs(g[i] - r)).toBeLessThan(1e-5));
        tf.dispose([value, grad, y, s]);
      }),
      { numRuns: 40 },
    );
  });

  it('is plain cross-entropy when alpha = 0, whatever the teacher says', () => {
    const s = tf.tensor2d([[2, -1, 0, 0.5, 3, 0, 0, 0, 0, 1]]);
    const y = oneHot([4]);
    const hook = distillationLossHook(new Float32Array(10).fill(5), { temperature: 3, alpha: 0 });
    expect(hook(s, y, Int32Array.of(0)).dataSync()[0]).toBeCloseTo(crossEntropy(s, y).dataSync()[0], 5);
  });

  it('is zero for a student that copies the teacher when alpha = 1', () => {
    const t = Float32Array.from([0.3, -2, 5, 1, 0, 2, 2, -1, 4, 0]);
    const hook = distillationLossHook(t, { temperature: 20, alpha: 1 });
    expect(hook(tf.tensor2d(t, [1, 10]), oneHot([0]), Int32Array.of(0)).dataSync()[0]).toBeCloseTo(0, 6);
  });

  it('refuses a temperature ≤ 0 and an alpha outside [0, 1] with a message', () => {
    const t = new Float32Array(10);
    expect(() => distillationLossHook(t, { temperature: 0, alpha: 0.5 })).toThrow(/temperature must be a positive number \(got 0\)/);
    expect(() => distillationLossHook(t, { temperature: -2, alpha: 0.5 })).toThrow(/temperature must be a positive number \(got -2\)/);
    expect(() => checkDistillSettings({ temperature: Number.NaN, alpha: 0.5 })).toThrow(/temperature/);
    expect(() => distillationLossHook(t, { temperature: 2, alpha: 1.5 })).toThrow(/alpha must be between 0 and 1 \(got 1.5\)/);
    expect(() => distillationLossHook(t, { temperature: 2, alpha: -0.1 })).toThrow(/alpha must be between 0 and 1/);
  });
});

describe('buildStudent', () => {
  it('builds 784-h-10 with logits and softmax layers and (784+1)·h + (h+1)·10 parameters', () => {
    const m = buildStudent(30, 1);
    expect(m.layers.map((l) => l.name)).toEqual(['dense1', 'logits', 'softmax']);
    expect(m.countParams()).toBe(785 * 30 + 31 * 10);
    m.dispose();
  });

  it('starts two students of one seed with equal weights, and of another seed with different ones', () => {
    const weights = (seed: number) => {
      const m = buildStudent(12, seed);
      const w = m.getWeights().map((t) => Array.from(t.dataSync()));
      m.dispose();
      return w;
    };
    expect(weights(5)).toEqual(weights(5));
    expect(weights(5)).not.toEqual(weights(6));
  });

  it('refuses a width of 0 or outside 10..800', () => {
    expect(() => buildStudent(0, 1)).toThrow(/hidden layer needs a whole number of units from 10 to 800 \(got 0\)/);
    expect(() => buildStudent(801, 1)).toThrow(/got 801/);
    expect(() => buildStudent(12.5, 1)).toThrow(/got 12.5/);
  });
});

/**
 * 784 → 10 logits → softmax whose logit classOf(p) is `scale` · pixel p (in [0, 1]) for pixels
 * p = 0…9, plus bias c/100 on logit c.
 */
function pixelLogitModel(classOf = (p: number) => p, scale = 1): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [784], units: 10, name: 'logits' }));
  m.add(tf.layers.activation({ activation: 'softmax', name: 'softmax' }));
  const kernel = new Float32Array(7840);
  for (let p = 0; p < 10; p++) kernel[p * 10 + classOf(p)] = scale;
  m.getLayer('logits').setWeights([tf.tensor2d(kernel, [784, 10]), tf.tensor1d(Array.from({ length: 10 }, (_, c) => c / 100))]);
  return m;
}

/** In pickerData, image i has label i mod 10 and lights pixel 3i mod 10: label = 7 · pixel mod 10. */
const labelOfPixel = (p: number) => (7 * p) % 10;

describe('computeLogits and logitsOf', () => {
  it('give an MLP’s logits from the non-zero pixels as tfjs computes them from every pixel', async () => {
    const data = pickerData(37);
    data.images.forEach((_, i) => { if (i % 5 === 0) data.images[i] = (i * 37) % 256; }); // more lit pixels, some zeros
    const m = buildStudent(16, 3);
    const logits = await computeLogits(m, data, { batchSize: 16 });
    const dense = tf.tidy(() => (logitsModel(m).predict(tf.tensor2d(Float32Array.from(data.images, (v) => v / 255), [37, 784])) as tf.Tensor).dataSync());
    expect(Math.max(...Array.from(logits, (v, i) => Math.abs(v - dense[i])))).toBeLessThan(1e-5);
    expect(dense.some((v) => Math.abs(v) > 0.1)).toBe(true);
  });

  it('return the logits (not the probabilities) of every image, in order, across batches', async () => {
    const data = pickerData(23);
    const m = pixelLogitModel();
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const logits = await computeLogits(m, data, { batchSize: 10, onProgress: (p) => progress.push(p.done) });
    expect(tf.memory().numTensors).toBe(before);
    expect(progress).toEqual([10, 20, 23]);
    for (let i = 0; i < 23; i++) {
      for (let c = 0; c < 10; c++) expect(logits[i * 10 + c]).toBeCloseTo((c === data.expected[i] ? 1 : 0) + c / 100, 6);
    }
    const one = new Float32Array(784);
    one[7] = 0.5;
    expect(Array.from(logitsOf(m, one)).map((v) => +v.toFixed(4))).toEqual([0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.57, 0.08, 0.09]);
    expect(() => logitsOf(m, new Float32Array(100))).toThrow(/784 pixel values; got 100/);
    m.dispose();
  });

  it('stop with an AbortError when cancelled', async () => {
    const m = pixelLogitModel();
    const controller = new AbortController();
    controller.abort();
    await expect(computeLogits(m, pickerData(5), { signal: controller.signal })).rejects.toSatisfy(isAbortError);
    m.dispose();
  });
});

describe('studentExamples and evenSubset', () => {
  it('leave out one digit and keep the first images only', () => {
    const labels = Uint8Array.of(3, 1, 3, 2, 0, 3);
    expect(Array.from(studentExamples(labels))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(studentExamples(labels, 3))).toEqual([1, 3, 4]);
    expect(Array.from(studentExamples(labels, 3, 4))).toEqual([1, 3]);
  });

  it('picks evenly spread images with their labels', () => {
    const data = pickerData(10);
    const sub = evenSubset(data, 5);
    expect(Array.from(sub.labels)).toEqual([0, 2, 4, 6, 8]);
    expect(sub.images[784 + data.expected[2]]).toBe(255);
  });
});

describe('trainStudent', () => {
  // Pixel-picker data: 200 images; the label of image i is i mod 10, its lit pixel 3i mod 10.
  const train = pickerData(200);
  const test = pickerData(100);
  const probe = evenSubset(test, 20);
  const base: StudentRunSettings = {
    hidden: 10, steps: 40, batchSize: 20, learningRate: 0.02, seed: 1, temperature: 4, alpha: 0.9, evalEvery: 15,
  };

  it('reports the loss of every step and the probe accuracy at 0, every evalEvery steps and at the end, leaking no tensors', async () => {
    const teacher = pixelLogitModel(labelOfPixel, 8);
    const teacherLogits = await computeLogits(teacher, train);
    const events: StudentProgress[] = [];
    const m = buildStudent(10, 1);
    const tensors = tf.memory().numTensors;
    const result = await trainStudent(m, 'distilled', { train, test, probe, teacherLogits }, base, { onProgress: (e) => events.push(e) });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(events.filter((e) => e.kind === 'loss').map((e) => e.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(events.filter((e) => e.kind === 'accuracy').map((e) => e.step)).toEqual([0, 15, 30, 40]);
    expect(result.accuracy).toBeGreaterThan(0.9);
    expect(result.predictions.length).toBe(100);
    teacher.dispose();
    m.dispose();
  });

  it('learns a withheld digit only from the teacher: the plain student never predicts it', async () => {
    // Label 4 lights pixel 2. The training images of labels 0 and 6 also show pixel 2 faintly,
    // and the teacher (label = 7 · pixel mod 10) gives them some "4" in its soft targets: the
    // only hint of a 4 the distilled student gets once the 4s are withheld.
    const hinted = pickerData(200);
    hinted.labels.forEach((y, i) => { if (y === 0 || y === 6) hinted.images[i * 784 + 2] = 128; });
    const teacher = pixelLogitModel(labelOfPixel, 8);
    const teacherLogits = await computeLogits(teacher, hinted);
    const s = { ...base, steps: 150, withheldDigit: 4, alpha: 1, temperature: 2 };
    const run = async (recipe: 'plain' | 'distilled') => {
      const m = buildStudent(10, 1);
      const r = await trainStudent(m, recipe, { train: hinted, test, probe, teacherLogits }, s);
      m.dispose();
      return r;
    };
    const plain = await run('plain');
    const distilled = await run('distilled');
    expect(plain.withheldTotal).toBe(10);
    expect(plain.withheldAccuracy).toBe(0);
    expect(plain.predictions.includes(4)).toBe(false);
    expect(distilled.withheldAccuracy).toBeGreaterThan(0.5);
    teacher.dispose();
  });

  it('stops at once when cancelled, keeping the progress reported before', async () => {
    const controller = new AbortController();
    const events: StudentProgress[] = [];
    const m = buildStudent(10, 1);
    const run = trainStudent(m, 'plain', { train, test, probe, teacherLogits: new Float32Array(2000) }, base, {
      signal: controller.signal,
      onProgress: (e) => { events.push(e); if (e.kind === 'loss' && e.step === 3) controller.abort(); },
    });
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(events.filter((e) => e.kind === 'loss').length).toBe(3);
    m.dispose();
  });

  it('stops with a message when the loss turns NaN at a learning rate far too high', async () => {
    const m = buildStudent(10, 1);
    const run = trainStudent(m, 'plain', { train, test, probe, teacherLogits: new Float32Array(2000) }, { ...base, learningRate: 1e30, optimizer: 'sgd' });
    await expect(run).rejects.toThrow(/the loss became (NaN|Infinity) at step \d+; the learning rate is probably too high/);
    m.dispose();
  });

  it('refuses teacher logits of the wrong size and bad settings by name', async () => {
    const m = buildStudent(10, 1);
    const sets = { train, test, probe, teacherLogits: new Float32Array(2000) };
    await expect(trainStudent(m, 'plain', { ...sets, teacherLogits: new Float32Array(20) }, base)).rejects.toThrow(/cover 2 images, the training set has 200/);
    await expect(trainStudent(m, 'plain', sets, { ...base, withheldDigit: 10 })).rejects.toThrow(/withheld digit must be one of 0–9/);
    await expect(trainStudent(m, 'plain', sets, { ...base, hidden: 0 })).rejects.toThrow(/hidden layer/);
    await expect(trainStudent(m, 'plain', sets, { ...base, evalEvery: 0 })).rejects.toThrow(/every whole number/);
    m.dispose();
  });
});

