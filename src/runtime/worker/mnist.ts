// The MNIST test and training sets as raw uint8 binaries, the training images gzipped (prepared by
// scripts/prepare-data.mjs into public/data/), downloaded once with progress, kept in the Cache
// API for later visits and offline classrooms, and converted to float tensors one batch at a time.
import * as tf from '@tensorflow/tfjs';
import { abortError, isAbortError } from '../contract/abort';
import type { MnistSplit } from '../contract/models';
export type { MnistSplit } from '../contract/models';

/** public/data/manifest.json */
export interface MnistManifest {
  pixels: number;
  rows: number;
  cols: number;
  sets: Record<MnistSplit, { count: number; images: string; labels: string }>;
}

/** One split: `count` images of rows×cols pixels, row-major, 0 = background, 255 = ink. */
export interface MnistSet {
  split: MnistSplit;
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols bytes. */
  images: Uint8Array;
  /** count labels in 0…9. */
  labels: Uint8Array;
  /**
   * Settles once both files are in the browser's cache for later visits and offline use (at once
   * when they came from it). Never rejects: a cache that refuses them only costs a later download.
   * Jobs do not wait for it (storing 47 MB takes seconds); saving the course for offline use does.
   */
  saved: Promise<void>;
}

export interface DownloadProgress {
  loaded: number;
  total: number;
}

export interface LoadOptions {
  /** The site's base URL (the folder holding `data/`); defaults to the document's. */
  baseUrl?: string;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
}

const CACHE_NAME = 'compression-lab-data-v1';

/** The document's base URL without its hash route, for use inside a worker. */
export function documentBaseUrl(): string {
  return new URL('.', document.baseURI).href;
}

async function openCache(): Promise<Cache | undefined> {
  try {
    return typeof caches === 'undefined' ? undefined : await caches.open(CACHE_NAME);
  } catch {
    return undefined; // Cache API refused (private mode, opaque origin): just download.
  }
}

async function fetchOk(url: string, signal?: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new Error(`could not download ${url}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new Error(`could not download ${url}: HTTP ${res.status}`);
  return res;
}

/** The data manifest: from the network when it answers, else the cached copy. */
export async function loadMnistManifest(baseUrl = documentBaseUrl(), signal?: AbortSignal): Promise<MnistManifest> {
  const url = new URL('data/manifest.json', baseUrl).href;
  const cache = await openCache();
  try {
    const res = await fetchOk(url, signal);
    const text = await res.text();
    const manifest = parseManifest(text, url);
    await cache?.put(url, new Response(text)).catch(() => undefined);
    return manifest;
  } catch (e) {
    const cached = await cache?.match(url);
    if (cached && !signal?.aborted) return parseManifest(await cached.text(), url);
    throw e;
  }
}

/** The start of a text, for a message: what the server sent instead of what was expected. */
function opening(text: string): string {
  const start = text.trim().slice(0, 40).replace(/\s+/g, ' ');
  return text.length === 0 ? 'nothing' : `${text.length} bytes starting “${start}”`;
}

/** Checks the manifest's JSON and every field the loader uses, with a sentence for each problem. */
export function parseManifest(text: string, url: string): MnistManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const page = /^\s*</.test(text) ? ' (a web page, not the data manifest)' : '';
    throw new Error(`the data manifest ${url} is not readable JSON: the server sent ${opening(text)}${page}`);
  }
  const m = json as Partial<MnistManifest> | null;
  const whole = (n: unknown) => Number.isInteger(n) && (n as number) > 0;
  const wrong = (what: string) => new Error(`the data manifest ${url} is not one this course can read: ${what}`);
  if (typeof m !== 'object' || m === null) throw wrong('it holds no object');
  if (!whole(m.pixels) || !whole(m.rows) || !whole(m.cols) || m.rows! * m.cols! !== m.pixels) {
    throw wrong(`"pixels", "rows" and "cols" must be whole numbers with rows × cols = pixels (got ${m.pixels}, ${m.rows}, ${m.cols})`);
  }
  for (const split of ['test', 'train'] as const) {
    const set = m.sets?.[split];
    if (!set) throw wrong(`it lists no "${split}" set`);
    if (!whole(set.count)) throw wrong(`the ${split} set's "count" must be a whole number of images (got ${JSON.stringify(set.count)})`);
    if (typeof set.images !== 'string' || typeof set.labels !== 'string') throw wrong(`the ${split} set needs the names of its "images" and "labels" files`);
  }
  return m as MnistManifest;
}

/**
 * Reads a response body chunk by chunk, reporting bytes loaded against `expected` (the size the
 * manifest implies; Content-Length may be absent or describe a compressed body).
 */
async function readWithProgress(res: Response, expected: number, report: (loaded: number) => void): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const out = new Uint8Array(expected);
  const reader = res.body.getReader();
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > expected) {
      await reader.cancel();
      throw new Error(`the file is larger than the ${expected} bytes the data manifest promises`);
    }
    out.set(value, loaded);
    loaded += value.length;
    report(loaded);
  }
  if (loaded !== expected) throw new Error(`the file has ${loaded} bytes, the data manifest promises ${expected}`);
  return out;
}

/**
 * The response with its body gunzipped when the file is a `.gz` the server sent as is (a server
 * that marks it `Content-Encoding: gzip` has the browser inflate it already). The cache keeps the
 * inflated bytes.
 */
function inflated(url: string, res: Response): Response {
  if (!url.endsWith('.gz') || !res.body || /gzip/.test(res.headers.get('content-encoding') ?? '')) return res;
  return new Response(res.body.pipeThrough(new DecompressionStream('gzip')));
}

/**
 * One binary file, from the cache if it is there with the right size, else downloaded; `saved`
 * settles when a downloaded copy is in the cache.
 */
async function loadBinary(url: string, expected: number, report: (loaded: number) => void, signal?: AbortSignal): Promise<{ bytes: Uint8Array; saved: Promise<void> }> {
  const cache = await openCache();
  const cached = await cache?.match(url);
  if (cached) {
    const bytes = new Uint8Array(await cached.arrayBuffer());
    if (bytes.length === expected) {
      report(expected);
      return { bytes, saved: Promise.resolve() };
    }
  }
  const res = await fetchOk(url, signal);
  if (/text\/html/.test(res.headers.get('content-type') ?? '')) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error(`${url}: the server sent a web page instead of the data (a login or error page?)`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readWithProgress(inflated(url, res), expected, report);
  } catch (e) {
    // A cancel is a cancel, not a broken file: keep the AbortError for the page to recognise.
    if (signal?.aborted || isAbortError(e)) throw abortError();
    throw new Error(`${url}: ${(e as Error).message}`);
  }
  const saved = cache ? cache.put(url, new Response(bytes.slice().buffer)).catch(() => undefined) : Promise.resolve();
  return { bytes, saved };
}

/** One download of a split, shared by every caller that wants it while it runs. */
interface SharedDownload {
  set: Promise<MnistSet>;
  /** Aborts the download once every caller has cancelled. */
  controller: AbortController;
  callers: number;
  listeners: Set<(p: DownloadProgress) => void>;
  last?: DownloadProgress;
}

const downloads = new Map<string, SharedDownload>();

/**
 * The images and labels of one split, downloaded at most once per page (or worker) and cached
 * across visits. Progress counts bytes of both files together. Callers asking while a download
 * runs share it, each hearing its progress; one caller's cancel rejects only that caller, and the
 * download stops when all have cancelled. A failed or cancelled download is retried by the next call.
 */
export function loadMnist(split: MnistSplit, options: LoadOptions = {}): Promise<MnistSet> {
  const baseUrl = options.baseUrl ?? documentBaseUrl();
  const key = `${baseUrl}|${split}`;
  let d = downloads.get(key);
  if (!d) {
    const controller = new AbortController();
    const listeners = new Set<(p: DownloadProgress) => void>();
    const shared: SharedDownload = { controller, callers: 0, listeners, set: undefined! };
    shared.set = fetchSet(split, baseUrl, {
      signal: controller.signal,
      onProgress: (p) => { shared.last = p; for (const l of listeners) l(p); },
    });
    shared.set.catch(() => { if (downloads.get(key) === shared) downloads.delete(key); });
    downloads.set(key, (d = shared));
  }
  return join(key, d, options);
}

/** One caller's share of a download: its own progress and its own cancel. */
function join(key: string, d: SharedDownload, { onProgress, signal }: LoadOptions): Promise<MnistSet> {
  if (signal?.aborted) return Promise.reject(abortError());
  d.callers++;
  if (onProgress) {
    d.listeners.add(onProgress);
    if (d.last) onProgress(d.last);
  }
  return new Promise<MnistSet>((resolve, reject) => {
    let inside = true;
    const leave = () => {
      if (!inside) return false;
      inside = false;
      d.callers--;
      if (onProgress) d.listeners.delete(onProgress);
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const onAbort = () => {
      if (!leave()) return;
      if (d.callers === 0) {
        if (downloads.get(key) === d) downloads.delete(key);
        d.controller.abort();
      }
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    d.set.then((s) => { if (leave()) resolve(s); }, (e) => { if (leave()) reject(e); });
  });
}

async function fetchSet(split: MnistSplit, baseUrl: string, { onProgress, signal }: LoadOptions): Promise<MnistSet> {
  const manifest = await loadMnistManifest(baseUrl, signal);
  const info = manifest.sets[split];
  if (!info) throw new Error(`the data manifest has no "${split}" set`);
  const imageBytes = info.count * manifest.pixels;
  const total = imageBytes + info.count;
  let imagesLoaded = 0;
  let labelsLoaded = 0;
  const report = () => onProgress?.({ loaded: imagesLoaded + labelsLoaded, total });
  // When one file fails the other stops too: nothing keeps downloading after the job has ended.
  const both = new AbortController();
  const stop = () => both.abort();
  signal?.addEventListener('abort', stop, { once: true });
  const file = (name: string, bytes: number, onBytes: (n: number) => void) =>
    loadBinary(new URL(`data/${name}`, baseUrl).href, bytes, onBytes, both.signal).catch((e) => { stop(); throw e; });
  let images: { bytes: Uint8Array; saved: Promise<void> };
  let labels: { bytes: Uint8Array; saved: Promise<void> };
  try {
    [images, labels] = await Promise.all([
      file(info.images, imageBytes, (n) => { imagesLoaded = n; report(); }),
      file(info.labels, info.count, (n) => { labelsLoaded = n; report(); }),
    ]);
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  for (let i = 0; i < labels.bytes.length; i++) {
    if (labels.bytes[i] > 9) throw new Error(`label ${i} of the ${split} set is ${labels.bytes[i]}, not a digit`);
  }
  const saved = Promise.all([images.saved, labels.saved]).then(() => undefined);
  return { split, count: info.count, rows: manifest.rows, cols: manifest.cols, images: images.bytes, labels: labels.bytes, saved };
}

/** byte / 255 for every byte value: a table lookup is faster than a division per pixel. */
export const BYTE_TO_UNIT = Float32Array.from({ length: 256 }, (_, b) => b / 255);

/** The pixels of images `indices` (in that order) scaled to [0, 1], one image after another. */
export function gatherPixels(images: Uint8Array, indices: ArrayLike<number>, pixels = 784): Float32Array {
  const out = new Float32Array(indices.length * pixels);
  for (let k = 0; k < indices.length; k++) {
    const src = indices[k] * pixels;
    for (let p = 0; p < pixels; p++) out[k * pixels + p] = BYTE_TO_UNIT[images[src + p]];
  }
  return out;
}

/**
 * Images start … start+count−1 (clipped to the set) as a float32 tensor of shape
 * [count, ...shape] with pixels scaled to [0, 1] (x / 255). `shape` must hold rows×cols values,
 * e.g. [784] for a dense network or [28, 28, 1] for a convolutional one.
 */
export function batchToTensor(images: Uint8Array, start: number, count: number, shape: readonly number[], pixels = 784): tf.Tensor {
  const per = shape.reduce((a, b) => a * b, 1);
  if (per !== pixels) throw new Error(`an input of shape [${shape.join(', ')}] holds ${per} values, not the ${pixels} pixels of an image`);
  const available = Math.floor(images.length / pixels);
  const first = Math.max(0, Math.min(start, available));
  const n = Math.max(0, Math.min(count, available - first));
  const values = new Float32Array(n * pixels);
  const src = images.subarray(first * pixels, (first + n) * pixels);
  for (let i = 0; i < values.length; i++) values[i] = BYTE_TO_UNIT[src[i]];
  return tf.tensor(values, [n, ...shape], 'float32');
}
