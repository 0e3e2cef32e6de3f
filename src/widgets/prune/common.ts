// Shared by the pruning widgets: model names, the paper's table, checking a sparsity.
import { parseField } from '../input';

export const PRUNE_MODELS = ['lenet-300-100', 'lenet-5'] as const;
export type PruneModelId = (typeof PRUNE_MODELS)[number];

/** "dense1/kernel" → "dense1". */
export const layerOf = (weight: string) => weight.replace(/\/(depthwise_)?kernel$/, '');

/**
 * Han et al. 2015 (NIPS), Table 2: fraction of LeNet-300-100's weights kept per layer after
 * iterative pruning (their ip1, ip2, ip3 are our dense1, dense2, logits).
 */
export const HAN_LENET_300_100_KEPT: Record<string, number> = { 'dense1/kernel': 0.08, 'dense2/kernel': 0.09, 'logits/kernel': 0.26 };

/**
 * A sparsity given as a fraction (from the URL or a percent field / 100): the value when it lies
 * in [0, 1], else a message saying what is wrong.
 */
export function checkFraction(value: number, what = 'Sparsity'): { ok: true; value: number } | { ok: false; message: string } {
  if (!Number.isFinite(value)) return { ok: false, message: `${what} must be a number between 0 % and 100 %.` };
  if (value < 0 || value > 1) return { ok: false, message: `${what} must be between 0 % and 100 %; ${+(value * 100).toFixed(4)} % is outside.` };
  return { ok: true, value };
}

/**
 * A sparsity the reader typed in percent, read through the shared parser: the fraction, or a
 * message naming the field and its range (blank, words, NaN and 150 are refused, never replaced).
 */
export function readSparsity(text: string, label = 'Sparsity'): { ok: true; value: number } | { ok: false; message: string } {
  const parsed = parseField(text, { label, min: 0, max: 100, unit: ' %' });
  return parsed.ok ? { ok: true, value: parsed.value / 100 } : parsed;
}

/** A fraction as the percent text of a sparsity box: 0.9 → "90". */
export const percentText = (fraction: number) => String(+(fraction * 100).toFixed(4));

/** The box's text after the URL's sparsity changed (a link, a reset): kept when it already says that value. */
export const followUrl = (fraction: number) => (text: string) => {
  const typed = readSparsity(text);
  return typed.ok && typed.value === fraction ? text : percentText(fraction);
};

/** Parses a per-layer list "92,91,74" (percent) into fractions, one per layer. */
export function parsePercentList(text: string, count: number): { ok: true; value: number[] } | { ok: false; message: string } {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length !== count || parts.some((p) => p === '')) return { ok: false, message: `Give one sparsity per layer, ${count} numbers separated by commas (got “${text}”).` };
  const values: number[] = [];
  for (const p of parts) {
    const checked = readSparsity(p, `Each layer's sparsity`);
    if (!checked.ok) return checked;
    values.push(checked.value);
  }
  return { ok: true, value: values };
}

/**
 * The accuracy axis of a chart: the full [0, 1] when asked, else zoomed to the measured values
 * with a margin of a tenth of their spread (at least half a point), so a gap of a fraction of a
 * point between two curves can be seen. No values: the full scale.
 */
export function accuracyDomain(values: readonly number[], full: boolean): [number, number] {
  if (full || values.length === 0) return [0, 1];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const margin = Math.max(0.005, (hi - lo) / 10);
  return [Math.max(0, lo - margin), Math.min(1, hi + margin)];
}

/** The kernels of each model, in layer order (their names in the worker). */
export const MODEL_KERNELS: Record<PruneModelId, string[]> = {
  'lenet-300-100': ['dense1/kernel', 'dense2/kernel', 'logits/kernel'],
  'lenet-5': ['conv1/kernel', 'conv2/kernel', 'fc1/kernel', 'fc2/kernel', 'logits/kernel'],
};


/** What "Prune the live model" removes: single weights (masks) or whole units (a smaller model). */
export const GRANULARITIES = ['weights', 'neurons', 'filters'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export type UnitGranularity = Exclude<Granularity, 'weights'>;

/**
 * The layers of each model that structured pruning walks (every layer with units but the
 * classifier), by what their units are: Dense neurons or Conv2D filters.
 */
const UNIT_LAYERS: Record<PruneModelId, Record<UnitGranularity, string[]>> = {
  'lenet-300-100': { neurons: ['dense1', 'dense2'], filters: [] },
  'lenet-5': { neurons: ['fc1', 'fc2'], filters: ['conv1', 'conv2'] },
};

/** The layers whose units `granularity` removes in `model` (empty: the model has no such layers). */
export const unitLayers = (model: PruneModelId, granularity: UnitGranularity) => UNIT_LAYERS[model][granularity];

/**
 * The fraction of units to remove per layer for the `structured` job: `fraction` in each layer of
 * the chosen kind, 0 in the others (which keep every unit).
 */
export function unitFractions(model: PruneModelId, granularity: UnitGranularity, fraction: number): Record<string, number> {
  const all = Object.values(UNIT_LAYERS[model]).flat();
  const chosen = new Set(UNIT_LAYERS[model][granularity]);
  return Object.fromEntries(all.map((l) => [l, chosen.has(l) ? fraction : 0]));
}
