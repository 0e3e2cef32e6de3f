// Every way a load or a job can fail leaves the worker's tfjs memory (tensors and bytes) where it
// was, with a message that says what failed; the retry then works.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAbortError } from '../contract/abort';
import type { ModelHostApi } from '../contract/host';
import { WEIGHT_BUDGET_BYTES } from '../contract/upload';
import { artifactsOf, pixelPickerModel, publicFetch } from './testing/fixtures';
import { startedHost } from './testing/startedHost';

const base = 'http://course.test/failures/';
const publicDir = join(import.meta.dirname, '../../../public');
afterEach(() => vi.unstubAllGlobals());

/** publicFetch, except that `url`'s answer is replaced by `answer()` while `failing` is true. */
function failingFetch(path: string, answer: () => Response | Promise<Response>) {
  const ok = publicFetch(base);
  const state = { failing: true };
  vi.stubGlobal('fetch', (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    return state.failing && url === base + path ? answer() : ok(input, init);
  }) as typeof fetch);
  return state;
}

const memory = (host: ModelHostApi) => ({ tensors: host.memory().numTensors, bytes: host.memory().numBytes });

/** A reader's upload: the picker's model.json (with `edit` applied) and its weight file. */
async function pickerFiles(edit: (json: { modelTopology: any; weightsManifest: any[] }) => void = () => undefined, weightBytes?: number) {
  const picker = pixelPickerModel();
  const a = await artifactsOf(picker);
  picker.dispose();
  const json = { modelTopology: a.modelTopology as any, weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs! }] };
  edit(json);
  const data = a.weightData as ArrayBuffer;
  return [new File([JSON.stringify(json)], 'model.json'), new File([weightBytes === undefined ? data : data.slice(0, weightBytes)], 'w.bin')];
}

describe('failures in the model worker', () => {
  it('a zoo model with a truncated weight file fails in words, leaves no tensors, and loads on retry', async () => {
    const whole = readFileSync(join(publicDir, 'models/lenet-300-100/weights.bin'));
    const net = failingFetch('models/lenet-300-100/weights.bin', () => new Response(whole.subarray(0, 1000)));
    const { host, jobs } = await startedHost(base);
    const before = memory(host);
    await expect(jobs.models.load({ kind: 'zoo', id: 'lenet-300-100' })).rejects.toThrow(/could not be loaded .*holds 1000 bytes, but .* describes weights of 1066440 bytes/);
    await expect(jobs.models.evaluate({ key: 'lenet-300-100' })).rejects.toThrow('holds 1000 bytes');
    expect(memory(host)).toEqual(before);
    net.failing = false;
    await jobs.models.load({ kind: 'zoo', id: 'lenet-300-100' });
    // Three Dense layers, a kernel and a bias each: six tensors, not twelve.
    expect(host.memory().numTensors - before.tensors).toBe(6);
    expect(host.memory().numBytes - before.bytes).toBe(1066440);
    host.dispose();
  });

  it('an HTML page served instead of a model file is reported as such, with nothing allocated', async () => {
    failingFetch('models/lenet-5/model.json', () => new Response('<!doctype html><title>Not here</title>', { headers: { 'content-type': 'text/html' } }));
    const { host, jobs } = await startedHost(base);
    const before = memory(host);
    await expect(jobs.models.load({ kind: 'zoo', id: 'lenet-5' })).rejects.toThrow(/lenet-5\/model.json is not valid JSON/);
    expect(memory(host)).toEqual(before);
    host.dispose();
  });

  it('a server error and a dropped connection name the model and what went wrong', async () => {
    const net = failingFetch('models/dsconv/model.json', () => new Response('oops', { status: 500 }));
    const { host, jobs } = await startedHost(base);
    await expect(jobs.models.load({ kind: 'zoo', id: 'dsconv' })).rejects.toThrow('the model "dsconv" could not be loaded from http://course.test/failures/models/dsconv/model.json: the server answered HTTP 500');
    failingFetch('models/dsconv/model.json', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(jobs.models.load({ kind: 'zoo', id: 'dsconv' })).rejects.toThrow('the connection failed (Failed to fetch)');
    net.failing = false;
    host.dispose();
  });

  it('uploads that fail (truncated, mismatched shapes, an unknown layer) leave the tensor count and bytes flat', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { host, jobs } = await startedHost(base);
    await jobs.models.load({ kind: 'files', files: await pickerFiles() });
    const after = memory(host);
    const failing: [File[], RegExp][] = [
      [await pickerFiles(undefined, 100), /w\.bin holds 100 bytes/],
      [await pickerFiles((j) => { j.weightsManifest[0].weights[0].shape = [8, 98, 10]; }), /\(Dense\): its kernel has 2 axes, but the weights manifest gives it the shape \[8, 98, 10\]/],
      [await pickerFiles((j) => { j.weightsManifest[0].weights[1].name = 'elsewhere/bias'; }), /needs a weight "bias", but the weights manifest has no "dense_Dense\d+\/bias"/],
      [await pickerFiles((j) => { j.modelTopology.config.layers.push({ class_name: 'NoSuchLayer', config: { name: 'x' } }); }), /^model\.json cannot be built for evaluation: its layer NoSuchLayer \("x"\) is a custom class that tfjs does not know/],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [files, message] of failing) {
        await expect(jobs.models.load({ kind: 'files', files })).rejects.toThrow(message);
        // The upload before stays loaded; the failed one left nothing.
        expect(memory(host)).toEqual(after);
      }
      await jobs.models.load({ kind: 'files', files: await pickerFiles() });
      expect(memory(host)).toEqual(after);
    }
    host.dispose();
  });

  it('refuses a layer far larger than its weights, or weights over the budget, before allocating anything', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { host, jobs } = await startedHost(base);
    const before = memory(host);
    const huge = await pickerFiles((j) => { j.modelTopology.config.layers[0].config.units = 300000; });
    const started = performance.now();
    await expect(jobs.models.load({ kind: 'files', files: huge })).rejects.toThrow(/has units 300000 in its topology, but its kernel in the weights manifest has 10/);
    const declared = await pickerFiles((j) => {
      j.modelTopology.config.layers[0].config.units = 300000;
      j.weightsManifest[0].weights[0].shape = [784, 300000];
      j.weightsManifest[0].weights[1].shape = [300000];
    });
    await expect(jobs.models.load({ kind: 'files', files: declared })).rejects.toThrow(`model.json declares 898 MB of weights; this course loads models of at most ${WEIGHT_BUDGET_BYTES / 2 ** 20} MB`);
    // 940 MB were never allocated: both answers come at once and the worker's memory is unchanged.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(memory(host)).toEqual(before);
    host.dispose();
  });

  it('a failed data download (404, HTML, dropped connection) leaves the memory flat and the retry scores', async () => {
    const answers = [
      () => new Response('not found', { status: 404 }),
      () => new Response('<!doctype html><p>sign in</p>', { status: 200 }),
      () => new Response('<!doctype html><p>sign in</p>', { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } }),
      () => Promise.reject(new TypeError('network error')),
    ];
    let answer = answers[0];
    const net = failingFetch('data/mnist-test-images.u8', () => answer());
    const { host, jobs } = await startedHost(base);
    const picker = pixelPickerModel();
    await jobs.models.load({ kind: 'artifacts', key: 'picker', artifacts: await artifactsOf(picker) });
    picker.dispose();
    const before = memory(host);
    const messages = [/HTTP 404/, /the file has 29 bytes, the data manifest promises 7840000/, /mnist-test-images.u8: the server sent a web page instead of the data/, /could not download .*network error/];
    for (const [i, a] of answers.entries()) {
      answer = a;
      await expect(jobs.models.evaluate({ key: 'picker' })).rejects.toThrow(messages[i]);
      expect(memory(host)).toEqual(before);
    }
    net.failing = false;
    expect((await jobs.models.evaluate({ key: 'picker' })).total).toBe(10000);
    expect(memory(host)).toEqual(before);
    host.dispose();
  });

  it('cancelled evaluations and training leave nothing behind', async () => {
    vi.stubGlobal('fetch', publicFetch(base));
    const { host, jobs } = await startedHost(base);
    const picker = pixelPickerModel();
    await jobs.models.load({ kind: 'artifacts', key: 'picker', artifacts: await artifactsOf(picker) });
    picker.dispose();
    await jobs.models.evaluate({ key: 'picker' });
    const before = memory(host);
    for (let i = 0; i < 3; i++) {
      const c = new AbortController();
      const run = jobs.models.evaluate({ key: 'picker' }, { signal: c.signal, onProgress: (p) => { if (p.phase === 'evaluate') c.abort(); } });
      await expect(run).rejects.toSatisfy(isAbortError);
    }
    // The host's cancel lands at the next batch: wait for the queue to drain.
    await jobs.models.evaluate({ key: 'picker' });
    expect(memory(host)).toEqual(before);
    host.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before.tensors);
  });

  it('two jobs asking for one zoo model at once share one build; a cancel while it loads answers at once', async () => {
    let release = () => undefined as void;
    const held = new Promise<void>((r) => { release = r; });
    const ok = publicFetch(base);
    vi.stubGlobal('fetch', (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith('lenet-300-100/weights.bin')) await held;
      return ok(input, init);
    }) as typeof fetch);
    const { host, jobs } = await startedHost(base);
    const before = memory(host);
    const c = new AbortController();
    const cancelled = jobs.models.evaluate({ key: 'lenet-300-100' }, { signal: c.signal });
    const lookup = jobs.models.weights({ key: 'lenet-300-100' });
    await new Promise((r) => setTimeout(r, 20));
    c.abort();
    await expect(cancelled).rejects.toSatisfy(isAbortError);
    release();
    expect((await lookup).map((l) => l.name)).toEqual(['dense1', 'dense2', 'logits']);
    expect((await jobs.models.evaluate({ key: 'lenet-300-100' })).accuracy).toBeGreaterThan(0.98);
    expect(host.memory().numTensors - before.tensors).toBe(6);
    host.dispose();
  });
});
