import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logitsModel } from '../models';
import { loadZooModel, publicFetch, readMnistSplit } from '../testing/fixtures';
import { startedHost } from '../testing/startedHost';

const base = 'http://course.test/distill/';
afterEach(() => vi.unstubAllGlobals());

describe('the distillation jobs of the model host', () => {
  it("return teacher-1200's logits for a test image and for the same pixels drawn, and name bad images", async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { host, jobs } = await startedHost(base);
    const test = readMnistSplit('test');
    const pixels = Float32Array.from(test.images.subarray(5 * 784, 6 * 784), (v) => v / 255);
    const teacher = await loadZooModel('teacher-1200');
    const expected = tf.tidy(() => (logitsModel(teacher).predict(tf.tensor2d(pixels, [1, 784])) as tf.Tensor).dataSync());
    teacher.dispose();

    const byIndex = await jobs.distill.teacherLogits({ image: 5 });
    const byPixels = await jobs.distill.teacherLogits({ image: pixels });
    expect(byIndex).toHaveLength(10);
    byIndex.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
    expect(Array.from(byPixels)).toEqual(Array.from(byIndex));
    // logits, not probabilities: some are negative and they do not sum to 1
    expect(Math.min(...byIndex)).toBeLessThan(0);

    await expect(jobs.distill.teacherLogits({ image: 10000 })).rejects.toThrow('there is no test image 10000; pick one from 0 to 9999');
    await expect(jobs.distill.teacherLogits({ image: new Float32Array(100) })).rejects.toThrow('a drawn digit must be 28 × 28 = 784 values between 0 and 1');
    await expect(jobs.distill.teacherLogits({ image: new Float32Array(784).fill(2) })).rejects.toThrow(/between 0 and 1/);
    host.dispose();
  });

  it('refuses bad student settings before loading anything', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { host, jobs } = await startedHost(base);
    const good = { hidden: 30, steps: 10, batchSize: 32, learningRate: 0.01, seed: 1, temperature: 4, alpha: 0.9, evalEvery: 5 };
    await expect(jobs.distill.trainStudents({ settings: { ...good, temperature: 0 }, keyPrefix: 'kd' })).rejects.toThrow(/temperature must be a positive number \(got 0\)/);
    await expect(jobs.distill.trainStudents({ settings: { ...good, alpha: 2 }, keyPrefix: 'kd' })).rejects.toThrow(/alpha must be between 0 and 1 \(got 2\)/);
    await expect(jobs.distill.trainStudents({ settings: { ...good, hidden: 0 }, keyPrefix: 'kd' })).rejects.toThrow(/hidden layer needs/);
    host.dispose();
  });
});
