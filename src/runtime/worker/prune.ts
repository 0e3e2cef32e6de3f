// Pruning a live tfjs model: masks from the engine (magnitude per layer, one global threshold,
// random), masked retraining through `trainModel`, iterative pruning on a schedule, a per-layer
// sensitivity scan, structured pruning that rebuilds a genuinely smaller dense model, and the
// storage cost of the result in each sparse format. The maths is the engine's; this module only
// moves weights between tfjs and typed arrays.
import type * as tf from '@tensorflow/tfjs';
import {
  applyMask,
  globalMagnitudeMasks,
  magnitudeMask,
  pruneUnitsByNorm,
  randomMask,
  sparsityAt,
  STORAGE_FORMATS,
  storageBytes,
  type KernelLayer, 
  type StorageFormat,
  type UnitNorm,
} from '../../engine';
import { checkSparsity } from '../../engine';
import { evaluateModel, type LabelledImages } from './evaluate';
import { concatFloats, weightValues } from './artifacts';
import { trainModel,  type TrainOptions } from './train';
import { kernelsOf, maskHook, readWeight, writeWeight } from './weights';
import type {  MaskSpec, PruneReport, IterativeSpec, IterativePoint, SensitivityPoint, StructuredLayer } from '../contract/prune';
import type { KernelPruneStats } from '../contract/prune';
export type { KernelPruneStats } from '../contract/prune';
export type { MaskMethod, MaskSpec, PruneReport, IterativeSpec, IterativePoint, SensitivityPoint, StructuredLayer } from '../contract/prune';

/** Per-kernel masks, keyed by weight name ("dense1/kernel"); 1 keeps, 0 prunes. */
export type Masks = Record<string, Uint8Array>;

/** The sparsity asked for kernel `name`, checked to be in [0, 1]. */
function sparsityFor(sparsity: MaskSpec['sparsity'], name: string): number {
  const s = typeof sparsity === 'number' ? sparsity : sparsity[name];
  if (s === undefined) throw new Error(`no sparsity given for ${name}`);
  checkSparsity(s);
  return s;
}

/**
 * Pruning masks for every kernel of `model` (Dense and Conv kernels; biases are never pruned).
 * magnitude: each kernel loses its own fraction of smallest |w|; global: one |w| threshold over
 * all kernels prunes the overall fraction; random: the per-kernel fraction, chosen at random.
 */
export function pruningMasks(model: tf.LayersModel, spec: MaskSpec): Masks {
  const kernels = kernelsOf(model);
  if (spec.method === 'global') {
    if (typeof spec.sparsity !== 'number') throw new Error('global pruning uses one sparsity for the whole model, not one per layer');
    const masks = globalMagnitudeMasks(kernels.map((k) => readWeight(model, k.name)), spec.sparsity);
    return Object.fromEntries(kernels.map((k, i) => [k.name, masks[i]]));
  }
  if (spec.method !== 'magnitude' && spec.method !== 'random') throw new Error(`unknown pruning method: ${String(spec.method)}`);
  return Object.fromEntries(kernels.map((k, i) => {
    const s = sparsityFor(spec.sparsity, k.name);
    const count = k.shape.reduce((a, b) => a * b, 1);
    return [k.name, spec.method === 'magnitude' ? magnitudeMask(readWeight(model, k.name), s) : randomMask(count, s, (spec.seed ?? 1) * 1000 + i)];
  }));
}

/** Sets every pruned weight of `model` to zero. */
export function applyMasks(model: tf.LayersModel, masks: Masks): void {
  for (const [name, mask] of Object.entries(masks)) writeWeight(model, name, applyMask(readWeight(model, name), mask));
}

/** Masks that keep exactly the non-zero weights of each kernel (the pruning already in a model). */
export function masksFromZeros(model: tf.LayersModel): Masks {
  return Object.fromEntries(kernelsOf(model).map((k) => [k.name, Uint8Array.from(readWeight(model, k.name), (w) => (w === 0 ? 0 : 1))]));
}

/** Counts, sparsity and storage cost of a model's weights as they are now (zeros = pruned). */
export function pruneReport(model: tf.LayersModel): PruneReport {
  const kernelNames = new Set(kernelsOf(model).map((k) => k.name));
  const kernels: KernelPruneStats[] = [];
  let params = 0;
  let other = 0;
  for (const w of model.weights) {
    const shape = w.shape.map((d) => d ?? 0);
    const count = shape.reduce((a, b) => a * b, 1);
    params += count;
    if (!kernelNames.has(w.originalName)) { other += count; continue; }
    const values = readWeight(model, w.originalName);
    let kept = 0;
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) kept++;
    const bytes = Object.fromEntries(STORAGE_FORMATS.map((f) => [f, storageBytes(values, shape, f)])) as Record<StorageFormat, number>;
    kernels.push({ weight: w.originalName, shape, count, kept, keptFraction: kept / count, bytes });
  }
  const kernelCount = kernels.reduce((s, k) => s + k.count, 0);
  const kept = kernels.reduce((s, k) => s + k.kept, 0);
  const nonzeroParams = kept + other;
  const bytes = Object.fromEntries(STORAGE_FORMATS.map((f) => [f, kernels.reduce((s, k) => s + k.bytes[f], 0) + other * 4])) as Record<StorageFormat, number>;
  return { kernels, params, nonzeroParams, compression: params / nonzeroParams, kernelSparsity: 1 - kept / kernelCount, bytes };
}

/**
 * Trains `model` with `masks` held: the pruned weights are zeroed before the first step and again
 * after every optimizer update, so they are exactly zero whenever a step has finished (also when
 * the run is cancelled).
 */
export async function retrainMasked(model: tf.LayersModel, masks: Masks, data: LabelledImages, options: TrainOptions) {
  const hook = maskHook(model, masks);
  try {
    hook.apply();
    return await trainModel(model, data, {
      ...options,
      afterStep: (step) => {
        hook.apply();
        options.afterStep?.(step);
      },
    });
  } finally {
    hook.dispose();
  }
}

/** The step of the last pruning event of a schedule with n events Δt apart starting at step 0. */
function lastEventStep(spec: IterativeSpec): number {
  const n = spec.events;
  if (spec.schedule === 'oneShot') return 0;
  return (spec.schedule === 'iterative' ? n - 1 : n) * spec.stepsPerEvent;
}

/** How many periods (prune, then Δt retraining steps) a schedule takes; oneShot retrains n periods. */
export function periodsOf(spec: Pick<IterativeSpec, 'schedule' | 'events' | 'stepsPerEvent'>): number {
  if (spec.schedule === 'oneShot') return spec.events;
  return lastEventStep(spec as IterativeSpec) / spec.stepsPerEvent + 1;
}

export function checkIterativeSpec(spec: IterativeSpec): void {
  if (!Number.isInteger(spec.events) || spec.events < 1 || spec.events > 100) throw new Error(`the number of pruning events must be a whole number from 1 to 100 (got ${spec.events})`);
  const decay = spec.learningRateDecay ?? 1;
  if (!(decay > 0 && decay <= 1)) throw new Error(`the learning-rate decay must be in (0, 1] (got ${decay})`);
  if (!Number.isInteger(spec.stepsPerEvent) || spec.stepsPerEvent < 1) throw new Error(`the retraining steps per event must be a whole number of at least 1 (got ${spec.stepsPerEvent})`);
  if (spec.method === 'global' && typeof spec.finalSparsity !== 'number') throw new Error('global pruning uses one sparsity for the whole model, not one per layer');
  if (typeof spec.finalSparsity === 'number') checkSparsity(spec.finalSparsity);
  else Object.values(spec.finalSparsity).forEach(checkSparsity);
}

/** Fraction of zeros over all of a model's kernels. */
function kernelSparsity(model: tf.LayersModel): number {
  let zeros = 0;
  let total = 0;
  for (const k of kernelsOf(model)) {
    const v = readWeight(model, k.name);
    total += v.length;
    for (let i = 0; i < v.length; i++) if (v[i] === 0) zeros++;
  }
  return zeros / total;
}

/**
 * Prunes and retrains `model` in place following a schedule (Han et al. 2015 iterative steps,
 * Zhu & Gupta 2017 polynomial, or one shot): each period starts at step t = p·Δt, prunes to the
 * schedule's sparsity at t by magnitude (pruned weights are already zero, so masks only grow),
 * then retrains Δt steps with the masks held. Test accuracy is measured after each prune and
 * each retraining (`onPoint`). On cancel the model keeps the last finished step, masks applied.
 */
export async function pruneIteratively(
  model: tf.LayersModel,
  train: LabelledImages,
  test: LabelledImages,
  spec: IterativeSpec,
  hooks: { signal?: AbortSignal; onPoint?(p: IterativePoint): void; onStep?(done: number, total: number): void } = {},
): Promise<{ points: IterativePoint[]; masks: Masks }> {
  checkIterativeSpec(spec);
  const periods = periodsOf(spec);
  const schedule = (final: number) => ({ kind: spec.schedule, initialSparsity: 0, finalSparsity: final, startStep: 0, pruningSteps: spec.events, frequency: spec.stepsPerEvent });
  const names = kernelsOf(model).map((k) => k.name);
  const finalOf = (name: string) => sparsityFor(spec.finalSparsity, name);
  const points: IterativePoint[] = [];
  const totalSteps = periods * spec.stepsPerEvent;
  let masks: Masks = masksFromZeros(model);
  const measure = async (period: number, phase: IterativePoint['phase']) => {
    const { accuracy } = await evaluateModel(model, test, { signal: hooks.signal });
    const point = { period, periods, step: (period + (phase === 'retrained' ? 1 : 0)) * spec.stepsPerEvent, phase, sparsity: kernelSparsity(model), accuracy };
    points.push(point);
    hooks.onPoint?.(point);
  };
  for (let p = 0; p < periods; p++) {
    const t = p * spec.stepsPerEvent;
    const target = spec.method === 'global'
      ? { method: 'global' as const, sparsity: sparsityAt(schedule(spec.finalSparsity as number), t) }
      : { method: 'magnitude' as const, sparsity: Object.fromEntries(names.map((n) => [n, sparsityAt(schedule(finalOf(n)), t)])) };
    const next = pruningMasks(model, target);
    // Keep every weight pruned earlier pruned (ties at zero could otherwise swap places).
    for (const n of names) for (let i = 0; i < next[n].length; i++) next[n][i] &= masks[n][i];
    masks = next;
    applyMasks(model, masks);
    await measure(p, 'pruned');
    await retrainMasked(model, masks, train, {
      steps: spec.stepsPerEvent, batchSize: spec.batchSize, learningRate: spec.learningRate * (spec.learningRateDecay ?? 1) ** p, optimizer: spec.optimizer, seed: spec.seed + p, signal: hooks.signal,
      onStep: (s) => hooks.onStep?.(t + s.step, totalSteps),
    });
    await measure(p, 'retrained');
  }
  return { points, masks };
}

/**
 * Prunes each kernel alone by magnitude at each sparsity (the others untouched), measures the
 * accuracy on `data`, and restores the kernel; the model is unchanged afterwards, also on cancel.
 */
export async function sensitivityScan(
  model: tf.LayersModel,
  data: LabelledImages,
  sparsities: readonly number[],
  hooks: { signal?: AbortSignal; onPoint?(p: SensitivityPoint, done: number, total: number): void } = {},
): Promise<SensitivityPoint[]> {
  sparsities.forEach(checkSparsity);
  const kernels = kernelsOf(model);
  const points: SensitivityPoint[] = [];
  const total = kernels.length * sparsities.length;
  for (const k of kernels) {
    const original = readWeight(model, k.name);
    try {
      for (const s of sparsities) {
        writeWeight(model, k.name, applyMask(original, magnitudeMask(original, s)));
        const { accuracy } = await evaluateModel(model, data, { signal: hooks.signal });
        const point = { weight: k.name, sparsity: s, accuracy, weights: original.length, modelParams: model.countParams() };
        points.push(point);
        hooks.onPoint?.(point, points.length, total);
      }
    } finally {
      writeWeight(model, k.name, original);
    }
  }
  return points;
}

// ---------------------------------------------------------------- structured pruning

interface TopologyLayer {
  class_name: string;
  config: Record<string, unknown> & { name: string };
}

export interface StructuredResult {
  artifacts: tf.io.ModelArtifacts;
  layers: StructuredLayer[];
  paramsBefore: number;
  paramsAfter: number;
}

/** Layers that pass channels through unchanged between two prunable layers. */
const PASS_THROUGH = new Set(['MaxPooling2D', 'AveragePooling2D', 'Activation', 'ReLU', 'Dropout', 'InputLayer']);
const UNIT_KEY: Record<string, string> = { Dense: 'units', Conv2D: 'filters' };

function topologyLayers(artifacts: tf.io.ModelArtifacts): TopologyLayer[] {
  const topology = artifacts.modelTopology as { class_name?: string; config?: { layers?: TopologyLayer[] } } | undefined;
  if (!topology || topology.class_name !== 'Sequential' || !Array.isArray(topology.config?.layers)) {
    throw new Error('structured pruning here needs a sequential model (a plain stack of layers)');
  }
  return topology.config.layers;
}

/**
 * Removes whole units (Dense neurons, Conv2D filters) of smallest L1 or L2 norm from every
 * prunable layer but the classifier, and the matching inputs of the layer after, giving the
 * artifacts of a smaller dense model with the parent's topology and the new unit counts.
 * `fraction`: one fraction of units for every layer, or one per layer name. A layer asked to lose
 * all its units keeps its strongest one (reported as keptOne). Handles stacks of Dense and Conv2D
 * layers with pooling and one Flatten between; anything else (depthwise convolutions, batch
 * norm) is refused with its name.
 */
export function structuredArtifacts(artifacts: tf.io.ModelArtifacts, fraction: number | Record<string, number>, norm: UnitNorm): StructuredResult {
  const layers = topologyLayers(artifacts);
  const chain: { name: string; index: number; kernel: KernelLayer; flattenedFrom?: number }[] = [];
  for (const l of layers) {
    if (!(l.class_name in UNIT_KEY) && l.class_name !== 'Flatten' && !PASS_THROUGH.has(l.class_name)) {
      throw new Error(`structured pruning here handles Dense and Conv2D layers with pooling between; layer ${l.config.name} is a ${l.class_name}`);
    }
  }
  let flattenPending = false;
  for (const [index, l] of layers.entries()) {
    const cls = l.class_name;
    if (cls === 'Flatten') { flattenPending = true; continue; }
    if (cls in UNIT_KEY) {
      const name = l.config.name;
      const spec = artifacts.weightSpecs?.find((w) => w.name === `${name}/kernel`);
      if (!spec) throw new Error(`the model has no kernel for layer ${name}`);
      const kernel = weightValues(artifacts, `${name}/kernel`);
      const bias = l.config.use_bias === false ? undefined : weightValues(artifacts, `${name}/bias`);
      const previous = chain[chain.length - 1];
      let shape = spec.shape.slice();
      let flattenedFrom: number | undefined;
      if (flattenPending && previous) {
        // Flatten of [h, w, c] (channels last) feeds row (y·w + x)·c + ch: view the kernel as
        // [h·w, c, out] so the previous layer's channels are its input axis.
        const channels = previous.kernel.shape[previous.kernel.shape.length - 1];
        flattenedFrom = shape[0];
        shape = [shape[0] / channels, channels, shape[1]];
      }
      flattenPending = false;
      chain.push({ name, index, kernel: { kernel, shape, bias }, flattenedFrom });
    }
  }
  if (chain.length < 2) throw new Error('structured pruning needs at least one layer before the classifier');
  const fractions = chain.map((c) => {
    if (c === chain[chain.length - 1]) return 0;
    const f = typeof fraction === 'number' ? fraction : fraction[c.name];
    if (f === undefined) throw new Error(`no fraction of units given for layer ${c.name}`);
    checkSparsity(f);
    return f;
  });
  const { layers: pruned } = pruneUnitsByNorm(chain.map((c) => c.kernel), fractions, norm);

  const newLayers = layers.map((l) => ({ ...l, config: { ...l.config } }));
  const tensors = new Map<string, { values: Float32Array; shape: number[] }>();
  const report: StructuredLayer[] = [];
  chain.forEach((c, i) => {
    const p = pruned[i];
    const units = p.shape[p.shape.length - 1];
    const shape = c.flattenedFrom === undefined ? p.shape : [p.shape[0] * p.shape[1], p.shape[2]];
    tensors.set(`${c.name}/kernel`, { values: p.kernel, shape });
    if (p.bias) tensors.set(`${c.name}/bias`, { values: p.bias, shape: [units] });
    newLayers[c.index].config[UNIT_KEY[layers[c.index].class_name]] = units;
    const before = c.kernel.shape[c.kernel.shape.length - 1];
    if (i < chain.length - 1) report.push({ layer: c.name, before, after: units, keptOne: units === 1 && Math.round(fractions[i] * before) >= before });
  });

  const specs = artifacts.weightSpecs ?? [];
  const parts = specs.map((w) => tensors.get(w.name) ?? { values: weightValues(artifacts, w.name), shape: w.shape });
  const data = concatFloats(parts.map((p) => p.values));
  const count = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  const topology = artifacts.modelTopology as { config: Record<string, unknown> };
  return {
    artifacts: {
      ...artifacts,
      modelTopology: { ...topology, config: { ...topology.config, layers: newLayers } } as unknown as tf.io.ModelArtifacts['modelTopology'],
      weightSpecs: specs.map((w, i) => ({ ...w, shape: parts[i].shape })),
      weightData: data.buffer,
    },
    layers: report,
    paramsBefore: specs.reduce((s, w) => s + count(w.shape), 0),
    paramsAfter: parts.reduce((s, p) => s + p.values.length, 0),
  };
}
