import { describe, expect, it } from 'vitest';
import { modelSettings, pipelineSchema, planFromSettings, recipeSettings, shownSettings, type PipelineSettings } from './pipelineSettings';

const defaults = Object.fromEntries(Object.entries(pipelineSchema).map(([k, p]) => [k, p.default])) as PipelineSettings;

// The recipes written out as the lesson states them, so that a change to the table the code reads
// fails here instead of being compared with itself.
const layer = (sparsity: number, bits: number) => ({ sparsity, bits, indexBits: bits });
const LENET_300_100_FULL = {
  layers: { 'dense1/kernel': { sparsity: 0.941, bits: 5, indexBits: 5 }, 'dense2/kernel': { sparsity: 0.78, bits: 5, indexBits: 5 }, 'logits/kernel': { sparsity: 0.38, bits: 6, indexBits: 5 } },
  prune: { rounds: 1, stepsPerRound: 3000, learningRate: 1e-3 },
  share: { steps: 300, learningRate: 1e-3, init: 'linear' },
  batchSize: 64,
  seed: 1,
};
const LENET_5_FULL = {
  layers: { 'conv1/kernel': { sparsity: 0.34, bits: 3, indexBits: 4 }, 'conv2/kernel': layer(0.88, 5), 'fc1/kernel': layer(0.92, 5), 'fc2/kernel': layer(0.81, 5), 'logits/kernel': layer(0.6, 5) },
  prune: { rounds: 1, stepsPerRound: 2000, learningRate: 1e-3 },
  share: { steps: 200, learningRate: 1e-3, init: 'linear' },
  batchSize: 64,
  seed: 1,
};
const LENET_5_QUICK = { ...LENET_5_FULL, prune: { rounds: 1, stepsPerRound: 200, learningRate: 1e-3 }, share: { ...LENET_5_FULL.share, steps: 20 } };
const FULL = { 'lenet-300-100': LENET_300_100_FULL, 'lenet-5': LENET_5_FULL };

describe('Deep Compression pipeline settings', () => {
  it('empty fields stand for the model’s full recipe, for each model', () => {
    for (const id of ['lenet-300-100', 'lenet-5'] as const) {
      const { plan, problems } = planFromSettings({ ...defaults, ...modelSettings(id) });
      expect(problems).toEqual([]);
      expect(plan).toEqual(FULL[id]);
    }
    expect(shownSettings({ ...defaults, model: 'lenet-5' })).toMatchObject({ s1: '34', b1: '3', s3: '92', b3: '5', s5: '60', steps: '2000' });
  });

  it('a recipe button gives that recipe’s plan; switching model forgets the old model’s numbers', () => {
    const quick = { ...defaults, model: 'lenet-5' as const, ...recipeSettings('lenet-5', 'quick') };
    expect(planFromSettings(quick).plan).toEqual(LENET_5_QUICK);
    const back = { ...quick, ...modelSettings('lenet-300-100') };
    expect(planFromSettings(back).plan).toEqual(LENET_300_100_FULL);
  });

  it('names a bad field by its layer', () => {
    expect(planFromSettings({ ...defaults, model: 'lenet-5', s2: 'abc' }).problems).toEqual(['conv2 sparsity must be a number from 0 % to 100 %; “abc” is not a number.']);
    expect(planFromSettings({ ...defaults, b1: '9' }).problems).toEqual(['dense1 cluster bits must be a whole number from 0 to 8; got “9”.']);
    expect(planFromSettings({ ...defaults, s3: '120' }).problems).toEqual(['logits sparsity must be a number from 0 % to 100 %; got “120”.']);
    expect(planFromSettings({ ...defaults, rounds: '0' }).problems).toEqual(['Pruning rounds must be a whole number from 1 to 100; got “0”.']);
    expect(planFromSettings({ ...defaults, b1: '2.5' }).problems).toEqual(['dense1 cluster bits must be a whole number from 0 to 8; “2.5” is not whole.']);
    expect(planFromSettings({ ...defaults, ftlr: '0' }).problems).toEqual(['Fine-tuning learning rate must be a number from 0.000001 to 0.1; got “0”.']);
    expect(planFromSettings({ ...defaults, ftlr: 'fast' }).problems).toEqual(['Fine-tuning learning rate must be a number from 0.000001 to 0.1; “fast” is not a number.']);
  });

  it('reads the fine-tuning learning rate a reader types into the plan', () => {
    expect(planFromSettings({ ...defaults, ftlr: '1e-3' }).plan?.share.learningRate).toBe(0.001);
    expect(recipeSettings('lenet-300-100', 'full').ftlr).toBe(String(LENET_300_100_FULL.share.learningRate));
  });
});
