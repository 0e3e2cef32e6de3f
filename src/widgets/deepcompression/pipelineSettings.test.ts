import { describe, expect, it } from 'vitest';
import { DEEP_COMPRESSION_MODELS } from '../../runtime/contract/deepCompression';
import { modelSettings, pipelineSchema, planFromSettings, recipeSettings, shownSettings, type PipelineSettings } from './pipelineSettings';

const defaults = Object.fromEntries(Object.entries(pipelineSchema).map(([k, p]) => [k, p.default])) as PipelineSettings;

describe('Deep Compression pipeline settings', () => {
  it('empty fields stand for the model’s full recipe, for each model', () => {
    for (const id of ['lenet-300-100', 'lenet-5'] as const) {
      const { plan, problems } = planFromSettings({ ...defaults, ...modelSettings(id) });
      expect(problems).toEqual([]);
      expect(plan).toEqual(DEEP_COMPRESSION_MODELS[id].recipes.full);
    }
    expect(shownSettings({ ...defaults, model: 'lenet-5' })).toMatchObject({ s1: '34', b1: '8', s3: '92', b3: '5', s5: '60', steps: '2000' });
  });

  it('a recipe button gives that recipe’s plan; switching model forgets the old model’s numbers', () => {
    const quick = { ...defaults, model: 'lenet-5' as const, ...recipeSettings('lenet-5', 'quick') };
    expect(planFromSettings(quick).plan).toEqual(DEEP_COMPRESSION_MODELS['lenet-5'].recipes.quick);
    const back = { ...quick, ...modelSettings('lenet-300-100') };
    expect(planFromSettings(back).plan).toEqual(DEEP_COMPRESSION_MODELS['lenet-300-100'].recipes.full);
  });

  it('names a bad field by its layer', () => {
    expect(planFromSettings({ ...defaults, model: 'lenet-5', s2: 'abc' }).problems).toEqual(['conv2 sparsity: “abc” is not a number']);
    expect(planFromSettings({ ...defaults, b1: '9' }).problems).toEqual(['dense1/kernel: cluster bits must be a whole number from 0 to 8, got 9']);
    expect(planFromSettings({ ...defaults, s3: '120' }).problems).toEqual(['logits/kernel: sparsity must be from 0 % to 100 %, got 120 %']);
  });
});
