import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { publicFetch } from '../testing/fixtures';
import { startedHost } from '../testing/startedHost';

const base = 'http://course.test/roofline/';
afterEach(() => vi.unstubAllGlobals());

describe('the roofline jobs of the model host', () => {
  it('measure a peak and a bandwidth from the backend’s own kernels, without leaking tensors', async () => {
    const { jobs } = await startedHost(base);
    const before = tf.memory().numTensors;
    const r = await jobs.roofline.limits({});
    expect(tf.memory().numTensors).toBe(before);
    expect(r.backend).toBe(tf.getBackend());
    expect(r.peakFlops).toBeCloseTo((2 * r.matmulSize ** 3) / (r.matmulMs / 1000), 0);
    expect(r.bandwidth).toBeCloseTo((3 * r.arrayBytes) / (r.addMs / 1000), 0);
    // Any machine that runs the tests does more than 10 MFLOP/s and moves more than 10 MB/s.
    expect(r.peakFlops).toBeGreaterThan(1e7);
    expect(r.bandwidth).toBeGreaterThan(1e7);
  }, 60_000);

  it('measures the bytes of a forward pass: at least the activations the layer shapes give', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { jobs } = await startedHost(base);
    await jobs.models.load({ kind: 'zoo', id: 'lenet-300-100' });
    const before = tf.memory().numTensors;
    const m = await jobs.roofline.memory({ key: 'lenet-300-100', batch: 8 });
    expect(tf.memory().numTensors).toBe(before);
    expect(m.weightBytes).toBe(266_610 * 4);
    expect(m.inputBytes).toBe(8 * 784 * 4);
    // Dense layers of 300, 100 and 10 outputs per image, float32: 13,120 bytes for 8 images.
    expect(m.peakPassBytes).toBeGreaterThanOrEqual((300 + 100 + 10) * 8 * 4);
    expect(m.peakPassBytes).toBeLessThan(1024 * 1024);
    expect(m.tfjsBytes).toBeGreaterThanOrEqual(m.weightBytes);
    await expect(jobs.roofline.memory({ key: 'lenet-300-100', batch: 0 })).rejects.toThrow(/whole number from 1 to 1,024/);
  }, 60_000);
});
