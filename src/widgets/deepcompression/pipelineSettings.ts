// The pipeline widget's settings as URL text, turned into a plan with a message for each problem.
import type { IndexCoding, KMeansInit } from '../../engine';
import { parseField, type FieldRule } from '../input';
import {
  checkPlan, DEEP_COMPRESSION_MODEL_IDS, DEEP_COMPRESSION_MODELS, type DeepCompressionModelId, type DeepCompressionPlan, type RecipeName,
} from '../../runtime/contract/deepCompression';
import { param, useUrlState } from '../urlState';
import { layerName } from './format';

export const INITS: readonly KMeansInit[] = ['linear', 'density', 'random'];

/** Enough per-layer fields for the model with the most kernels (LeNet-5: 5). */
export const SPARSITY_KEYS = ['s1', 's2', 's3', 's4', 's5'] as const;
export const BITS_KEYS = ['b1', 'b2', 'b3', 'b4', 'b5'] as const;

const text = (fallback: string) => param.string(fallback);

/**
 * URL state `dc.*`: the model; per-layer sparsity (%) and bits, empty meaning the model's full
 * recipe; stage settings. Text, so that a bad link is named instead of silently replaced.
 */
export const pipelineSchema = {
  model: param.oneOf(DEEP_COMPRESSION_MODEL_IDS, 'lenet-300-100'),
  s1: text(''), s2: text(''), s3: text(''), s4: text(''), s5: text(''),
  b1: text(''), b2: text(''), b3: text(''), b4: text(''), b5: text(''),
  rounds: text(''),
  steps: text(''),
  ft: text(''),
  ftlr: text(''),
  init: param.oneOf(INITS, 'linear'),
  huffman: param.boolean(true),
};

/** The coding the pipeline's Huffman checkbox chooses: what the download holds and the accounting counts. */
export function useChosenCoding(): IndexCoding {
  const [settings] = useUrlState('dc', pipelineSchema);
  return settings.huffman ? 'huffman' : 'fixed';
}

export type PipelineSettings = { [K in keyof typeof pipelineSchema]: (typeof pipelineSchema)[K]['default'] };

/** The text each field shows: the URL's, or the model's full recipe where the URL has none. */
export function shownSettings(s: PipelineSettings): PipelineSettings {
  const full = DEEP_COMPRESSION_MODELS[s.model].recipes.full;
  const out = { ...s };
  DEEP_COMPRESSION_MODELS[s.model].layers.forEach((name, i) => {
    if (out[SPARSITY_KEYS[i]] === '') out[SPARSITY_KEYS[i]] = String(Math.round(full.layers[name].sparsity * 1000) / 10);
    if (out[BITS_KEYS[i]] === '') out[BITS_KEYS[i]] = String(full.layers[name].bits);
  });
  if (out.rounds === '') out.rounds = String(full.prune.rounds);
  if (out.steps === '') out.steps = String(full.prune.stepsPerRound);
  if (out.ft === '') out.ft = String(full.share.steps);
  if (out.ftlr === '') out.ftlr = String(full.share.learningRate);
  return out;
}

/** The URL patch that selects a recipe of the current model. */
export function recipeSettings(model: DeepCompressionModelId, name: RecipeName): Partial<PipelineSettings> {
  const r = DEEP_COMPRESSION_MODELS[model].recipes[name];
  const patch: Partial<PipelineSettings> = { rounds: String(r.prune.rounds), steps: String(r.prune.stepsPerRound), ft: String(r.share.steps), ftlr: String(r.share.learningRate), init: r.share.init };
  DEEP_COMPRESSION_MODELS[model].layers.forEach((l, i) => {
    patch[SPARSITY_KEYS[i]] = String(Math.round(r.layers[l].sparsity * 1000) / 10);
    patch[BITS_KEYS[i]] = String(r.layers[l].bits);
  });
  return patch;
}

/** The URL patch that switches model: every per-model field back to that model's full recipe. */
export function modelSettings(model: DeepCompressionModelId): Partial<PipelineSettings> {
  const patch: Partial<PipelineSettings> = { model, rounds: '', steps: '', ft: '', ftlr: '' };
  for (const key of [...SPARSITY_KEYS, ...BITS_KEYS]) patch[key] = '';
  return patch;
}

/** Each typed setting read through the shared parser, so every bad value is named with its range. */
function readSetting(text: string, rule: FieldRule, problems: string[]): number {
  const parsed = parseField(text, rule);
  if (!parsed.ok) problems.push(parsed.message);
  return parsed.ok ? parsed.value : Number.NaN;
}

/** Adam's step size for the shared values; each centroid moves about this much per step. */
export const FINE_TUNING_RATE_RULE: FieldRule = { label: 'Fine-tuning learning rate', min: 0.000001, max: 0.1 };

/** The most training steps a run may take in all, to keep the page responsive. */
const MAX_STEPS = 20_000;

/** A plan from the settings, or the reasons there is none. */
export function planFromSettings(settings: PipelineSettings): { plan: DeepCompressionPlan; problems: [] } | { plan?: undefined; problems: string[] } {
  const s = shownSettings(settings);
  const { layers: names, recipes: { full } } = DEEP_COMPRESSION_MODELS[s.model];
  const problems: string[] = [];
  const layers: DeepCompressionPlan['layers'] = {};
  names.forEach((name, i) => {
    const percent = readSetting(s[SPARSITY_KEYS[i]], { label: `${layerName(name)} sparsity`, min: 0, max: 100, unit: ' %' }, problems);
    const bits = readSetting(s[BITS_KEYS[i]], { label: `${layerName(name)} cluster bits`, min: 0, max: 8, integer: true }, problems);
    layers[name] = { sparsity: percent / 100, bits, indexBits: full.layers[name].indexBits };
  });
  const plan: DeepCompressionPlan = {
    layers,
    prune: { ...full.prune, rounds: readSetting(s.rounds, { label: 'Pruning rounds', min: 1, max: 100, integer: true }, problems),
      stepsPerRound: readSetting(s.steps, { label: 'Retraining steps', min: 0, max: MAX_STEPS, integer: true }, problems) },
    share: {
      steps: readSetting(s.ft, { label: 'Fine-tuning steps', min: 0, max: MAX_STEPS, integer: true }, problems),
      learningRate: readSetting(s.ftlr, FINE_TUNING_RATE_RULE, problems),
      init: s.init,
    },
    batchSize: full.batchSize,
    seed: full.seed,
  };
  if (problems.length) return { problems };
  try {
    checkPlan(plan, names);
  } catch (e) {
    return { problems: [(e as Error).message.replace(/sparsity must be between 0 and 1 \(0 % to 100 % pruned\), got ([-\d.e]+)/, (_, v) => `sparsity must be from 0 % to 100 %, got ${Number(v) * 100} %`)] };
  }
  if (plan.prune.rounds * plan.prune.stepsPerRound + plan.share.steps > MAX_STEPS) return { problems: ['at most 20,000 training steps in all, to keep the page responsive'] };
  return { plan, problems: [] };
}
