import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEVICES, modelCost, PRECISION_BYTES, sparse24WeightBytes, type DeviceName } from '../../../engine';
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
    expect(r.streamBytes).toBe(4 * (r.streamSize ** 2 + 2 * r.streamSize));
    expect(r.bandwidth).toBeCloseTo(r.streamBytes / (r.streamMs / 1000), 0);
    // Any machine that runs the tests does more than 10 MFLOP/s and moves more than 10 MB/s.
    expect(r.peakFlops).toBeGreaterThan(1e7);
    expect(r.bandwidth).toBeGreaterThan(1e7);
  }, 180_000);

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

describe('the figures lesson 9 gives for the zoo on the A100 presets (its Roofline widget shows the same)', () => {
  /** The zoo model's layer intensities on a preset, rounded as the lesson writes them. */
  async function intensities(id: string, device: DeviceName, batch: number) {
    const { jobs } = await startedHost(base);
    const { specs } = await jobs.models.architecture({ kind: 'zoo', id });
    const d = DEVICES[device];
    const b = PRECISION_BYTES[d.precision];
    const cost = modelCost(specs, { batch, bytesPerElement: b, weightBytesPerElement: d.sparse24 ? sparse24WeightBytes(b) : b });
    return Object.fromEntries(cost.layers.map((l) => [l.name, Math.round(l.intensity)]));
  }

  it('at batch 1 no zoo layer reaches a tensor-core ridge; LeNet-5’s conv2 comes closest', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    for (const id of ['lenet-300-100', 'lenet-5', 'dsconv', 'teacher-1200']) {
      for (const device of ['a100-tf32', 'a100-fp16', 'a100-fp16-sparse', 'a100-int8', 'a100-int8-sparse'] as const) {
        const ridge = DEVICES[device].peakFlops / DEVICES[device].bandwidth;
        for (const value of Object.values(await intensities(id, device, 1))) expect(value).toBeLessThan(ridge);
      }
    }
    expect((await intensities('lenet-5', 'a100-tf32', 1)).conv2).toBe(23);
    expect((await intensities('lenet-5', 'a100-int8', 1)).conv2).toBe(92);
    const [dense, sparse] = [(await intensities('lenet-300-100', 'a100-int8', 1)).dense1, (await intensities('lenet-300-100', 'a100-int8-sparse', 1)).dense1];
    expect([dense, sparse]).toEqual([2, 3]);
  }, 60_000);

  it('at batch 1,024 the teacher’s hidden layers cross the int8 ridge, and with 2:4 only dense2 stays above', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    expect(await intensities('teacher-1200', 'a100-int8', 1024)).toMatchObject({ dense1: 648, dense2: 756 });
    expect(await intensities('teacher-1200', 'a100-int8-sparse', 1024)).toMatchObject({ dense2: 878 });
    expect((await intensities('lenet-300-100', 'a100-int8', 1024)).dense1).toBe(358);
  }, 60_000);
});
