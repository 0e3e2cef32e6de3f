// What the model worker does, as plain async methods (exposed with comlink in evaluate.worker.ts).
// It owns tfjs, the backend and the loaded models; jobs run one at a time so timings do not
// overlap, and each job can be cancelled by its id between batches.
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendInfo } from './backend';
import { UPLOAD_KEY, type BackendName } from '../contract/names';
import { abortError } from '../contract/abort';
import { evaluateModel, NUM_CLASSES, type Evaluation } from './evaluate';
import { measureLatency, type LatencyRow, type LatencyProgress } from './latency';
import { ZOO_IDS } from '../contract/zoo';
import { summariseModel, type ModelSummary } from './summary';
import { checkModelFiles, findModelJson, parseModelJson } from '../contract/upload';
import { loadMnist, type MnistSet, type MnistSplit } from './mnist';
import { quantJobs } from './jobs/quantJobs';
import { integerJobs } from './jobs/integerJobs';
import { weightEditJobs } from './jobs/weightEditJobs';
import { deepCompressionJobs } from './jobs/deepCompressionJobs';
import { pruneJobs } from './jobs/pruneJobs';
import { distillJobs } from './jobs/distillJobs';

/** Where a model comes from: a zoo id, in-memory artifacts (e.g. a compressed copy), or files. */
export type ModelSource =
  | { kind: 'zoo'; id: string }
  | { kind: 'artifacts'; key: string; artifacts: tf.io.ModelArtifacts }
  | { kind: 'files'; files: File[] };

export type EvaluateProgressEvent =
  | { phase: 'data'; loaded: number; total: number }
  | { phase: 'evaluate'; done: number; total: number };

export interface EvaluationResult extends Evaluation {
  key: string;
  backend: BackendName;
  split: MnistSplit;
}

export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
  numDataBuffers: number;
}


function keyOf(source: ModelSource): string {
  return source.kind === 'zoo' ? source.id : source.kind === 'artifacts' ? source.key : UPLOAD_KEY;
}

/**
 * What a job module (quantJobs, pruneJobs, …) gets from the host: the job queue, the loaded
 * models, and the data. Job modules add their methods to the host in `createModelHost`.
 */
export interface HostContext {
  /** Runs `work` after every earlier job; `cancel(jobId)` aborts its signal. */
  enqueue<T>(jobId: string | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** A loaded model (zoo ids load on first use). */
  getModel(key: string): Promise<tf.LayersModel>;
  /** Builds a model from artifacts and keeps it under `key`, replacing (and freeing) any model there. */
  putArtifacts(key: string, artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel>;
  /** A model's topology and weights in memory. */
  saveArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts>;
  /** An MNIST split (cached after the first load). */
  loadData(split: MnistSplit, signal?: AbortSignal, onProgress?: (p: { loaded: number; total: number }) => void): Promise<MnistSet>;
}

export function createModelHost() {
  let baseUrl = '';
  let backend: BackendInfo | undefined;
  const sources = new Map<string, ModelSource>();
  const models = new Map<string, tf.LayersModel>();
  const jobs = new Map<string, AbortController>();
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs `work` after every earlier job, with an abort signal that `cancel(jobId)` fires. */
  function enqueue<T>(jobId: string | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    if (jobId) jobs.set(jobId, controller);
    const run = queue.then(() => {
      if (controller.signal.aborted) throw abortError();
      return work(controller.signal);
    });
    queue = run.catch(() => undefined);
    return run.finally(() => { if (jobId) jobs.delete(jobId); });
  }

  function requireReady(): BackendInfo {
    if (!backend) throw new Error('the model worker has not been started: call init() first');
    return backend;
  }

  async function build(source: ModelSource): Promise<tf.LayersModel> {
    requireReady();
    const model = await load(source);
    try {
      checkDigitClassifier(model);
    } catch (e) {
      model.dispose();
      throw e;
    }
    return model;
  }

  async function load(source: ModelSource): Promise<tf.LayersModel> {
    if (source.kind === 'zoo') {
      const url = new URL(`models/${source.id}/model.json`, baseUrl).href;
      try {
        return await tf.loadLayersModel(url);
      } catch (e) {
        throw new Error(`the model "${source.id}" could not be loaded from ${url}: ${(e as Error).message}`);
      }
    }
    if (source.kind === 'artifacts') return tf.loadLayersModel(tf.io.fromMemory(source.artifacts));
    return loadFiles(source.files);
  }

  async function getModel(key: string): Promise<tf.LayersModel> {
    const cached = models.get(key);
    if (cached) return cached;
    // A zoo id needs no loadModel call first; other keys must have been loaded.
    const source = sources.get(key) ?? ((ZOO_IDS as readonly string[]).includes(key) ? { kind: 'zoo', id: key } as const : undefined);
    if (!source) throw new Error(`no model is loaded under "${key}"`);
    sources.set(key, source);
    const model = await build(source);
    models.set(key, model);
    return model;
  }

  function disposeModel(key: string) {
    models.get(key)?.dispose();
    models.delete(key);
  }

  /** Builds a model from `source` and keeps it under its key, freeing any model there. */
  async function store(source: ModelSource): Promise<tf.LayersModel> {
    const key = keyOf(source);
    const model = await build(source);
    disposeModel(key);
    sources.set(key, source);
    models.set(key, model);
    return model;
  }

  const context: HostContext = {
    enqueue,
    getModel,
    putArtifacts: (key, artifacts) => store({ kind: 'artifacts', key, artifacts }),
    saveArtifacts,
    loadData: (split, signal, onProgress) => loadMnist(split, { baseUrl, signal, onProgress }),
  };

  return {
    ...quantJobs(context),
    ...integerJobs(context),
    ...weightEditJobs(context),
    ...deepCompressionJobs(context),
    ...pruneJobs(context),
    ...distillJobs(context),
    /** Starts (or switches to) a backend; `base` is the site's base URL (the folder with data/ and models/). */
    init(preferred: BackendName, base: string): Promise<BackendInfo> {
      return enqueue(undefined, async () => {
        baseUrl = base;
        if (backend && tf.getBackend() !== preferred) {
          // Weights live in the old backend's memory: drop the models, rebuild them on demand.
          for (const key of [...models.keys()]) disposeModel(key);
        }
        backend = await initBackend(preferred);
        return backend;
      });
    },

    /** Loads (or reloads) a model and describes it. The key is the zoo id, the artifacts' key or "upload". */
    loadModel(source: ModelSource): Promise<ModelSummary> {
      return enqueue(undefined, async () => {
        const model = await store(source);
        return summariseModel(keyOf(source), model);
      });
    },

    /** Test-set (or training-set) accuracy of a loaded model. */
    evaluate(key: string, jobId: string, onProgress?: (p: EvaluateProgressEvent) => void, split: MnistSplit = 'test'): Promise<EvaluationResult> {
      return enqueue(jobId, async (signal) => {
        const model = await getModel(key);
        const data = await loadMnist(split, { baseUrl, signal, onProgress: (p) => onProgress?.({ phase: 'data', ...p }) });
        const result = await evaluateModel(model, data, { signal, onProgress: (p) => onProgress?.({ phase: 'evaluate', ...p }) });
        return { ...result, key, backend: requireReady().name, split };
      });
    },

    /** Forward-pass latency of a loaded model at each batch size. */
    measureLatency(key: string, jobId: string, batchSizes: number[], onProgress?: (p: LatencyProgress) => void, onRow?: (row: LatencyRow) => void): Promise<LatencyRow[]> {
      return enqueue(jobId, async (signal) => {
        const model = await getModel(key);
        return measureLatency(model, batchSizes, { signal, onProgress, onRow });
      });
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

/**
 * Loads a reader's model from chosen files (model.json + weight files), checking the files first
 * and the result after, so each kind of mistake gets its own message.
 */
async function loadFiles(files: File[]): Promise<tf.LayersModel> {
  const jsonFile = files[findModelJson(files)];
  const json = parseModelJson(await jsonFile.text(), jsonFile.name);
  const weightFiles = checkModelFiles(json, jsonFile.name, files.filter((f) => f !== jsonFile));
  // The checks above matched files to the manifest's paths; join them in the manifest's order,
  // as tf.io.browserFiles would, and build the model from memory.
  const buffers = await Promise.all(weightFiles.map((f) => f.arrayBuffer()));
  const weightData = new Uint8Array(buffers.reduce((s, b) => s + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) { weightData.set(new Uint8Array(b), offset); offset += b.byteLength; }
  const manifest = json.weightsManifest as tf.io.WeightsManifestConfig;
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: manifest.flatMap((group) => group.weights),
    weightData: weightData.buffer,
  };
  try {
    return await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (e) {
    throw new Error(`tfjs could not build a model from ${jsonFile.name}: ${(e as Error).message}`);
  }
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

export type ModelHost = ReturnType<typeof createModelHost>;
