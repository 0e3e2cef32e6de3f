import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { publicFetch } from '../testing/fixtures';
import { startedHost } from '../testing/startedHost';

const base = 'http://course.test/hardware/';
afterEach(() => vi.unstubAllGlobals());

describe('the hardware jobs of the model host', () => {
  it('times float32, int8 and tfjs products on LeNet-300-100’s first layer without leaking tensors', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { jobs } = await startedHost(base);
    await jobs.models.load({ kind: 'zoo', id: 'lenet-300-100' });
    const before = tf.memory().numTensors;
    const r = await jobs.hardware.kernelSpeed({ rows: 4 });
    expect(tf.memory().numTensors).toBe(before);
    expect([r.rows, r.cols, r.n]).toEqual([4, 300, 784]);
    for (const ms of [r.f32Ms, r.i8Ms, r.tfjsMs]) expect(ms).toBeGreaterThan(0);
    expect(r.int8Speedup).toBeCloseTo(r.f32Ms / r.i8Ms, 2);
    // Node 20 does not run relaxed SIMD without a flag; Chromium does (e2e/hardware.spec.ts).
    if (r.relaxedMs === null) expect(r.relaxedMatches).toBeNull();
    else expect(r.relaxedMatches).toBe(true);
    await expect(jobs.hardware.kernelSpeed({ rows: 0 })).rejects.toThrow(/rows must be a whole number from 1 to 1024/);
  }, 60_000);
});
