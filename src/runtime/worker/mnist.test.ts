import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { batchToTensor, loadMnist } from './mnist';
import { readMnist } from '../../../scripts/mnist-idx';
import { publicFetch } from './testing/fixtures';
import { isAbortError } from '../contract/abort';

const dataDir = join(import.meta.dirname, '../../../public/data');

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => vi.unstubAllGlobals());

describe('batchToTensor', () => {
  it('scales each byte to byte/255 in the requested shape, only for the asked rows', async () => {
    const images = new Uint8Array(3 * 784);
    for (let i = 0; i < images.length; i++) images[i] = (i * 7) % 256;
    const t = batchToTensor(images, 1, 2, [28, 28, 1]);
    expect(t.shape).toEqual([2, 28, 28, 1]);
    expect(t.dtype).toBe('float32');
    const values = await t.data();
    for (let i = 0; i < values.length; i++) expect(values[i]).toBe(Math.fround(images[784 + i] / 255));
    t.dispose();
  });

  it('clips a batch that runs past the last image', () => {
    const t = batchToTensor(new Uint8Array(5 * 784), 3, 10, [784]);
    expect(t.shape).toEqual([2, 784]);
    t.dispose();
  });

  it('refuses a shape that does not hold one image', () => {
    expect(() => batchToTensor(new Uint8Array(784), 0, 1, [28, 27])).toThrow('756 values');
  });
});

describe('loadMnist', () => {
  it('downloads the test set with growing progress that ends at its byte count', async () => {
    const base = 'http://course.test/sub/';
    const requests: string[] = [];
    vi.stubGlobal('fetch', publicFetch(base, requests));
    const progress: number[] = [];
    let total = 0;
    const set = await loadMnist('test', { baseUrl: base, onProgress: (p) => { progress.push(p.loaded); total = p.total; } });
    expect(requests).toContain(`${base}data/mnist-test-images.u8`);
    expect(set.count).toBe(10000);
    expect(total).toBe(10000 * 784 + 10000);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.every((v, i) => i === 0 || v >= progress[i - 1])).toBe(true);
    expect(progress[progress.length - 1]).toBe(total);
    // Independent read of the same file.
    const labels = readFileSync(join(dataDir, 'mnist-test-labels.u8'));
    expect(Array.from(set.labels.subarray(0, 5))).toEqual(Array.from(labels.subarray(0, 5)));
    expect(Array.from(set.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    expect(set.images.length).toBe(7840000);
  });

  it('hands the images over before the cache has stored them; `saved` settles once it has', async () => {
    const base = 'http://course.test/cache/';
    vi.stubGlobal('fetch', publicFetch(base, []));
    const stored: string[] = [];
    let finishPut = () => {};
    const putDone = new Promise<void>((resolve) => { finishPut = resolve; });
    const cache = { match: async () => undefined, put: async (url: string) => {
      if (url.endsWith('manifest.json')) return;
      await putDone;
      stored.push(url);
    } };
    vi.stubGlobal('caches', { open: async () => cache });
    const set = await loadMnist('test', { baseUrl: base });
    expect(set.count).toBe(10000);
    expect(stored).toEqual([]);
    let saved = false;
    void set.saved.then(() => { saved = true; });
    await new Promise((r) => setTimeout(r, 10));
    expect(saved).toBe(false);
    finishPut();
    await set.saved;
    expect(stored.sort()).toEqual([`${base}data/mnist-test-images.u8`, `${base}data/mnist-test-labels.u8`]);
  });

  it('downloads a split once per page and shares it between callers', async () => {
    const base = 'http://course.test/once/';
    const requests: string[] = [];
    vi.stubGlobal('fetch', publicFetch(base, requests));
    const [a, b] = await Promise.all([loadMnist('test', { baseUrl: base }), loadMnist('test', { baseUrl: base })]);
    expect(a).toBe(b);
    expect(requests.filter((u) => u.endsWith('mnist-test-images.u8'))).toHaveLength(1);
  });

  it('inflates the gzipped training images to the 60,000 images of the MNIST IDX file', async () => {
    const base = 'http://course.test/gz/';
    vi.stubGlobal('fetch', publicFetch(base));
    const set = await loadMnist('train', { baseUrl: base });
    const idx = readMnist('train');
    expect(set.count).toBe(60000);
    expect(Buffer.compare(Buffer.from(set.images), Buffer.from(idx.images))).toBe(0);
    expect(Array.from(set.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
  });

  it('does not inflate twice when the server already sent the .gz file with Content-Encoding: gzip', async () => {
    const base = 'http://course.test/encoded/';
    const real = publicFetch(base);
    vi.stubGlobal('fetch', (async (url: string) => {
      if (!url.endsWith('.gz')) return real(url);
      return new Response(gunzipSync(readFileSync(join(dataDir, 'mnist-train-images.u8.gz'))), { headers: { 'content-encoding': 'gzip' } });
    }) as typeof fetch);
    const set = await loadMnist('train', { baseUrl: base });
    expect(Array.from(set.images.subarray(152, 156))).toEqual([3, 18, 18, 18]);
  });

  it('names the file when the gzipped images are corrupted', async () => {
    const base = 'http://course.test/corrupt/';
    const real = publicFetch(base);
    vi.stubGlobal('fetch', (async (url: string) =>
      url.endsWith('.gz') ? new Response(new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7])) : real(url)) as typeof fetch);
    await expect(loadMnist('train', { baseUrl: base })).rejects.toThrow(/mnist-train-images\.u8\.gz: /);
  });

  it('says which file is wrong when it has fewer bytes than the manifest promises', async () => {
    const base = 'http://course.test/short/';
    const real = publicFetch(base);
    vi.stubGlobal('fetch', (async (url: string) =>
      url.endsWith('labels.u8') ? new Response(new Uint8Array(10)) : real(url)) as typeof fetch);
    await expect(loadMnist('test', { baseUrl: base })).rejects.toThrow(/mnist-test-labels\.u8: the file has 10 bytes, the data manifest promises 10000/);
  });

  it('reports a missing file with its address and HTTP status, and can retry afterwards', async () => {
    const base = 'http://course.test/missing/';
    vi.stubGlobal('fetch', (async () => new Response('no', { status: 404 })) as typeof fetch);
    await expect(loadMnist('train', { baseUrl: base })).rejects.toThrow(`could not download ${base}data/manifest.json: HTTP 404`);
    vi.stubGlobal('fetch', publicFetch(base));
    await expect(loadMnist('train', { baseUrl: base })).resolves.toMatchObject({ count: 60000 });
  });

  it('explains an invalid data manifest in words: a web page, cut-off JSON, a missing set', async () => {
    const base = 'http://course.test/manifest/';
    const serve = (text: string) => vi.stubGlobal('fetch', (async () => new Response(text)) as typeof fetch);
    serve('<!doctype html><html><body>Sign in to continue</body></html>');
    await expect(loadMnist('test', { baseUrl: base })).rejects.toThrow(`the data manifest ${base}data/manifest.json is not readable JSON: the server sent 60 bytes starting “<!doctype html><html><body>Sign in to co” (a web page, not the data manifest)`);
    serve('{"pixels": 784, "rows"');
    await expect(loadMnist('test', { baseUrl: base })).rejects.toThrow(/is not readable JSON: the server sent 22 bytes starting “\{"pixels": 784, "rows"”$/);
    serve('{"pixels": 784, "rows": 28, "cols": 28, "sets": {"test": {"count": 10000, "images": "a", "labels": "b"}}}');
    await expect(loadMnist('test', { baseUrl: base })).rejects.toThrow('is not one this course can read: it lists no "train" set');
    serve('{"pixels": 784, "rows": 28, "cols": 27}');
    await expect(loadMnist('test', { baseUrl: base })).rejects.toThrow('rows × cols = pixels (got 784, 28, 27)');
  });

  it('stops the other file when one fails, so nothing downloads after the job has ended', async () => {
    const base = 'http://course.test/sibling/';
    const real = publicFetch(base);
    let imagesSignal: AbortSignal | undefined;
    vi.stubGlobal('fetch', (async (url: string, init?: RequestInit) => {
      if (url.endsWith('labels.u8')) return new Response('gone', { status: 500 });
      if (url.endsWith('images.u8')) {
        imagesSignal = init?.signal ?? undefined;
        return new Response(new ReadableStream({ pull: () => new Promise(() => undefined) })); // never ends
      }
      return real(url);
    }) as typeof fetch);
    await expect(loadMnist('test', { baseUrl: base })).rejects.toThrow('mnist-test-labels.u8: HTTP 500');
    expect(imagesSignal?.aborted).toBe(true);
  });

  it('lets one caller cancel a shared download without cancelling the others; it stops when all have', async () => {
    const base = 'http://course.test/shared/';
    const requests: string[] = [];
    const real = publicFetch(base, requests);
    const signals: AbortSignal[] = [];
    vi.stubGlobal('fetch', (async (url: string, init?: RequestInit) => {
      if (init?.signal) signals.push(init.signal);
      return real(url);
    }) as typeof fetch);
    const first = new AbortController();
    const heard: number[] = [];
    const a = loadMnist('test', { baseUrl: base, signal: first.signal });
    const b = loadMnist('test', { baseUrl: base, onProgress: (p) => heard.push(p.loaded) });
    first.abort();
    await expect(a).rejects.toSatisfy(isAbortError);
    expect((await b).count).toBe(10000);
    expect(heard.at(-1)).toBe(7850000);
    expect(signals.some((s) => s.aborted)).toBe(false);

    const other = 'http://course.test/shared-cancel/';
    vi.stubGlobal('fetch', (async (url: string, init?: RequestInit) => {
      if (init?.signal) signals.push(init.signal);
      return publicFetch(other)(url);
    }) as typeof fetch);
    const c1 = new AbortController();
    const c2 = new AbortController();
    const x = loadMnist('test', { baseUrl: other, signal: c1.signal });
    const y = loadMnist('test', { baseUrl: other, signal: c2.signal });
    c1.abort();
    c2.abort();
    await expect(x).rejects.toSatisfy(isAbortError);
    await expect(y).rejects.toSatisfy(isAbortError);
    // Both callers left: the download stopped, and the next call starts afresh and succeeds.
    await expect(loadMnist('test', { baseUrl: other })).resolves.toMatchObject({ count: 10000 });
  });
});
