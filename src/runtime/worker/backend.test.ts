import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { fallbackOrder, initBackend } from './backend';

describe('fallbackOrder', () => {
  it('tries the preferred backend, then the other accelerated one, and cpu last', () => {
    expect(fallbackOrder('wasm')).toEqual(['wasm', 'webgl', 'cpu']);
    expect(fallbackOrder('webgl')).toEqual(['webgl', 'wasm', 'cpu']);
    expect(fallbackOrder('cpu')).toEqual(['cpu']);
  });
});

describe('initBackend', () => {
  it('starts cpu when asked, without a fallback note', async () => {
    expect(await initBackend('cpu')).toEqual({ name: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('falls back and says why when WebGL cannot start (node has no canvas)', async () => {
    const info = await initBackend('webgl');
    expect(info.fellBackFrom).toBe('webgl');
    expect(info.reason).toMatch(/canvas/);
    expect(info.name).toBe(tf.getBackend());
    expect(info.name).not.toBe('webgl');
  });
});
