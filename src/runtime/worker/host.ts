// What the model worker does (exposed with comlink in evaluate.worker.ts). It owns tfjs, the
// backend and the loaded models, and runs the jobs of every area found in ./jobs/*.jobs.ts:
// queued jobs one at a time so timings do not overlap, immediate ones at once; each can be
// cancelled by its id, and a queued job that waits says what it waits for.
import * as tf from '@tensorflow/tfjs';
import { abortError, isAbortError } from '../contract/abort';
import type { ModelHostApi } from '../contract/host';
import type { JobProgress } from '../contract/jobs';
import type { BackendInfo, MemoryInfo, ModelSource } from '../contract/models';
import { UPLOAD_KEY, type BackendName } from '../contract/names';
import { ZOO_IDS } from '../contract/zoo';
import { initBackend } from './backend';
import type { HostContext } from './context';
import type { AreaDefinition, JobImpl } from './defineJobs';
import { NUM_CLASSES } from './evaluate';
import { loadMnist } from './mnist';
import { artifactsFromFiles, artifactsFromUrl, modelFromArtifacts } from './modelLoading';
import { beginProfile, endProfile, timed } from './profile';

type AnyJob = JobImpl<unknown, unknown, unknown>;

/** The job areas: each module under ./jobs exports its `defineJobs(…)` as default. */
const AREA_MODULES = import.meta.glob<{ default: AreaDefinition }>('./jobs/*.jobs.ts', { eager: true });

export function keyOf(source: ModelSource): string {
  return source.kind === 'zoo' ? source.id : source.kind === 'artifacts' ? source.key : UPLOAD_KEY;
}

export function createModelHost(): ModelHostApi {
  let baseUrl = '';
  let backend: BackendInfo | undefined;
  let markStarted = () => undefined as void;
  const started = new Promise<void>((resolve) => { markStarted = resolve; });
  const sources = new Map<string, ModelSource>();
  const models = new Map<string, tf.LayersModel>();
  const jobs = new Map<string, AbortController>();
  let queue: Promise<unknown> = Promise.resolve();
  /** Titles of the queued jobs not yet finished, oldest (the running one) first. */
  const queuedTitles: string[] = [];

  /**
   * Runs `work` (after every earlier queued job unless `queue` is 'immediate'), with a signal that
   * `cancel(jobId)` aborts. A job cancelled while it waits for its turn rejects at once with an
   * AbortError; a running one when its work next checks the signal.
   */
  function schedule<T>(jobId: string, mode: JobImpl<unknown, unknown, unknown>['queue'], work: (signal: AbortSignal) => Promise<T>, progress: (p: JobProgress) => void): Promise<T> {
    const controller = new AbortController();
    jobs.set(jobId, controller);
    // A job cancelled before it starts rejects at once; a running one stops at its next check.
    let begun = false;
    const cancelledWhileWaiting = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => { if (!begun) reject(abortError()); }, { once: true }));
    cancelledWhileWaiting.catch(() => undefined);
    const begin = () => {
      if (controller.signal.aborted) throw abortError();
      begun = true;
      return work(controller.signal);
    };
    let run: Promise<T>;
    if (mode === 'immediate') {
      run = Promise.resolve().then(begin);
    } else {
      if (queuedTitles.length > 0) progress({ phase: 'waiting', behind: queuedTitles[0] });
      queuedTitles.push(mode.title);
      run = queue.then(begin);
      const done = run.catch(() => undefined).finally(() => queuedTitles.splice(queuedTitles.indexOf(mode.title), 1));
      queue = done;
    }
    return Promise.race([run, cancelledWhileWaiting]).finally(() => jobs.delete(jobId));
  }

  function requireReady(): BackendInfo {
    if (!backend) throw new Error('the model worker has not been started: call init() first');
    return backend;
  }

  /**
   * Counts backend switches. A build that started under an earlier backend may have put some of
   * its weights in that backend's memory, and the switch did not see it (it frees only stored
   * models): it is disposed and built again on the backend that now runs.
   */
  let generation = 0;
  /** The backend switch under way, which a build waits for so that it starts on the new backend. */
  let switching: Promise<unknown> = Promise.resolve();

  async function build(source: ModelSource, signal?: AbortSignal): Promise<tf.LayersModel> {
    requireReady();
    await switching;
    const startedUnder = generation;
    const model = await load(source, signal);
    if (startedUnder !== generation) {
      model.dispose();
      return build(source, signal);
    }
    try {
      checkDigitClassifier(model);
    } catch (e) {
      model.dispose();
      throw e;
    }
    return model;
  }

  /** Reads and checks every file first, then builds: a failure at any point leaves no tensors. */
  async function load(source: ModelSource, signal?: AbortSignal): Promise<tf.LayersModel> {
    if (source.kind === 'zoo') {
      const url = new URL(`models/${source.id}/model.json`, baseUrl).href;
      let artifacts: tf.io.ModelArtifacts;
      try {
        artifacts = await artifactsFromUrl(url, signal);
      } catch (e) {
        if (isAbortError(e)) throw e;
        throw new Error(`the model "${source.id}" could not be loaded from ${url}: ${(e as Error).message}`);
      }
      if (signal?.aborted) throw abortError();
      return modelFromArtifacts(artifacts, `the model "${source.id}"`);
    }
    if (source.kind === 'artifacts') return modelFromArtifacts(source.artifacts as tf.io.ModelArtifacts, `the model "${source.key}"`);
    const { artifacts, name } = await artifactsFromFiles(source.files);
    if (signal?.aborted) throw abortError();
    return modelFromArtifacts(artifacts, name);
  }

  /** Loads under way, by key, so two jobs asking for one model at once share one build. */
  const building = new Map<string, Promise<tf.LayersModel>>();

  /**
   * The model under `key`, loading a zoo model on first use. A cancel stops the wait, not the
   * load, which finishes in the background and is kept for the next ask.
   */
  function getModel(key: string, signal?: AbortSignal): Promise<tf.LayersModel> {
    const cached = models.get(key);
    if (cached) return Promise.resolve(cached);
    let pending = building.get(key);
    if (!pending) {
      // A zoo id needs no load call first; other keys must have been loaded.
      const source = sources.get(key) ?? ((ZOO_IDS as readonly string[]).includes(key) ? { kind: 'zoo', id: key } as const : undefined);
      if (!source) return Promise.reject(new Error(`no model is loaded under "${key}"`));
      sources.set(key, source);
      pending = build(source).then((model) => {
        models.set(key, model);
        return model;
      }).finally(() => building.delete(key));
      building.set(key, pending);
    }
    return untilAborted(pending, signal);
  }

  function disposeModel(key: string) {
    models.get(key)?.dispose();
    models.delete(key);
  }

  /** Builds a model from `source` and keeps it under its key, freeing any model there. */
  async function store(source: ModelSource, signal?: AbortSignal): Promise<tf.LayersModel> {
    const key = keyOf(source);
    const model = await build(source, signal);
    disposeModel(key);
    sources.set(key, source);
    models.set(key, model);
    return model;
  }

  const context: HostContext = {
    getModel,
    putArtifacts: (key, artifacts) => store({ kind: 'artifacts', key, artifacts }),
    saveArtifacts,
    loadData: (split, io = {}) => timed('data load', () => loadMnist(split, {
      baseUrl, signal: io.signal,
      onProgress: io.progress && ((p) => io.progress!({ phase: 'data', done: p.loaded, total: p.total })),
    })),
    baseUrl: () => baseUrl,
    started: () => started,
    backend: requireReady,
    store,
  };

  const areas = new Map<string, Record<string, AnyJob>>();
  for (const [path, module] of Object.entries(AREA_MODULES)) {
    const { area, make } = module.default;
    if (areas.has(area)) throw new Error(`two job modules declare the area "${area}" (${path})`);
    areas.set(area, make(context) as Record<string, AnyJob>);
  }

  return {
    /** Starts (or switches to) a backend; `base` is the site's base URL (the folder with data/ and models/). */
    init(preferred: BackendName, base: string): Promise<BackendInfo> {
      return schedule(`init-${preferred}`, { title: 'starting the backend' }, async () => {
        baseUrl = base;
        if (backend && tf.getBackend() !== preferred) {
          // Weights live in the old backend's memory: drop the models, rebuild them on demand.
          generation++;
          for (const key of [...models.keys()]) disposeModel(key);
        }
        const starting = initBackend(preferred);
        switching = starting.catch(() => undefined);
        backend = await starting;
        markStarted();
        return backend;
      }, () => undefined);
    },

    /** Runs job `name` of `area` under `jobId`; progress and partial results go to the callbacks. */
    run(area: string, name: string, request: unknown, jobId: string, onProgress?: (p: JobProgress) => void, onPartial?: (p: unknown) => void): Promise<unknown> {
      const job = areas.get(area)?.[name];
      if (!job) return Promise.reject(new Error(`the model worker has no job "${area}.${name}"`));
      const progress = (p: JobProgress) => onProgress?.(p);
      // Through comlink a partial travels on its own port and could overtake the result, which the
      // page would then drop as late: the result waits until the page has taken every partial.
      const delivered: unknown[] = [];
      return schedule(jobId, job.queue, async (signal) => {
        // Queued jobs run one at a time, so each gets the one open profile (see profile.ts).
        if (job.queue !== 'immediate') beginProfile(`${area}.${name}`);
        try {
          const result = await job.run(request, { signal, progress, partial: (p) => { delivered.push(onPartial?.(p)); } });
          await Promise.all(delivered);
          return result;
        } finally {
          if (job.queue !== 'immediate') endProfile();
        }
      }, progress);
    },

    /** Stops a running or queued job; it rejects with an AbortError. Unknown ids are ignored. */
    cancel(jobId: string): void {
      jobs.get(jobId)?.abort();
    },

    memory(): MemoryInfo {
      const m = tf.memory();
      return { numTensors: m.numTensors, numBytes: m.numBytes, numDataBuffers: m.numDataBuffers };
    },

    /** Frees one model, or all when no key is given. */
    dispose(key?: string): void {
      for (const k of key === undefined ? [...models.keys()] : [key]) {
        disposeModel(k);
        sources.delete(k);
      }
    },
  };
}

/** `promise`, or an AbortError as soon as `signal` fires. */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A model's topology and weights in memory, as tfjs would save them. */
async function saveArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (!saved) throw new Error('tfjs did not hand over the model’s weights');
  return saved;
}

/** Throws unless the model maps one 28×28 image (784 values in any shape) to 10 class scores. */
export function checkDigitClassifier(model: tf.LayersModel): void {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) throw new Error(`the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; this course needs one of each`);
  const input = model.inputs[0].shape.slice(1);
  const values = input.reduce<number>((a, b) => a * (b ?? NaN), 1);
  if (values !== 784) throw new Error(`the model's input has shape [${input.join(', ')}]; an MNIST image needs 784 values, e.g. [784] or [28, 28, 1]`);
  const output = model.outputs[0].shape.slice(1);
  if (output.length !== 1 || output[0] !== NUM_CLASSES) throw new Error(`the model's output has shape [${output.join(', ')}]; a digit classifier needs [10]`);
}

