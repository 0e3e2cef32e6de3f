// Checks on a reader's own tfjs layers model (model.json + .bin weight files) before tfjs sees it,
// so a wrong upload gets a message that says what to fix.
import { CHANNELS_LAST_INPUT, outputShape, type Shape } from './layerShapes';
import { checkLayerWeights } from './weightShapes';

/** The parts of a file the checks need (a browser File has both). */
export interface NamedSize {
  name: string;
  size: number;
}

/** One weight of a model.json's weightsManifest (tfjs's WeightsManifestEntry). */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
  /** "optimizer" for an optimizer's state saved with the model (not a model weight). */
  group?: string;
}

interface ManifestGroup {
  paths: string[];
  weights: WeightEntry[];
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, int8: 1 };

export function basename(path: string): string {
  return path.split('/').pop() ?? path;
}

/** The index of the one .json file among the chosen files; throws a message otherwise. */
export function findModelJson(files: readonly NamedSize[]): number {
  if (files.length === 0) throw new Error('No files were chosen. Choose the model.json file and its .bin weight files together.');
  const json = files.flatMap((f, i) => (f.name.toLowerCase().endsWith('.json') ? [i] : []));
  if (json.length === 0) {
    throw new Error(`There is no model.json among the chosen files (${files.map((f) => f.name).join(', ')}). Choose the model.json file and its .bin weight files together.`);
  }
  if (json.length > 1) throw new Error(`Choose one model at a time: ${json.length} .json files were chosen (${json.map((i) => files[i].name).join(', ')}).`);
  return json[0];
}

/** Parses model.json text, with a message naming the file when it is not JSON. */
export function parseModelJson(text: string, fileName: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${fileName} is not valid JSON (${(e as Error).message}). Is it the model.json that tfjs saved?`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${fileName} does not hold a JSON object, so it is not a tfjs model.json.`);
  return parsed as Record<string, unknown>;
}

/**
 * Checks that model.json describes a tfjs layers model and that every weight file it names was
 * chosen with the size its weights need. Returns the chosen weight files in the manifest's order.
 */
export function checkModelFiles<F extends NamedSize>(json: Record<string, unknown>, jsonName: string, files: readonly F[]): F[] {
  if (json.format === 'graph-model') {
    throw new Error(`${jsonName} is a tfjs graph model (converted from TensorFlow); this course loads layers models, saved with model.save() in tfjs or Keras.`);
  }
  const topology = json.modelTopology as Record<string, unknown> | undefined;
  if (!topology || typeof topology !== 'object') throw new Error(`${jsonName} has no "modelTopology", so it is not a tfjs layers model.`);
  if (!('class_name' in topology) && !('model_config' in topology)) {
    throw new Error(`${jsonName} has a "modelTopology" without "class_name": it does not look like a layers model.`);
  }
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest)) throw new Error(`${jsonName} has no "weightsManifest" list, so tfjs cannot know which weight files to read.`);
  // The budget first: a model too large to load is refused whatever its files hold.
  const weights = (manifest as ManifestGroup[]).flatMap((g) => (Array.isArray(g?.weights) ? g.weights : []));
  checkWeightBudget(weights, jsonName);
  const byName = new Map(files.map((f) => [basename(f.name), f]));
  const missing: string[] = [];
  const chosen: F[] = [];
  for (const [g, group] of (manifest as ManifestGroup[]).entries()) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group?.weights)) throw new Error(`${jsonName}: weightsManifest group ${g} needs "paths" and "weights" lists.`);
    const groupFiles = group.paths.map((p) => byName.get(basename(p)));
    group.paths.forEach((p, i) => { if (!groupFiles[i]) missing.push(basename(p)); });
    if (groupFiles.some((f) => !f)) continue;
    const expected = expectedBytes(group.weights, jsonName);
    const actual = groupFiles.reduce((s, f) => s + f!.size, 0);
    if (expected !== undefined && expected !== actual) {
      throw new Error(`The weight file${group.paths.length > 1 ? 's' : ''} ${group.paths.map(basename).join(', ')} hold${group.paths.length > 1 ? '' : 's'} ${actual} bytes, but ${jsonName} describes weights of ${expected} bytes. Were they saved together?`);
    }
    chosen.push(...(groupFiles as F[]));
  }
  if (missing.length) {
    throw new Error(`Missing weight file${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. Choose ${missing.length > 1 ? 'them' : 'it'} together with ${jsonName}.`);
  }
  const fileBytes = chosen.reduce((s, f) => s + f.size, 0);
  if (fileBytes > WEIGHT_BUDGET_BYTES) throw new Error(`The weight files hold ${megabytes(fileBytes)}; this course loads models of at most ${megabytes(WEIGHT_BUDGET_BYTES)}, so they were not read.`);
  checkTopologyAgainstWeights(topology, weights, jsonName);
  return chosen;
}

/** The number of values of a weight, after checking its shape is a list of whole sizes. */
function valuesOf(w: WeightEntry, jsonName: string): number {
  if (!Array.isArray(w?.shape) || w.shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`${jsonName}: weight "${w?.name ?? '?'}" has no valid shape.`);
  }
  return w.shape.reduce((a, b) => a * b, 1);
}

/** Bytes weights occupy in their files, or undefined when a dtype has no fixed size. */
export function expectedBytes(weights: readonly WeightEntry[], jsonName: string): number | undefined {
  let total = 0;
  for (const w of weights) {
    const values = valuesOf(w, jsonName);
    const bytes = BYTES[w.quantization?.dtype ?? w.dtype];
    if (bytes === undefined) return undefined;
    total += values * bytes;
  }
  return total;
}

/**
 * The most memory a model's weights may take once loaded: 256 MB, a hundred times the
 * distillation teacher (9.6 MB), and far below what a browser tab can hold twice over.
 */
export const WEIGHT_BUDGET_BYTES = 256 * 2 ** 20;

const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0)} MB`;

/**
 * Refuses, before anything is allocated, a model whose weights would take more than `budget`
 * bytes of memory once decoded (quantized weights are stored small but decoded to their dtype).
 */
export function checkWeightBudget(weights: readonly WeightEntry[], jsonName: string, budget = WEIGHT_BUDGET_BYTES): void {
  let bytes = 0;
  for (const w of weights) bytes += valuesOf(w, jsonName) * (BYTES[w.dtype] ?? 4);
  if (bytes > budget) {
    throw new Error(`${jsonName} declares ${megabytes(bytes)} of weights; this course loads models of at most ${megabytes(budget)}, so it was not loaded.`);
  }
}

export interface LayerJson {
  class_name?: string;
  config?: Record<string, unknown> & { layers?: LayerJson[] };
}

/** Every layer of a layers-model topology, nested models included; none for a missing topology. */
export function layersOf(topology: LayerJson | undefined): LayerJson[] {
  const { layers } = rootOf(topology);
  return (layers ?? []).flatMap((l) => (isModel(l) ? layersOf(l) : [l]));
}

/** A topology's root (under model_config when saved by Keras) and its own layers, if it lists them. */
function rootOf(topology: LayerJson | undefined): { root?: LayerJson; layers?: LayerJson[] } {
  if (!topology || typeof topology !== 'object') return {};
  const root = (topology as { model_config?: LayerJson }).model_config ?? topology;
  const layers = Array.isArray(root.config) ? root.config as LayerJson[] : root.config?.layers;
  return { root, layers: Array.isArray(layers) ? layers : undefined };
}

/** A layer entry that is itself a model (it lists layers of its own). */
const isModel = (l: LayerJson | undefined) => Array.isArray(l?.config) || Array.isArray(l?.config?.layers);

/** A Sequential model with no model nested in it: its layers form one chain in their listed order. */
function isPlainSequential(topology: LayerJson | undefined): boolean {
  const { root, layers } = rootOf(topology);
  return root?.class_name === 'Sequential' && layers !== undefined && !layers.some(isModel);
}

/** Whether a normalisation layer normalises the last axis (its default), as the chain check assumes. */
function onLastAxis(config: Record<string, unknown>, shape: Shape): boolean {
  const axis = Array.isArray(config.axis) && config.axis.length === 1 ? config.axis[0] : config.axis;
  return axis === undefined || axis === -1 || axis === shape.length;
}

/**
 * Checks a topology against the weights the manifest declares before tfjs builds it (building
 * allocates every weight the topology implies at once): an input of 784 values; every weight of
 * every weighted layer (Dense, convolutions of every kind, normalisation, embeddings, recurrent
 * layers: `WEIGHT_RULES`) present with the shape its config implies; in a Sequential model, the
 * input channels of each such layer equal what the layers before it give; and no manifest weight
 * that belongs to no layer. So a topology that declares a layer far larger than its weights is
 * refused without a byte being allocated.
 */
export function checkTopologyAgainstWeights(topology: unknown, weights: readonly WeightEntry[], jsonName: string): void {
  const layers = layersOf(topology as LayerJson);
  // The shape flowing between layers, followed while the model is one chain of known layers.
  let shape: Shape | undefined;
  const chain = isPlainSequential(topology as LayerJson);
  for (const layer of layers) {
    const config = layer.config ?? {};
    const name = String(config.name ?? '?');
    const className = layer.class_name ?? '';
    const input = config.batch_input_shape ?? config.batchInputShape;
    if (Array.isArray(input)) {
      const values = input.slice(1).reduce<number>((a, b) => a * (typeof b === 'number' ? b : NaN), 1);
      if (values !== 784) throw new Error(`${jsonName}: the input layer "${name}" takes [${input.slice(1).join(', ')}]; an MNIST image needs 784 values, e.g. [784] or [28, 28, 1].`);
      shape = input.slice(1) as number[];
    }
    const takes = checkLayerWeights(className, config, weights, jsonName);
    if (chain && shape && takes && CHANNELS_LAST_INPUT.has(className) && onLastAxis(config, shape) && takes.channels !== shape[shape.length - 1]) {
      throw new Error(`${jsonName}: layer "${name}" (${className}) takes ${takes.channels} input channels (its ${takes.from} in the weights manifest), but the layers before it give ${shape[shape.length - 1]} (shape [${shape.join(', ')}]). Were model.json and the weights saved together?`);
    }
    shape = chain && shape ? outputShape(className, config, shape) : undefined;
  }
  const names = new Set(layers.map((l) => String(l.config?.name)));
  const stray = weights.find((w) => w.group !== 'optimizer' && typeof w.name === 'string' && !w.name.split('/').slice(0, -1).some((part) => names.has(part)));
  if (stray) throw new Error(`${jsonName}: the weights manifest has a weight "${stray.name}" that belongs to no layer of its topology. Were model.json and the weights saved together?`);
}
