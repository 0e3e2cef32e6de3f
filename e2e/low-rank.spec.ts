import { expect, test, type Locator, type Page } from '@playwright/test';

const LESSON = './#/lessons/low-rank';

function widget(page: Page, title: string) {
  return page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

async function value(l: Locator): Promise<number> {
  return Number(await l.getAttribute('data-value'));
}

test('the rank slider replaces fc1 by its rank-k approximation and reports accuracy, parameters and error', async ({ page }) => {
  await page.goto(`${LESSON}?lr.rank=32`);
  const w = widget(page, 'Replace a layer by its rank-k approximation');
  await expect(w.getByTestId('spectrum-chart').locator('circle')).toHaveCount(300, { timeout: 60_000 });
  const accuracy = w.getByTestId('rank-accuracy');
  await expect(accuracy).toHaveAttribute('data-rank', '32', { timeout: 30_000 });
  await expect(w.getByTestId('factored-params')).toHaveAttribute('data-value', String(32 * (784 + 300)));
  const at32 = await value(accuracy);
  const base = await value(w.getByTestId('base-accuracy'));
  expect(base).toBeCloseTo(0.9835, 3);
  expect(at32).toBeGreaterThan(0.9);
  expect(at32).toBeLessThan(base + 0.005);
  await page.screenshot({ path: 'test-results/low-rank-1280.png', fullPage: true });

  // Keyboard: the slider moves one rank per arrow press.
  await w.getByLabel('Rank k').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(accuracy).toHaveAttribute('data-rank', '31', { timeout: 10_000 });

  // Bad input: a message naming the field and its range; the last result stays.
  const field = w.getByRole('textbox', { name: 'Rank' });
  await field.fill('0');
  await expect(w.getByRole('alert')).toContainText('Rank must be a whole number from 1 to 300');
  await field.fill('abc');
  await expect(w.getByRole('alert')).toContainText('is not a number');
  await expect(accuracy).toHaveAttribute('data-rank', '31');
});
