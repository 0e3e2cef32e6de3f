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

  // Full rank, from the test set's cached projections on all 300 singular vectors: the original
  // model's accuracy to within two images (float32 sums in another order).
  await field.fill('300');
  await expect(accuracy).toHaveAttribute('data-rank', '300', { timeout: 10_000 });
  expect(Math.abs((await value(accuracy)) - base)).toBeLessThanOrEqual(2 / 10_000);
});

test('splitting LeNet-5\'s conv2 by channels reports accuracy, parameters and MACs for the rank a reader picks', async ({ page }) => {
  test.setTimeout(240_000); // its job waits in the worker's queue behind the rank widget's SVD and evaluations
  await page.goto(`${LESSON}?cs.rank=4`);
  const w = widget(page, "Split LeNet-5's second convolution by channels");
  const accuracy = w.getByTestId('cs-accuracy');
  await expect(accuracy).toHaveAttribute('data-rank', '4', { timeout: 150_000 });
  // 5·5·6·r + r·16 weights and 16 biases; the 10×10 output pixels each cost 166·r MACs.
  await expect(w.getByTestId('cs-params')).toHaveAttribute('data-value', String(166 * 4 + 16));
  await expect(w.getByTestId('cs-macs')).toHaveAttribute('data-value', String(100 * 166 * 4));
  const original = await value(w.getByTestId('cs-original'));
  expect(original).toBeGreaterThan(0.98);
  const at4 = await value(accuracy);
  expect(at4).toBeLessThan(original);
  expect(await value(w.getByTestId('cs-error'))).toBeGreaterThan(0);

  // Full rank: the pair computes conv2 exactly, so the accuracy comes back, at more MACs than before.
  await w.getByRole('textbox', { name: 'Rank r of conv2' }).fill('16');
  await expect(accuracy).toHaveAttribute('data-rank', '16', { timeout: 30_000 });
  expect(await value(accuracy)).toBeCloseTo(original, 3);
  expect(await value(w.getByTestId('cs-error'))).toBeLessThan(1e-6);
  await expect(w.getByTestId('cs-mac-ratio')).toContainText('0.90×');

  // Keyboard, then bad input: a message naming the field and its range, the last result kept.
  await w.getByLabel('Rank r', { exact: true }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(accuracy).toHaveAttribute('data-rank', '15', { timeout: 30_000 });
  await w.getByRole('textbox', { name: 'Rank r of conv2' }).fill('17');
  await expect(w.getByRole('alert')).toContainText('Rank r of conv2 must be a whole number from 1 to 16');
  await expect(accuracy).toHaveAttribute('data-rank', '15');

  // Predict, then measure at rank 8.
  const ex = page.locator('form.exercise', { hasText: 'split by channels at rank 8' });
  await ex.getByLabel(/Your prediction/).fill('90');
  await ex.getByRole('button', { name: 'Lock in my prediction' }).click();
  await w.getByRole('textbox', { name: 'Rank r of conv2' }).fill('8');
  await expect(accuracy).toHaveAttribute('data-rank', '8', { timeout: 30_000 });
  const at8 = (await value(accuracy)) * 100;
  await expect(page.getByTestId('exercise-predict-conv-rank8-measured')).toContainText(`measured ${at8.toLocaleString('en', { maximumFractionDigits: 2 })} %`);
});

test('factorising fc1 at rank 32 and fine-tuning a few steps reports 6.78× fewer fc1 weights and the accuracies', async ({ page }) => {
  await page.goto(`${LESSON}?ff.rank=32&ff.steps=40`);
  const w = widget(page, 'Factorise fc1, then fine-tune');
  await w.getByRole('button', { name: 'Factorise and fine-tune' }).click();
  await expect(w.getByTestId('ff-after')).toBeVisible({ timeout: 60_000 });
  expect(await value(w.getByTestId('ff-ratio'))).toBeCloseTo((784 * 300) / (32 * 1084), 4);
  expect(await value(w.getByTestId('ff-original'))).toBeCloseTo(0.9835, 3);
  expect(await value(w.getByTestId('ff-before'))).toBeGreaterThan(0.95);
  expect(await value(w.getByTestId('ff-after'))).toBeGreaterThan(0.95);
  await w.getByRole('textbox', { name: 'Rank k of fc1' }).fill('301');
  await expect(w.getByRole('alert')).toContainText('Rank k of fc1 must be a whole number from 1 to 300');
  // The last accepted rank stays in the plan.
  await expect(w.getByTestId('planned-ratio')).toHaveText('6.78×');
});

test('the Winograd stepper counts 16 against 36 and 36 against 144 multiplications, and fp16 hurts the bigger tile more', async ({ page }) => {
  await page.goto(`${LESSON}?wg.step=4`);
  const w = widget(page, 'Winograd stepper');
  await expect(w.getByTestId('wg-mults')).toHaveAttribute('data-value', '16', { timeout: 60_000 });
  await expect(w.getByTestId('wg-direct-mults')).toHaveAttribute('data-value', '36');
  await expect(w.getByTestId('wg-output').locator('tr')).toHaveCount(2);
  expect(await value(w.getByTestId('wg-error32'))).toBeLessThan(1e-5);
  // Over the whole 28×28 digit, F(4×4, 3×3) in fp16 strays further from the exact output than F(2×2, 3×3).
  expect(await value(w.getByTestId('wg-image-error16-4'))).toBeGreaterThan(await value(w.getByTestId('wg-image-error16-2')));
  await w.getByLabel('Tile').selectOption('4');
  await expect(w.getByTestId('wg-mults')).toHaveAttribute('data-value', '36');
  await expect(w.getByTestId('wg-direct-mults')).toHaveAttribute('data-value', '144');
  await w.getByRole('button', { name: 'Previous step' }).click();
  await expect(w.getByTestId('wg-step')).toHaveAttribute('data-value', '3');
  await w.getByRole('textbox', { name: 'Patch row' }).fill('23');
  await expect(w.getByRole('alert')).toContainText('Patch row must be a whole number from 0 to 22');
});

test('im2col unrolls the digit into 784 × 25 and one product matches tfjs conv2d', async ({ page }) => {
  await page.goto(LESSON);
  const w = widget(page, 'im2col on a real digit');
  await expect(w.getByTestId('ic-rows')).toHaveAttribute('data-value', '784', { timeout: 60_000 });
  await expect(w.getByTestId('ic-cols')).toHaveAttribute('data-value', '25');
  await expect(w.getByTestId('ic-difference')).toBeVisible({ timeout: 30_000 });
  expect(await value(w.getByTestId('ic-difference'))).toBeLessThan(1e-4);
  await expect(w.getByTestId('ic-growth').locator('tbody tr').first()).toContainText('25.00×');
});

test('an exercise checks the rank-32 parameter count', async ({ page }) => {
  await page.goto(LESSON);
  const exercise = page.locator('form.exercise', { hasText: 'two factors of its rank-32 approximation' });
  const answer = exercise.getByLabel(/Your answer/);
  const feedback = page.getByTestId('exercise-rank32-params-feedback');
  await answer.fill('235200');
  await exercise.getByRole('button', { name: 'Check' }).click();
  await expect(feedback).toContainText('Not yet');
  await answer.fill('34,688');
  await exercise.getByRole('button', { name: 'Check' }).click();
  await expect(feedback).toContainText('Correct');
  await expect(page.locator('form.exercise')).toHaveCount(9);
});

test('LoRA trains only r·(784 + 300) numbers and lifts the accuracy on inverted digits', async ({ page }) => {
  test.setTimeout(180_000); // the 60,000 training images are inverted and the model trained twice
  await page.goto(`${LESSON}?lo.rank=2&lo.steps=60&lo.lr=0.01`);
  const w = widget(page, 'Adapt with a low-rank update (LoRA)');
  await w.getByRole('button', { name: 'Adapt to inverted digits' }).click();
  await expect(w.getByTestId('lo-lora')).toBeVisible({ timeout: 150_000 });
  await expect(w.getByTestId('lo-trainable')).toHaveAttribute('data-value', String(2 * (784 + 300)));
  await expect(w.getByTestId('lo-full-trainable')).toHaveAttribute('data-value', '266610');
  expect(await value(w.getByTestId('lo-lora'))).toBeGreaterThan(await value(w.getByTestId('lo-original')));
});
