import { expect, test, type Page } from '@playwright/test';
import { AWQ_ALPHAS, groupStorage } from '../src/engine';

// The closing sections "As practised today" of lessons 3 and 4, driven like a reader with short
// runs set through the widgets' URL state (32 calibration images, 20 retraining steps).

function widget(page: Page, title: string) {
  return page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

const num = async (l: ReturnType<Page['locator']>, name: string) => Number(await l.getAttribute(name));

test('GPTQ beats round-to-nearest at 3 bits on LeNet-300-100, layer by layer, AWQ never loses to it; bad bits get a message', async ({ page }) => {
  await page.goto('./#/lessons/quantization?gq.calibration=32');
  const w = widget(page, 'GPTQ and AWQ against round-to-nearest');
  await expect(w.getByTestId('gq-storage')).toContainText(`${groupStorage(1, 64, { bits: 3, groupSize: 64 }).bytesPerWeight.toFixed(3)} bytes per weight`);
  await w.getByRole('button', { name: 'Quantize three ways' }).click();
  const result = w.getByTestId('gq-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  expect(await num(result, 'data-float')).toBeCloseTo(0.9835, 4);
  expect(await num(result, 'data-gptq')).toBeGreaterThan(await num(result, 'data-rtn'));
  const rows = result.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  for (const row of await rows.all()) {
    expect(await num(row, 'data-ratio')).toBeLessThan(1);
    // AWQ's search includes α = 0, plain rounding: its error can only match or beat it, and the
    // cells show the ratio and the α it chose.
    const rtnError = await num(row, 'data-rtn-error');
    const awqError = await num(row, 'data-awq-error');
    expect(awqError).toBeLessThanOrEqual(rtnError * (1 + 1e-5));
    const alpha = await num(row, 'data-awq-alpha');
    expect(AWQ_ALPHAS).toContain(alpha);
    await expect(row.locator('td').nth(5)).toHaveText(`${(awqError / rtnError).toFixed(2)} (${alpha.toFixed(2)})`);
  }
  await expect(result).toContainText(`AWQ ${(await num(result, 'data-awq') * 100).toFixed(2)}`);
  const grid = { bits: 3, groupSize: 64 };
  const bytes = groupStorage(300, 784, grid).bytes + groupStorage(100, 300, grid).bytes + groupStorage(10, 100, grid).bytes;
  expect(await num(result, 'data-bytes-per-weight')).toBeCloseTo(bytes / (784 * 300 + 300 * 100 + 100 * 10), 9);

  const bits = w.getByLabel('Weight bits');
  await bits.fill('9');
  await expect(w.getByRole('alert')).toHaveText('Weight bits must be a whole number from 2 to 8; got “9”.');
  // The last good value stays in force: the storage line still speaks of 3 bits, and the URL keeps it.
  await expect(w.getByTestId('gq-storage')).toContainText('Storage: 3 bits per weight');
  await expect(page).toHaveURL(/gq\.calibration=32/);
  expect(page.url()).not.toContain('gq.bits=9');
});

test('Wanda keeps more accuracy than magnitude at 70 %; 2:4 and unstructured copies retrain; an exercise checks', async ({ page }) => {
  await page.goto('./#/lessons/pruning?tf.steps=20');
  const wanda = widget(page, 'Wanda against magnitude, no retraining');
  await wanda.getByRole('button', { name: 'Prune both ways' }).click();
  const r = wanda.getByTestId('wa-result');
  await expect(r).toBeVisible({ timeout: 60_000 });
  expect(await num(r, 'data-sparsity')).toBeCloseTo(0.7, 3);
  expect(await num(r, 'data-wanda')).toBeGreaterThan(await num(r, 'data-magnitude'));

  const twoFour = widget(page, '2:4 against unstructured 50 %, with retraining');
  await twoFour.getByRole('button', { name: 'Prune and retrain both' }).click();
  const runs = twoFour.getByTestId('tf-result').locator('tbody tr');
  await expect(runs).toHaveCount(2, { timeout: 60_000 });
  await expect(twoFour.getByText(/The unpruned model scores/)).toBeVisible({ timeout: 30_000 });
  for (const row of await runs.all()) {
    expect(await num(row, 'data-after')).toBeGreaterThanOrEqual((await num(row, 'data-before')) - 0.002);
    await expect(row.locator('td').first()).toHaveText('50.0%');
  }

  const exercise = page.locator('form.exercise', { hasText: 'stored in 2:4 form' });
  await exercise.getByLabel('Your answer').fill('1.125');
  await exercise.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('exercise-two-four-bytes-feedback')).toHaveText('✓ Correct.');
});

test('an outlier channel costs per-tensor int8 accuracy and SmoothQuant wins it back', async ({ page }) => {
  await page.goto('./#/lessons/quantization?ol.calibration=64');
  const w = widget(page, 'One outlier channel and SmoothQuant');
  await w.getByRole('button', { name: 'Measure' }).click();
  const r = w.getByTestId('ol-result');
  await expect(r).toBeVisible({ timeout: 60_000 });
  expect(Math.abs((await num(r, 'data-float-injected')) - (await num(r, 'data-float')))).toBeLessThanOrEqual(0.0002);
  expect(await num(r, 'data-injected')).toBeLessThan((await num(r, 'data-int8')) - 0.01);
  expect(await num(r, 'data-smoothed')).toBeGreaterThan((await num(r, 'data-injected')) + 0.01);
});
