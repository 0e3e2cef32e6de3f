// Pruning in headless Chromium, driven through lesson 4's widgets like a reader:
// (1) pruning of LeNet-300-100 to 12× fewer non-zero parameters with retraining in the page's
// worker, with the widget's default recipe: wall time, final test accuracy and the loss against
// the unpruned model; (2) the first layer's product in CSR form (engine, TypeScript)
// against the dense tfjs product at 50 %, 90 % and 99 % sparsity, as ratios from the same run.
import type { Locator, Page } from '@playwright/test';
import type { BenchContext } from './context';

const LESSON = '#/lessons/pruning';
/** The lesson's default recipe, spelled out (see PruneRetrain.tsx); targets: under 3 minutes, ≤ 0.3 points lost. */
const RECIPE = { schedule: 'oneShot', allocation: 'global', sparsity: 0.92, events: 2, steps: 1500, decay: 0.3 };
const TARGET_S = 180;
const TARGET_POINTS = 0.3;
const SPARSITIES = [50, 90, 99];
const BATCHES = [1, 256];

function widget(page: Page, title: string): Locator {
  return page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

async function num(l: Locator, attribute = 'data-value'): Promise<number> {
  return Number(await l.getAttribute(attribute));
}

async function failIfAlert(w: Locator) {
  const alert = w.getByRole('alert');
  if (await alert.count()) throw new Error(`the widget reports: ${await alert.first().textContent()}`);
}

async function iterative(ctx: BenchContext) {
  const page = await ctx.newPage();
  const query = Object.entries(RECIPE).map(([k, v]) => `pi.${k}=${v}`).join('&');
  await page.goto(`${ctx.baseURL}${LESSON}?${query}`);
  const w = widget(page, 'Prune and retrain');
  const button = w.getByRole('button', { name: 'Prune and retrain' });
  await button.waitFor();
  await page.waitForFunction(() => !document.querySelector('section.widget button.primary[disabled]'), undefined, { timeout: 120_000 }).catch(() => undefined);
  const started = Date.now();
  await button.click();
  const result = w.getByTestId('retrain-result');
  await result.or(w.getByRole('alert')).first().waitFor({ timeout: 900_000 });
  await failIfAlert(w);
  const seconds = (Date.now() - started) / 1000;
  const accuracy = await num(result, 'data-accuracy');
  const compression = await num(result, 'data-compression');
  const base = +(Number((await w.getByTestId('retrain-latest').textContent())?.match(/unpruned model scores ([\d.]+)%/)?.[1]) / 100).toFixed(4);
  const pointsLost = +((base - accuracy) * 100).toFixed(2);
  await page.close();
  return {
    recipe: RECIPE, seconds: +seconds.toFixed(1), baseAccuracy: base, accuracy, compression: +compression.toFixed(2), pointsLost,
    targetSeconds: TARGET_S, targetPointsLost: TARGET_POINTS, withinTime: seconds < TARGET_S, withinAccuracy: pointsLost <= TARGET_POINTS,
  };
}

async function products(ctx: BenchContext) {
  const page = await ctx.newPage();
  await page.goto(`${ctx.baseURL}${LESSON}`);
  const w = widget(page, 'Honest speed');
  const rows = [];
  for (const batch of BATCHES) {
    await w.getByLabel('Batch size').selectOption(String(batch));
    for (const s of SPARSITIES) {
      await w.getByLabel('Weights zeroed (unstructured), %').fill(String(s));
      const before = await w.getByTestId('csr-product-ms').getAttribute('data-value').catch(() => null);
      await w.getByRole('button', { name: 'Measure' }).click();
      await page.waitForFunction(([b]) => {
        const cell = document.querySelector('[data-testid="csr-product-ms"]');
        return cell && cell.getAttribute('data-value') !== b && !document.querySelector('progress');
      }, [before], { timeout: 300_000 });
      await failIfAlert(w);
      const denseMs = await num(w.getByTestId('dense-product-ms'));
      const csrMs = await num(w.getByTestId('csr-product-ms'));
      const csr0Ms = await num(w.getByTestId('csr0-product-ms'));
      rows.push({
        batch, sparsity: s / 100, denseTfjsMs: +denseMs.toFixed(4), csrMs: +csrMs.toFixed(4), csrNoZerosMs: +csr0Ms.toFixed(4),
        csrSpeedupOverDenseTfjs: +(denseMs / csrMs).toFixed(2), csrSpeedupOverCsrNoZeros: +(csr0Ms / csrMs).toFixed(2),
      });
    }
  }
  await page.close();
  return rows;
}

export async function run(ctx: BenchContext) {
  return { iterativePruning: await iterative(ctx), csrVersusDense: await products(ctx) };
}
