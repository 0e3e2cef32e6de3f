// Deep Compression in headless Chromium, driven through lesson 5's widget like a reader, in cases
// (DC_CASES picks some): `lenet-300-100`, the page's default recipe (wall time, size and accuracy
// after each stage, then in node decoding and re-encoding the .clmz file it produced); `lenet-5`,
// its full recipe; `fine-tuning`, centroid fine-tuning on 2-bit codebooks at two learning rates. kmeans1d at k = 16 and 32 on all LeNet-300-100 weights and
// Huffman throughput on synthetic symbols are in the engine bench (bench/results/engine.json).
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { decodeCompressedModel, encodeCompressedModel } from '../src/engine';
import type { BenchContext } from './context';

const LESSON = '#/lessons/deep-compression';
const STAGES = ['original', 'pruned', 'shared', 'huffman'] as const;
/** Target for the whole default pipeline in the page. */
const TARGET_MS = 180_000;

function widget(page: Page, title: string): Locator {
  return page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

async function stages(w: Locator) {
  const out: Record<string, { bits: number; ratio: number; accuracy: number }> = {};
  for (const s of STAGES) {
    const value = async (what: string) => Number(await w.locator(`tr[data-stage="${s}"] [data-testid="stage-${what}"]`).getAttribute('data-value'));
    out[s] = { bits: await value('bits'), ratio: +(await value('ratio')).toFixed(2), accuracy: await value('accuracy') };
  }
  return out;
}

function time<T>(f: () => T): { ms: number; result: T } {
  const t0 = performance.now();
  const result = f();
  return { ms: +(performance.now() - t0).toFixed(2), result };
}

/** Presses Compress and waits for the run to end: wall time, each stage, and the accuracy right after k-means. */
async function compress(pipeline: Locator) {
  const t0 = performance.now();
  await pipeline.getByRole('button', { name: 'Compress the model' }).click();
  await pipeline.getByRole('button', { name: 'Cancel' }).waitFor({ timeout: 300_000 });
  await pipeline.getByRole('button', { name: 'Cancel' }).waitFor({ state: 'detached', timeout: 3_600_000 });
  const ms = performance.now() - t0;
  const alert = pipeline.getByRole('alert');
  if (await alert.count()) throw new Error(`the pipeline failed: ${await alert.textContent()}`);
  const full = await stages(pipeline);
  const untunedAccuracy = Number(await pipeline.getByTestId('untuned-accuracy').getAttribute('data-value'));
  return { ms: Math.round(ms), stages: full, untunedAccuracy, accuracyLostPoints: +((full.original.accuracy - full.huffman.accuracy) * 100).toFixed(2) };
}

/** Runs the widget's full recipe for the model now selected. */
async function fullRecipe(pipeline: Locator) {
  await pipeline.getByRole('button', { name: /Full recipe/ }).click();
  return compress(pipeline);
}

/** Opens the lesson at `query` and loads the data and the model once (a quick run), so a timed run measures the pipeline only. */
async function openWarm(ctx: BenchContext, query = '') {
  const page = await ctx.newPage();
  await page.goto(`${ctx.baseURL}${LESSON}${query}`, { timeout: 300_000 }); // a loaded machine can take minutes
  const pipeline = widget(page, 'The pipeline on the live model');
  await pipeline.getByRole('button', { name: /Quick setting/ }).click({ timeout: 300_000 });
  await pipeline.getByRole('button', { name: 'Compress the model' }).click({ timeout: 300_000 });
  await pipeline.locator('tr[data-stage="huffman"]').waitFor({ timeout: 1_800_000 });
  return { page, pipeline, quick: await stages(pipeline) };
}

/**
 * Centroid fine-tuning where k-means costs accuracy: LeNet-300-100's default pruning with 900
 * retraining steps and 2-bit codebooks (3 bits in the output layer), fine-tuned at the recipes'
 * learning rate (10⁻³) and at the 2 · 10⁻⁵ they used before; the lesson links to the same settings.
 */
const FINE_TUNING_QUERY = '?dc.b1=2&dc.b2=2&dc.b3=3&dc.steps=900';
const FINE_TUNING_RATES = ['0.00002', '0.001'];

const CASES: Record<string, (ctx: BenchContext) => Promise<unknown>> = {
  /** The widget's default (LeNet-300-100's full recipe), timed, and its file decoded and re-encoded in node. */
  'lenet-300-100': async (ctx) => {
    const { page, pipeline, quick } = await openWarm(ctx);
    const full = await fullRecipe(pipeline);
    const download = page.waitForEvent('download');
    await widget(page, 'Download and reload').getByTestId('clmz-download').click();
    const bytes = new Uint8Array(readFileSync(await (await download).path()));
    const decode = time(() => decodeCompressedModel(bytes));
    const encode = time(() => encodeCompressedModel(decode.result));
    const storedEntries = decode.result.reduce((s, l) => s + l.weights.filter((w) => w !== 0).length, 0);
    await page.close();
    return {
      backend: 'wasm',
      pipeline: { ...full, targetMs: TARGET_MS, withinTarget: full.ms < TARGET_MS },
      quickSetting: { stages: quick },
      file: {
        bytes: bytes.length,
        identicalAfterReencode: encode.result.length === bytes.length && encode.result.every((b, i) => b === bytes[i]),
        nonzeros: storedEntries,
        ms: { decode: decode.ms, encode: encode.ms },
      },
    };
  },
  /** LeNet-5's full recipe (no target in the issue; the widget says "about a minute or less"). */
  'lenet-5': async (ctx) => {
    const { page, pipeline } = await openWarm(ctx, '?dc.model=lenet-5');
    const full = await fullRecipe(pipeline);
    await page.close();
    return full;
  },
  'fine-tuning': async (ctx) => {
    const { page } = await openWarm(ctx);
    const runs: Record<string, unknown> = {};
    for (const rate of FINE_TUNING_RATES) {
      await page.goto(`${ctx.baseURL}${LESSON}${FINE_TUNING_QUERY}&dc.ftlr=${rate}`);
      runs[rate] = await compress(widget(page, 'The pipeline on the live model'));
    }
    await page.close();
    return { query: FINE_TUNING_QUERY, runs };
  },
};

/** `DC_CASES=lenet-5,fine-tuning npm run bench -- deep-compression` runs only those cases. */
export async function run(ctx: BenchContext) {
  const chosen = (process.env.DC_CASES ?? Object.keys(CASES).join(',')).split(',');
  const unknown = chosen.filter((c) => !CASES[c]);
  if (unknown.length) throw new Error(`unknown case ${unknown.join(', ')}; the cases are ${Object.keys(CASES).join(', ')}`);
  // The cases run side by side, each in its own page and worker (their times are not comparable to a lone run).
  const results = await Promise.all(chosen.map((name) => CASES[name](ctx)));
  return { cases: Object.fromEntries(chosen.map((name, i) => [name, results[i]])), note: 'kmeans1d (k = 16, 32) and Huffman throughput: see engine.json' };
}
