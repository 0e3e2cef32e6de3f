// The models area: load and describe a model, count its architecture, score it, time it.
import * as tf from '@tensorflow/tfjs';
import type { Architecture, ArchitectureSource, UnknownLayer } from '../../contract/models';
import { ZOO_IDS, type ZooId } from '../../contract/zoo';
import { defineJobs, immediate, queued } from '../defineJobs';
import { evaluateModel } from '../evaluate';
import { keyOf } from '../host';
import { measureLatency } from '../latency';
import { buildModel } from '../models';
import { customLayers, customLayersSentence, withPassThroughs } from '../customLayers';
import { architectureFromJson, specsFromModel } from '../specs';
import { summariseModel } from '../summary';

/** The specs of a model built only to be read; the model is disposed at once. */
function specsOfBuilt(model: tf.LayersModel) {
  try {
    return specsFromModel(model);
  } finally {
    model.dispose();
  }
}

/**
 * The specs of a model.json's architecture. Layers of a class tfjs does not know are listed as not
 * counted, with every layer fed through them (their input size is unknown); the rest is built
 * with pass-through layers in their place and counted, and a note says the model cannot be
 * evaluated.
 */
async function architectureOfJson(json: Record<string, unknown>): Promise<Architecture> {
  const custom = customLayers(json.modelTopology);
  if (custom.length === 0) return specsOfBuilt(await architectureFromJson(json));
  const note = customLayersSentence('This model', custom);
  const { topology, downstream } = withPassThroughs(json.modelTopology, custom);
  let model: tf.LayersModel;
  try {
    model = await architectureFromJson({ modelTopology: topology });
  } catch (e) {
    return { specs: [], unknown: custom, note: `${note} The other layers could not be counted either (${(e as Error).message}).` };
  }
  const classes = new Map(model.layers.map((l) => [l.name, l.getClassName()]));
  const { specs, unknown } = specsOfBuilt(model);
  // Rows are named after their layer ("dense2", "dense2/relu", "sep/depthwise").
  const layerOf = (row: string) => [...classes.keys()].find((n) => row === n || row.startsWith(`${n}/`)) ?? row;
  const passThrough = new Set(custom.map((l) => l.name));
  const after = new Map<string, UnknownLayer>();
  for (const row of [...specs.map((s) => s.name), ...unknown.map((u) => u.name)]) {
    const layer = layerOf(row);
    if (downstream.has(layer)) after.set(layer, { name: layer, className: `${classes.get(layer)}, after a custom layer: input size unknown` });
  }
  const counted = (row: string) => !passThrough.has(layerOf(row)) && !downstream.has(layerOf(row));
  return { specs: specs.filter((s) => counted(s.name)), unknown: [...custom, ...unknown.filter((u) => counted(u.name)), ...after.values()], note };
}

/**
 * The cost-model specs of an architecture. A zoo model's model.json comes from the site; if it
 * cannot be read (the zoo not trained yet), the same architecture is built from the course's code.
 */
async function architecture(source: ArchitectureSource, baseUrl: () => string): Promise<Architecture> {
  if (source.kind === 'json') return architectureOfJson(source.json);
  if (!(ZOO_IDS as readonly string[]).includes(source.id)) throw new Error(`there is no zoo model "${source.id}"`);
  try {
    const response = await fetch(new URL(`models/${source.id}/model.json`, baseUrl()).href);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return specsOfBuilt(await architectureFromJson(await response.json()));
  } catch (e) {
    return {
      ...specsOfBuilt(buildModel(source.id as ZooId, 1)),
      note: `The file models/${source.id}/model.json could not be read (${(e as Error).message}); the architecture comes from the course's code.`,
    };
  }
}

export default defineJobs('models', (ctx) => ({
  load: queued('loading a model', async (source, { signal }) => summariseModel(keyOf(source), await ctx.store(source, signal))),

  architecture: immediate(async (source) => {
    await ctx.started();
    return architecture(source, ctx.baseUrl);
  }),

  evaluate: queued('evaluating a model', async ({ key, split = 'test' }, { signal, progress }) => {
    const model = await ctx.getModel(key, signal);
    const data = await ctx.loadData(split, { signal, progress });
    const result = await evaluateModel(model, data, { signal, onProgress: (p) => progress({ phase: 'evaluate', ...p }) });
    return { ...result, key, backend: ctx.backend().name, split };
  }),

  weights: immediate(async ({ key }) => {
    const model = await ctx.getModel(key);
    return model.layers
      .filter((layer) => layer.weights.length > 0)
      .map((layer) => ({
        name: layer.name,
        className: layer.getClassName(),
        weights: layer.weights.map((w) => ({ name: w.originalName, shape: [...w.shape] as number[], values: new Float32Array(w.read().dataSync()) })),
      }));
  }),

  testImage: immediate(async ({ index }, { signal, progress }) => {
    const test = await ctx.loadData('test', { signal, progress });
    if (!Number.isInteger(index) || index < 0 || index >= test.count) throw new Error(`test images are numbered 0 to ${test.count - 1} (got ${index})`);
    return { pixels: test.images.slice(index * 784, (index + 1) * 784), label: test.labels[index], count: test.count };
  }),

  latency: queued('timing a model', async ({ key, batchSizes }, { signal, progress, partial }) => {
    const model = await ctx.getModel(key, signal);
    return measureLatency(model, batchSizes, {
      signal, onRow: partial,
      onProgress: (p) => progress({ phase: 'latency', done: p.done, total: p.total, label: `batch ${p.batchSize}` }),
    });
  }),
}));
