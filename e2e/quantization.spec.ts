import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './a11y';

const LESSON = './#/lessons/quantization';
const LAYERS = ['dense1', 'dense2', 'logits'];

function widget(page: Page) {
  return page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: 'Quantize the live model', exact: true }) });
}

async function sqnrs(w: Locator): Promise<number[]> {
  return Promise.all(LAYERS.map(async (l) => Number(await w.locator(`tr[data-layer="${l}"] [data-testid="sqnr"]`).getAttribute('data-value'))));
}

async function quantizedAccuracy(w: Locator): Promise<number> {
  await w.getByRole('button', { name: 'Quantize and evaluate' }).click();
  const shown = w.getByTestId('quant-accuracy');
  await expect(shown).toBeVisible({ timeout: 90_000 });
  return Number(await shown.getAttribute('data-value'));
}

test('8-bit weights keep LeNet-300-100 within half a point of float; 2 bits per tensor lose clearly more', async ({ page }) => {
  await page.goto(LESSON);
  const w = widget(page);
  const q8 = await quantizedAccuracy(w);
  const float = Number(await w.getByTestId('float-accuracy').getAttribute('data-value'));
  expect(float).toBeCloseTo(0.9835, 3);
  expect(q8).toBeGreaterThanOrEqual(0.978);
  expect(Math.abs(q8 - float)).toBeLessThan(0.005);
  await expect(w.getByTestId('quant-accuracy')).toHaveText(`${(q8 * 100).toFixed(2)}%`);

  await w.getByLabel('Weight bits').selectOption('2');
  await expect(w.getByTestId('quant-accuracy')).toHaveCount(0);
  const q2 = await quantizedAccuracy(w);
  expect(q2).toBeLessThan(float - 0.02);
});

test('the size and the per-layer SQNR follow the bit width: about 6 dB per bit', async ({ page }) => {
  await page.goto(LESSON);
  const w = widget(page);
  await expect(w.locator('tr[data-layer="dense1"]')).toBeVisible();
  // 266,200 kernel weights at 8 bits + 3 scales × 4 B + 410 float32 biases.
  await expect(w.getByTestId('quant-bytes')).toHaveAttribute('data-value', String(266200 + 12 + 410 * 4));
  await expect(w.getByTestId('float-bytes')).toHaveText('1041.4 KiB');
  const at8 = await sqnrs(w);
  await w.getByLabel('Weight bits').selectOption('4');
  await expect(w.getByTestId('quant-bytes')).toHaveAttribute('data-value', String(266200 / 2 + 12 + 410 * 4));
  const at4 = await sqnrs(w);
  for (let i = 0; i < LAYERS.length; i++) {
    expect(at8[i]).toBeGreaterThan(at4[i] + 4 * 6.02 - 3);
    expect(at8[i]).toBeLessThan(at4[i] + 4 * 6.02 + 3);
    expect(at4[i]).toBeGreaterThan(5);
  }
  await expect(w.locator('tr[data-layer="logits"] [data-testid="sqnr"]')).toHaveText(`${at4[2].toFixed(1)} dB`);
  // One scale per channel: 300 + 100 + 10 scales for LeNet-300-100, and a better SQNR.
  await w.getByLabel('Scales').selectOption('channel');
  await expect(w.locator('tr[data-layer="dense1"] td').nth(1)).toHaveText('300');
  const perChannel = await sqnrs(w);
  for (let i = 0; i < LAYERS.length; i++) expect(perChannel[i]).toBeGreaterThan(at4[i]);
});

test('the URL restores model, width, scales, zero point and histogram layer', async ({ page }) => {
  await page.goto(LESSON);
  const w = widget(page);
  await w.getByLabel('Weight bits').selectOption('ternary');
  await w.getByLabel('Scales').selectOption('channel');
  await expect(w.getByLabel('Zero point')).toBeDisabled();
  await w.getByLabel('Histogram of layer').selectOption('dense2/kernel');
  await expect(page).toHaveURL(/qm\.bits=ternary/);
  await expect(page).toHaveURL(/qm\.granularity=channel/);
  await expect(page).toHaveURL(/qm\.layer=dense2%2Fkernel|qm\.layer=dense2\/kernel/);
  await page.reload();
  const again = widget(page);
  await expect(again.getByLabel('Weight bits')).toHaveValue('ternary');
  await expect(again.getByLabel('Scales')).toHaveValue('channel');
  await expect(again.getByLabel('Histogram of layer')).toHaveValue('dense2/kernel');
  await expect(again.getByTestId('quant-hist-summary')).toContainText('30,000 weights');
  await expect(again.getByTestId('quant-hist-summary')).toContainText('3 levels');

  await page.goto(`${LESSON}?qm.model=lenet-5&qm.bits=4&qm.scheme=affine`);
  const conv = widget(page);
  await expect(conv.getByLabel('Model')).toHaveValue('lenet-5');
  await expect(conv.getByLabel('Zero point')).toHaveValue('affine');
  await expect(conv.locator('tr[data-layer="conv1"]')).toBeVisible();
  await expect(conv.getByTestId('quant-hist-summary')).toContainText('150 weights');
  await expect(conv.getByTestId('quant-levels').locator('line')).toHaveCount(16);
});

test('an evaluation can be cancelled', async ({ page }) => {
  await page.goto(LESSON);
  const w = widget(page);
  await w.getByRole('button', { name: 'Quantize and evaluate' }).click();
  await w.getByRole('button', { name: 'Cancel' }).click();
  await expect(w.getByRole('status').filter({ hasText: 'Evaluation cancelled.' })).toBeVisible();
  await expect(w.getByRole('button', { name: 'Quantize and evaluate' })).toBeEnabled();
});

test('the lesson has no serious accessibility violations', async ({ page }) => {
  await page.goto(LESSON);
  await expect(widget(page).getByTestId('quant-hist-summary')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
