import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The live runtime's widgets as lesson 1 embeds them: <EvaluatePanel /> and <LatencyPanel />.
const LESSON = './#/lessons/why-compress';
const publicDir = join(import.meta.dirname, '../public');
const zoo = JSON.parse(readFileSync(join(publicDir, 'models/manifest.json'), 'utf8')) as { models: { id: string; testAccuracy: number }[] };
const trained = (id: string) => zoo.models.find((m) => m.id === id);

const evaluatePanel = (page: Page) => page.getByRole('region', { name: 'Evaluate a model on the test set' });
const latencyPanel = (page: Page) => page.getByRole('region', { name: 'Measure latency against batch size' });

async function chooseBackend(panel: Locator, name: 'wasm' | 'webgl' | 'cpu') {
  await panel.getByLabel('Backend').selectOption(name);
  await expect(panel.locator('.live-backend-status')).toHaveAttribute('data-backend', name, { timeout: 60_000 });
}

/** Clicks Evaluate and waits for this run's result (results are numbered in data-run). */
async function evaluateOnce(panel: Locator): Promise<{ accuracy: number; tensors: number }> {
  const before = Number((await panel.locator('.live-result').getAttribute('data-run', { timeout: 100 }).catch(() => null)) ?? 0);
  await panel.getByRole('button', { name: 'Evaluate on 10,000 test images' }).click();
  const result = panel.locator(`.live-result[data-run="${before + 1}"]`);
  await expect(result).toBeVisible({ timeout: 90_000 });
  return {
    accuracy: parseFloat((await result.getByTestId('accuracy').textContent())!),
    tensors: Number(await result.getByTestId('tensors').textContent()),
  };
}

test.beforeEach(async ({ page }) => {
  await page.goto(LESSON);
  await expect(evaluatePanel(page)).toBeVisible();
});

test('LeNet-300-100 on wasm scores its trained test accuracy (at least 98%) with no tensors left behind', async ({ page }) => {
  const entry = trained('lenet-300-100');
  test.skip(!entry, 'lenet-300-100 has not been trained yet');
  const panel = evaluatePanel(page);
  await expect(panel.locator('.live-backend-status')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await panel.getByLabel('Model').selectOption('lenet-300-100');
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await evaluateOnce(panel));
  // The page's accuracy must match the one the training script measured in node.
  for (const r of runs) expect(r.accuracy).toBeCloseTo(entry!.testAccuracy * 100, 1);
  expect(runs[0].accuracy).toBeGreaterThanOrEqual(98);
  await expect(panel).toContainText('of 10,000 images right');
  await expect(panel).toContainText(/on wasm/);
  expect(new Set(runs.map((r) => r.tensors)).size).toBe(1);
  expect(runs[0].tensors).toBeGreaterThan(0);
});

test('an evaluation shows its progress and can be cancelled', async ({ page }) => {
  const panel = evaluatePanel(page);
  await chooseBackend(panel, 'cpu'); // the slow backend leaves time to watch and cancel
  await panel.getByRole('button', { name: 'Evaluate on 10,000 test images' }).click();
  const progress = panel.getByRole('progressbar');
  await expect(progress).toBeVisible();
  await expect(panel.getByText(/Evaluating: [\d,]+ of 10,000 images/)).toBeVisible({ timeout: 60_000 });
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.getByText('Evaluation cancelled.')).toBeVisible();
  await expect(progress).toHaveCount(0);
  await expect(panel.getByTestId('accuracy')).toHaveCount(0);
  // The worker is free again: a new evaluation runs to the end.
  await chooseBackend(panel, 'wasm');
  const { accuracy } = await evaluateOnce(panel);
  expect(accuracy).toBeGreaterThan(90);
});

test('the backend switches between wasm and cpu, lives in the URL and gives the same accuracy', async ({ page }) => {
  const panel = evaluatePanel(page);
  const onWasm = await evaluateOnce(panel);
  await chooseBackend(panel, 'cpu');
  await expect(page).toHaveURL(/rt\.backend=cpu/);
  await expect(panel).toContainText(/on wasm/); // the earlier result keeps the backend it ran on
  await page.reload();
  await expect(evaluatePanel(page).locator('.live-backend-status')).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  const onCpu = await evaluateOnce(evaluatePanel(page));
  await expect(evaluatePanel(page)).toContainText(/on cpu/);
  expect(onCpu.accuracy).toBeCloseTo(onWasm.accuracy, 1);
  await chooseBackend(evaluatePanel(page), 'wasm');
  await expect(page).not.toHaveURL(/rt\.backend/);
});

test('the latency panel measures batch sizes 1 to 16 and shows a table and a chart', async ({ page }) => {
  const panel = latencyPanel(page);
  const slider = panel.getByLabel(/Batch sizes 1 to/);
  await slider.fill('4');
  await expect(panel.getByText('Batch sizes 1 to 16')).toBeVisible();
  await expect(page).toHaveURL(/latency\.max=4/);
  await panel.getByRole('button', { name: 'Measure latency' }).click();
  const rows = panel.locator('tbody tr');
  await expect(rows).toHaveCount(5, { timeout: 90_000 });
  await expect(panel.getByRole('button', { name: 'Measure latency' })).toBeEnabled({ timeout: 60_000 });
  expect(await rows.locator('td:first-child').allTextContents()).toEqual(['1', '2', '4', '8', '16']);
  for (const text of await rows.locator('td:nth-child(2)').allTextContents()) {
    const ms = parseFloat(text) * (text.endsWith(' s') ? 1000 : 1);
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThan(1000);
  }
  await expect(panel.locator('svg.live-chart circle')).toHaveCount(5);
});

test('a reader’s own model: clear messages for a broken upload, and a good one evaluates', async ({ page }) => {
  const panel = evaluatePanel(page);
  await panel.getByLabel('Model').selectOption('upload');
  const picker = panel.getByLabel(/Your model: choose model\.json/);
  const alert = panel.getByRole('alert');

  await picker.setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{"modelTopology": ') });
  await expect(alert).toContainText('model.json is not valid JSON');

  const modelJson = readFileSync(join(publicDir, 'models/lenet-300-100/model.json'));
  const weights = readFileSync(join(publicDir, 'models/lenet-300-100/weights.bin'));
  await picker.setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: modelJson });
  await expect(alert).toContainText('Missing weight file: weights.bin');

  await picker.setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: modelJson },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: weights.subarray(0, 1000) },
  ]);
  await expect(alert).toContainText('holds 1000 bytes');

  await picker.setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: modelJson },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: weights },
  ]);
  await expect(panel.getByText(/Loaded: \d+ layers, 266,610 parameters, input \[784\]/)).toBeVisible();
  const { accuracy } = await evaluateOnce(panel);
  const entry = trained('lenet-300-100');
  if (entry) expect(accuracy).toBeCloseTo(entry.testAccuracy * 100, 1);
});

test('the live panels have no serious accessibility violations', async ({ page }) => {
  await expect(evaluatePanel(page).locator('.live-backend-status')).toBeVisible({ timeout: 60_000 });
  const { violations } = await new AxeBuilder({ page }).include('.live-panel').analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes[0]?.target})`)).toEqual([]);
});
