// The pipeline widget's settings as URL text, turned into a plan with a message for each problem.
import type { KMeansInit } from '../../engine/cluster/kmeans1d';
import { checkPlan, LENET_300_100_RECIPES, type DeepCompressionPlan, type RecipeName } from '../../runtime/deepCompressionPlan';
import { param } from '../urlState';
import { layerName } from './format';

export const LAYERS = ['dense1/kernel', 'dense2/kernel', 'logits/kernel'] as const;
export const INITS: readonly KMeansInit[] = ['linear', 'density', 'random'];

const full = LENET_300_100_RECIPES.full;

/** URL state `dc.*`: per-layer sparsity (%) and bits, stage settings; text so a bad link is named. */
export const pipelineSchema = {
  s1: param.string(String(full.layers[LAYERS[0]].sparsity * 100)),
  s2: param.string(String(full.layers[LAYERS[1]].sparsity * 100)),
  s3: param.string(String(full.layers[LAYERS[2]].sparsity * 100)),
  b1: param.string(String(full.layers[LAYERS[0]].bits)),
  b2: param.string(String(full.layers[LAYERS[1]].bits)),
  b3: param.string(String(full.layers[LAYERS[2]].bits)),
  rounds: param.string(String(full.prune.rounds)),
  steps: param.string(String(full.prune.stepsPerRound)),
  ft: param.string(String(full.share.steps)),
  init: param.oneOf(INITS, full.share.init),
  huffman: param.boolean(true),
};

export type PipelineSettings = { [K in keyof typeof pipelineSchema]: (typeof pipelineSchema)[K]['default'] };

export const SPARSITY_KEYS = ['s1', 's2', 's3'] as const;
export const BITS_KEYS = ['b1', 'b2', 'b3'] as const;

/** The URL patch that selects a recipe. */
export function recipeSettings(name: RecipeName): Partial<PipelineSettings> {
  const r = LENET_300_100_RECIPES[name];
  const patch: Partial<PipelineSettings> = { rounds: String(r.prune.rounds), steps: String(r.prune.stepsPerRound), ft: String(r.share.steps), init: r.share.init };
  LAYERS.forEach((l, i) => {
    patch[SPARSITY_KEYS[i]] = String(Math.round(r.layers[l].sparsity * 1000) / 10);
    patch[BITS_KEYS[i]] = String(r.layers[l].bits);
  });
  return patch;
}

function wholeNumber(text: string, what: string, problems: string[]): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) problems.push(`${what}: “${text}” is not a number`);
  return n;
}

/** A plan from the settings, or the reasons there is none. */
export function planFromSettings(s: PipelineSettings): { plan: DeepCompressionPlan; problems: [] } | { plan?: undefined; problems: string[] } {
  const problems: string[] = [];
  const layers: DeepCompressionPlan['layers'] = {};
  LAYERS.forEach((name, i) => {
    const percent = wholeNumber(s[SPARSITY_KEYS[i]], `${layerName(name)} sparsity`, problems);
    const bits = wholeNumber(s[BITS_KEYS[i]], `${layerName(name)} bits`, problems);
    layers[name] = { sparsity: percent / 100, bits, indexBits: full.layers[name].indexBits };
  });
  const plan: DeepCompressionPlan = {
    layers,
    prune: { ...full.prune, rounds: wholeNumber(s.rounds, 'pruning rounds', problems), stepsPerRound: wholeNumber(s.steps, 'retraining steps', problems) },
    share: { ...full.share, steps: wholeNumber(s.ft, 'fine-tuning steps', problems), init: s.init },
    batchSize: full.batchSize,
    seed: full.seed,
  };
  if (problems.length) return { problems };
  try {
    checkPlan(plan, LAYERS);
  } catch (e) {
    return { problems: [(e as Error).message.replace(/sparsity must be between 0 and 1 \(0 % to 100 % pruned\), got ([-\d.e]+)/, (_, v) => `sparsity must be from 0 % to 100 %, got ${Number(v) * 100} %`)] };
  }
  if (plan.prune.rounds * plan.prune.stepsPerRound + plan.share.steps > 20_000) return { problems: ['at most 20,000 training steps in all, to keep the page responsive'] };
  return { plan, problems: [] };
}
