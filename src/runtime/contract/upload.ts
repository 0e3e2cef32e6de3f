// Checks on a reader's own tfjs layers model (model.json + .bin weight files) before tfjs sees it,
// so a wrong upload gets a message that says what to fix.

/** The parts of a file the checks need (a browser File has both). */
export interface NamedSize {
  name: string;
  size: number;
}

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
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
  return chosen;
}

/** Bytes a manifest group's weights occupy, or undefined when a dtype has no fixed size. */
function expectedBytes(weights: readonly WeightEntry[], jsonName: string): number | undefined {
  let total = 0;
  for (const w of weights) {
    if (!Array.isArray(w?.shape) || w.shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new Error(`${jsonName}: weight "${w?.name ?? '?'}" has no valid shape.`);
    }
    const bytes = BYTES[w.quantization?.dtype ?? w.dtype];
    if (bytes === undefined) return undefined;
    total += w.shape.reduce((a, b) => a * b, 1) * bytes;
  }
  return total;
}
