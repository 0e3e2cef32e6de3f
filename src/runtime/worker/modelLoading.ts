// Building a tfjs layers model from a zoo URL, a reader's files or artifacts in memory, so that a
// model that cannot load leaves nothing behind: every file is read and checked against its
// declared sizes (and the weight budget) before a tensor exists, and a build that still fails
// frees whatever it had allocated.
import * as tf from '@tensorflow/tfjs';
import { abortError } from '../contract/abort';
import { checkModelFiles, checkTopologyAgainstWeights, checkWeightBudget, expectedBytes, findModelJson, parseModelJson, type WeightEntry } from '../contract/upload';
import { concatBytes, weightBuffer } from './artifacts';
import { customLayers, customLayersSentence } from './customLayers';
import { tfjsMessage } from './tfjsMessage';

/** Artifacts from model.json and its weight files, joined in the manifest's order. */
function artifactsOf(json: Record<string, unknown>, weightData: Uint8Array): tf.io.ModelArtifacts {
  const manifest = json.weightsManifest as tf.io.WeightsManifestConfig;
  return {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: manifest.flatMap((group) => group.weights),
    weightData: weightData.buffer as ArrayBuffer,
  };
}

/** A reader's model.json and weight files, checked (names, sizes, budget) before any is read. */
export async function artifactsFromFiles(files: File[]): Promise<{ artifacts: tf.io.ModelArtifacts; name: string }> {
  const jsonFile = files[findModelJson(files)];
  const json = parseModelJson(await jsonFile.text(), jsonFile.name);
  const weightFiles = checkModelFiles(json, jsonFile.name, files.filter((f) => f !== jsonFile));
  const buffers = await Promise.all(weightFiles.map((f) => f.arrayBuffer()));
  return { artifacts: artifactsOf(json, concatBytes(buffers)), name: jsonFile.name };
}

async function download(url: string, signal?: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (e) {
    if (signal?.aborted) throw abortError();
    throw new Error(`the connection failed (${(e as Error).message})`);
  }
  if (!res.ok) throw new Error(`the server answered HTTP ${res.status}`);
  return res;
}

/**
 * A model.json at `url` and the weight files it names, downloaded and checked like a reader's
 * files (a truncated or HTML weight file is refused by its size) before any tensor is made.
 */
export async function artifactsFromUrl(url: string, signal?: AbortSignal): Promise<tf.io.ModelArtifacts> {
  const name = url.split('/').slice(-2).join('/');
  const json = parseModelJson(await (await download(url, signal)).text(), name);
  const paths = Array.isArray(json.weightsManifest) ? (json.weightsManifest as { paths?: unknown }[]).flatMap((g) => (Array.isArray(g?.paths) ? g.paths as string[] : [])) : [];
  const files = await Promise.all(paths.map(async (path) => {
    const bytes = await (await download(new URL(path, url).href, signal)).arrayBuffer();
    return { name: path, size: bytes.byteLength, bytes };
  }));
  const ordered = checkModelFiles(json, name, files);
  return artifactsOf(json, concatBytes(ordered.map((f) => f.bytes)));
}

/**
 * Builds a layers model from artifacts. The weight budget, the topology's layer sizes, the
 * length of the weight data and the layer classes are checked first; if tfjs then fails (a weight
 * whose name or shape does not match), every variable and tensor it made is freed.
 */
export async function modelFromArtifacts(artifacts: tf.io.ModelArtifacts, name: string): Promise<tf.LayersModel> {
  const specs = (artifacts.weightSpecs ?? []) as WeightEntry[];
  checkWeightBudget(specs, name);
  checkTopologyAgainstWeights(artifacts.modelTopology, specs, name);
  const data = artifacts.weightData === undefined ? undefined : weightBuffer(artifacts);
  const expected = expectedBytes(specs, name);
  if (data && expected !== undefined && data.byteLength !== expected) {
    throw new Error(`the weights of ${name} hold ${data.byteLength} bytes, but it describes ${expected}: the file is truncated or belongs to another model`);
  }
  const custom = customLayers(artifacts.modelTopology);
  if (custom.length > 0) throw new Error(customLayersSentence(name, custom));
  const variables = new Set(Object.keys(tf.engine().state.registeredVariables));
  let model: tf.LayersModel | undefined;
  try {
    model = await tf.models.modelFromJSON({ modelTopology: artifacts.modelTopology } as never);
    if (data) loadWeights(model, specs, data, name);
    return model;
  } catch (e) {
    model?.dispose();
    // Layers built before tfjs gave up are in no model: free their variables by name.
    for (const [key, v] of Object.entries(tf.engine().state.registeredVariables)) if (!variables.has(key) && !v.isDisposed) v.dispose();
    throw new Error(`tfjs could not build a model from ${name}: ${tfjsMessage(e)}`);
  }
}

/** Decodes the weight data and writes it into the model; the decoded copies are always freed. */
function loadWeights(model: tf.LayersModel, specs: WeightEntry[], data: ArrayBuffer, name: string): void {
  const wanted = new Map(model.weights.map((w) => [w.originalName, w.shape]));
  const own = specs.filter((s) => s.group !== 'optimizer');
  for (const s of own) {
    const shape = wanted.get(s.name);
    if (!shape) throw new Error(`${name} has a weight "${s.name}" that the model does not have`);
    if (shape.join(',') !== s.shape.join(',')) throw new Error(`weight "${s.name}" has shape [${s.shape.join(', ')}] in the manifest, the model needs [${shape.join(', ')}]`);
  }
  const decoded = tf.io.decodeWeights(data, specs as tf.io.WeightsManifestEntry[]);
  try {
    model.loadWeights(Object.fromEntries(own.map((s) => [s.name, decoded[s.name]])), true);
  } finally {
    tf.dispose(Object.values(decoded));
  }
}
