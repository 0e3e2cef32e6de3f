// Models whose model.json names a layer class tfjs does not know: a custom layer, defined in the
// code that trained the model and not in the file. tfjs stops at the first one with a message cut
// off mid-sentence ("…one of the following reasons:"), so the topology is read here first: the
// cost summary counts what it can and lists the rest, and loading says in one sentence why not.
import * as tf from '@tensorflow/tfjs';
import type { UnknownLayer } from '../contract/models';
import { layersOf, type LayerJson } from '../contract/upload';

/** Whether tfjs can build layers of class `className` (its own classes and any registered one). */
function known(className: string | undefined): boolean {
  return className !== undefined && className in tf.serialization.SerializationMap.getMap().classNameMap;
}

/** The layers of a topology (nested models included) whose class tfjs does not know. */
export function customLayers(topology: unknown): UnknownLayer[] {
  return layersOf(topology as LayerJson)
    .filter((l) => !known(l.class_name))
    .map((l) => ({ name: String(l.config?.name ?? '?'), className: String(l.class_name ?? 'no class name') }));
}

/** One complete sentence: the model cannot be built for evaluation, and why. */
export function customLayersSentence(modelName: string, custom: readonly UnknownLayer[]): string {
  const list = custom.map((l) => `${l.className} ("${l.name}")`).join(', ');
  const one = custom.length === 1;
  return `${modelName} cannot be built for evaluation: its layer${one ? '' : 's'} ${list} ${one ? 'is a custom class' : 'are custom classes'} that tfjs does not know, whose code is not saved in model.json.`;
}

/**
 * The topology with each custom layer replaced by a pass-through layer of the same name (so the
 * rest can be built and counted), and the names of the layers whose input passes through one of
 * them: their sizes are unknown, since a custom layer may change the shape.
 */
export function withPassThroughs(topology: unknown, custom: readonly UnknownLayer[]): { topology: unknown; downstream: Set<string> } {
  const names = new Set(custom.map((l) => l.name));
  const copy = structuredClone(topology) as LayerJson;
  const layers = layersOf(copy);
  for (const layer of layers) {
    if (!names.has(String(layer.config?.name))) continue;
    const { name, batch_input_shape, batchInputShape, dtype } = layer.config ?? {};
    layer.class_name = 'Activation';
    layer.config = { name, activation: 'linear', ...(batch_input_shape ? { batch_input_shape } : {}), ...(batchInputShape ? { batchInputShape } : {}), ...(dtype ? { dtype } : {}) };
  }
  return { topology: copy, downstream: downstreamOf(layers, names) };
}

type Inbound = { inbound_nodes?: unknown };

/** Layers that take, directly or through others, the output of a layer in `from`. */
function downstreamOf(layers: readonly LayerJson[], from: ReadonlySet<string>): Set<string> {
  const inputs = new Map(layers.map((l) => [String(l.config?.name), inboundNames((l as Inbound).inbound_nodes)]));
  const graph = [...inputs.values()].some((i) => i.length > 0);
  const reached = new Set<string>();
  let seen = false;
  for (const [name, sources] of inputs) {
    // A Sequential model has no inbound nodes: every layer takes the one before it.
    const fed = graph ? sources.some((s) => from.has(s) || reached.has(s)) : seen;
    if (from.has(name)) seen = true;
    else if (fed) reached.add(name);
  }
  return reached;
}

/** The names of the layers in a functional layer's inbound_nodes ([[["dense1", 0, 0, {}], …]]). */
function inboundNames(nodes: unknown): string[] {
  if (!Array.isArray(nodes)) return [];
  return nodes.flat().flatMap((entry) => (Array.isArray(entry) && typeof entry[0] === 'string' ? [entry[0]] : []));
}
