// Compression as practised today, in headless Chromium through the widgets of lessons 3 and 4:
// GPTQ and AWQ against round-to-nearest at 4, 3 and 2 bits (groups of 64 with zero points, 128
// calibration images) on LeNet-300-100 and the teacher, with GPTQ's and AWQ's time per layer in the page's
// worker (target: the teacher's 1200 × 1200 layer in under 5 s); 2:4 against unstructured 50 %
// with the widget's default retraining; Wanda against magnitude at 50 % and 70 % without retraining.
import type { Locator, Page } from '@playwright/test';
import type { BenchContext } from './context';

const MODELS = ['lenet-300-100', 'teacher-1200'];
// MODERN_GPTQ=teacher-1200:3 runs only the GPTQ rows named (model:bits, comma-separated).
const GPTQ_ROWS = process.env.MODERN_GPTQ?.split(',').map((r) => r.split(':'));
const BITS = [4, 3, 2];
const SPARSITIES = [50, 70];
const TEACHER_LAYER_TARGET_MS = 5000;
const JOB_TIMEOUT = 900_000;

function widget(page: Page, title: string): Locator {
  return page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

/** Clicks the widget's button and waits until its job has run (its Cancel button came and went). */
async function runJob(page: Page, w: Locator, button: string): Promise<void> {
  const run = w.getByRole('button', { name: button });
  await page.waitForFunction((el) => !(el as HTMLButtonElement).disabled, await run.elementHandle(), { timeout: 120_000 });
  await run.click();
  const cancel = w.getByRole('button', { name: 'Cancel' });
  await cancel.waitFor({ timeout: 30_000 });
  await cancel.waitFor({ state: 'detached', timeout: JOB_TIMEOUT });
  const alert = w.getByRole('alert');
  if (await alert.count()) throw new Error(`the widget reports: ${await alert.first().textContent()}`);
}

const attr = async (l: Locator, name: string) => Number(await l.getAttribute(name));
const round = (v: number, digits = 4) => +v.toFixed(digits);

async function gptq(ctx: BenchContext) {
  const rows = [];
  for (const model of MODELS) {
    for (const bits of BITS) {
      if (GPTQ_ROWS && !GPTQ_ROWS.some(([m, b]) => m === model && Number(b) === bits)) continue;
      const page = await ctx.newPage();
      await page.goto(`${ctx.baseURL}#/lessons/quantization?gq.model=${model}&gq.bits=${bits}`);
      const w = widget(page, 'GPTQ and AWQ against round-to-nearest');
      await runJob(page, w, 'Quantize three ways');
      const result = w.getByTestId('gq-result');
      const layers = [];
      for (const row of await result.locator('tbody tr').all()) {
        layers.push({
          layer: await row.getAttribute('data-layer'), errorRatio: round(await attr(row, 'data-ratio')), gptqMs: Math.round(await attr(row, 'data-ms')),
          awqErrorRatio: round((await attr(row, 'data-awq-error')) / (await attr(row, 'data-rtn-error'))), awqAlpha: await attr(row, 'data-awq-alpha'), awqMs: Math.round(await attr(row, 'data-awq-ms')),
        });
      }
      rows.push({
        model, bits, groupSize: 64, zeroPoint: true, calibration: 128,
        float: await attr(result, 'data-float'), rtn: await attr(result, 'data-rtn'), gptq: await attr(result, 'data-gptq'), awq: await attr(result, 'data-awq'),
        bytesPerWeight: round(await attr(result, 'data-bytes-per-weight')), layers,
      });
      await page.close();
    }
  }
  const teacherMs = rows.filter((r) => r.model === 'teacher-1200').flatMap((r) => r.layers.filter((l) => l.layer === 'dense2').map((l) => l.gptqMs));
  return { rows, teacherDense2Ms: teacherMs, teacherDense2TargetMs: TEACHER_LAYER_TARGET_MS, withinTarget: teacherMs.every((ms) => ms < TEACHER_LAYER_TARGET_MS) };
}

async function twoFour(ctx: BenchContext) {
  const page = await ctx.newPage();
  await page.goto(`${ctx.baseURL}#/lessons/pruning`);
  const w = widget(page, '2:4 against unstructured 50 %, with retraining');
  const started = Date.now();
  await runJob(page, w, 'Prune and retrain both');
  const seconds = (Date.now() - started) / 1000;
  const runs = [];
  for (const row of await w.getByTestId('tf-result').locator('tbody tr').all()) {
    runs.push({ pattern: await row.getAttribute('data-pattern'), before: await attr(row, 'data-before'), after: await attr(row, 'data-after') });
  }
  await page.close();
  return { model: 'lenet-300-100', steps: 500, seconds: round(seconds, 1), runs };
}

async function wanda(ctx: BenchContext) {
  const rows = [];
  for (const model of MODELS) {
    for (const sparsity of SPARSITIES) {
      const page = await ctx.newPage();
      await page.goto(`${ctx.baseURL}#/lessons/pruning?wa.model=${model}&wa.sparsity=${sparsity}`);
      const w = widget(page, 'Wanda against magnitude, no retraining');
      await runJob(page, w, 'Prune both ways');
      const r = w.getByTestId('wa-result');
      rows.push({ model, sparsity: sparsity / 100, calibration: 128, float: await attr(r, 'data-float'), magnitude: await attr(r, 'data-magnitude'), wanda: await attr(r, 'data-wanda') });
      await page.close();
    }
  }
  return rows;
}

export async function run(ctx: BenchContext) {
  if (GPTQ_ROWS) return { gptq: await gptq(ctx) };
  return { gptq: await gptq(ctx), twoFour: await twoFour(ctx), wanda: await wanda(ctx) };
}
