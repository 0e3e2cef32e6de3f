// Knowledge distillation in headless Chromium, driven through lesson 7's "Train two students"
// widget: training steps per second of a 784-100-10 student with the plain cross-entropy and with
// the distillation loss (same seed, batches and optimizer), their ratio, and the accuracy gap
// between the two recipes after the same budget of steps. The teacher's logits for the 20,000
// training images are computed once before the first run (timed separately).
import type { Page } from '@playwright/test';
import type { BenchContext } from './context';
import { median } from './timing';

const LESSON = '#/lessons/distillation';
const SETTINGS = { width: 100, temperature: 4, alpha: 0.9, steps: 500, lr: 0.01 };
const RUNS = 3;

interface Run { plainMs: number; distilledMs: number; plainAccuracy: number; distilledAccuracy: number; wallMs: number }

async function trainOnce(page: Page, n: number): Promise<Run> {
  const w = page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: 'Train two students', exact: true }) });
  const started = Date.now();
  await w.getByRole('button', { name: 'Train both students' }).click();
  const done = w.locator(`table[data-run="${n}"] [data-testid="kd-train-distilled"][data-ms]`);
  const failed = w.getByRole('alert');
  await done.or(failed).first().waitFor({ timeout: 600_000 });
  if (await failed.isVisible()) throw new Error(`the training failed: ${await failed.textContent()}`);
  const wallMs = Date.now() - started;
  const num = async (testid: string, attr: string) => Number(await w.getByTestId(testid).getAttribute(attr));
  const run = {
    plainMs: await num('kd-train-plain', 'data-ms'),
    distilledMs: await num('kd-train-distilled', 'data-ms'),
    plainAccuracy: await num('kd-acc-plain', 'data-value'),
    distilledAccuracy: await num('kd-acc-distilled', 'data-value'),
    wallMs,
  };
  // Let the latency measurement that follows a run finish before the next one starts.
  await w.getByRole('button', { name: 'Train both students' }).and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
  await w.locator('.live-progress').waitFor({ state: 'detached', timeout: 120_000 });
  return run;
}

export async function run(ctx: BenchContext) {
  const page = await ctx.newPage();
  const query = Object.entries(SETTINGS).map(([k, v]) => `kdt.${k}=${v}`).join('&');
  await page.goto(`${ctx.baseURL}${LESSON}?${query}`);
  const runs: Run[] = [];
  for (let i = 1; i <= RUNS; i++) runs.push(await trainOnce(page, i));
  // The first run also downloads MNIST and computes the teacher's logits; later runs reuse them.
  const warm = runs.slice(1);
  const plainStepsPerS = median(warm.map((r) => SETTINGS.steps / (r.plainMs / 1000)));
  const distilledStepsPerS = median(warm.map((r) => SETTINGS.steps / (r.distilledMs / 1000)));
  const last = runs[runs.length - 1];
  return {
    settings: { ...SETTINGS, batchSize: 32, optimizer: 'adam', seed: 1, backend: 'wasm' },
    note: 'steps/s include the 1,000-image accuracy probe every ~17 steps, the same for both recipes',
    plainStepsPerS: +plainStepsPerS.toFixed(1),
    distilledStepsPerS: +distilledStepsPerS.toFixed(1),
    distilledOverPlainSpeed: +(distilledStepsPerS / plainStepsPerS).toFixed(3),
    plainAccuracy: last.plainAccuracy,
    distilledAccuracy: last.distilledAccuracy,
    accuracyGapPoints: +((last.distilledAccuracy - last.plainAccuracy) * 100).toFixed(2),
    firstRunWallS: +(runs[0].wallMs / 1000).toFixed(1),
    warmRunWallS: +(median(warm.map((r) => r.wallMs)) / 1000).toFixed(1),
    runs,
  };
}
