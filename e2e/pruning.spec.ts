import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './a11y';
import { compressionOfSparsities, modelCost, sparsitiesFromScan } from '../src/engine';

const LESSON = './#/lessons/pruning';
/** LeNet-300-100: 266,200 kernel weights and 410 biases. */
const KERNEL_WEIGHTS = 784 * 300 + 300 * 100 + 100 * 10;
const PARAMS = KERNEL_WEIGHTS + 410;
/** Images of each digit among MNIST's 10,000 test images. */
const MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
/** As the widgets print milliseconds (src/widgets/live/format.ts). */
const formatMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(3)} ms`);

function widget(page: Page, title: string) {
  return page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

async function value(l: Locator): Promise<number> {
  return Number(await l.getAttribute('data-value'));
}

test('90 % one-shot magnitude pruning shows an accuracy and the counts; a short retrain raises the accuracy', async ({ page }) => {
  await page.goto(LESSON);
  const w = widget(page, 'Prune the live model');
  await expect(w.getByLabel('Sparsity (% of weights pruned)')).toHaveValue('90');
  await w.getByRole('button', { name: 'Prune and evaluate' }).click();
  const accuracy = w.getByTestId('prune-accuracy');
  await expect(accuracy).toBeVisible({ timeout: 90_000 });
  const pruned = await value(accuracy);
  const base = await value(w.getByTestId('base-accuracy'));
  expect(base).toBeCloseTo(0.9835, 3);
  expect(pruned).toBeGreaterThan(0.3);
  expect(pruned).toBeLessThan(base);
  // Each layer loses round(0.9 · n) weights; biases are kept.
  const kept = (784 * 300 - Math.round(0.9 * 784 * 300)) + (30000 - Math.round(0.9 * 30000)) + (1000 - Math.round(0.9 * 1000));
  await expect(w.getByTestId('nonzero-params')).toHaveAttribute('data-value', String(kept + 410));
  expect(await value(w.getByTestId('compression'))).toBeCloseTo(PARAMS / (kept + 410), 6);
  await expect(w.locator('tr[data-format="dense"] [data-testid="format-bytes"]')).toHaveAttribute('data-value', String(PARAMS * 4));

  await w.getByLabel('Retraining steps').selectOption('100');
  await w.getByRole('button', { name: 'Retrain with masks held' }).click();
  await expect(w.getByText(/after 100 retraining steps/)).toBeVisible({ timeout: 90_000 });
  const retrained = await value(w.getByTestId('prune-accuracy'));
  expect(retrained).toBeGreaterThan(pruned + 0.02);
  // The masks were held: the non-zero count has not grown.
  await expect(w.getByTestId('nonzero-params')).toHaveAttribute('data-value', String(kept + 410));

  // Taken away as a tfjs model (float32 by default): the zeros are written out, so the weight file is
  // as large as the dense model, and the files rebuilt in the worker score what the page measured.
  const takeaway = w.getByTestId('tfjs-download');
  await takeaway.getByRole('button', { name: 'Make the tfjs files' }).click();
  await expect(takeaway.getByTestId('tfjs-bin')).toHaveAttribute('download', 'lenet-300-100-pruned-float32.weights.bin', { timeout: 60_000 });
  await expect(takeaway.getByTestId('tfjs-bin')).toHaveAttribute('data-bytes', String(PARAMS * 4));
  await expect(takeaway.getByTestId('tfjs-differing')).toHaveAttribute('data-value', '0');
  expect(await value(takeaway.getByTestId('tfjs-accuracy'))).toBe(retrained);
  // Pruning again replaces the model: the files made from the old one are withdrawn.
  await w.getByRole('button', { name: 'Prune and evaluate' }).click();
  await expect(takeaway.getByTestId('tfjs-stale')).toBeVisible({ timeout: 90_000 });
  await expect(takeaway.getByTestId('tfjs-bin')).toHaveCount(0);
});

test('the sensitivity scan draws one curve per layer to 99 %, zoomed to the data, with the full scale and the values on request', async ({ page }) => {
  await page.goto(LESSON);
  const w = widget(page, 'Sensitivity scan');
  await w.getByRole('button', { name: 'Run the scan' }).click();
  const chart = w.getByTestId('sensitivity-chart');
  await expect(chart).toBeVisible({ timeout: 90_000 });
  // Points stream in; wait for the scan to finish.
  await expect(w.getByRole('button', { name: 'Run the scan' })).toBeEnabled({ timeout: 120_000 });
  for (const layer of ['dense1', 'dense2', 'logits']) await expect(chart.locator(`g[data-curve="${layer}"] circle`)).toHaveCount(9);
  await expect(chart.locator('g[data-curve]')).toHaveCount(3);
  await expect(w.getByText(/first 2,000 test images/)).toBeVisible();

  // Every layer's value at 0 … 99 % is in the table, and the text names the values at 90 and 99 %.
  await w.getByText('The measured accuracies').click();
  const table = w.getByTestId('sensitivity-table');
  await expect(table.locator('tbody tr')).toHaveCount(9);
  await expect(table.locator('tr[data-sparsity="0.99"] th')).toHaveText('99 %');
  const cell = (sparsity: string, layer: string) => table.locator(`tr[data-sparsity="${sparsity}"] td[data-layer="${layer}"]`);
  const values: number[] = [];
  for (const layer of ['dense1', 'dense2', 'logits']) {
    for (const sp of ['0', '0.9', '0.99']) values.push(Number(await cell(sp, layer).getAttribute('data-value')));
    const at99 = Number(await cell('0.99', layer).getAttribute('data-value'));
    await expect(w.getByText(/At 99 %:/)).toContainText(`${layer} ${(at99 * 100).toFixed(1)}%`);
  }
  expect(values.every((v) => v > 0 && v <= 1)).toBe(true);

  // The scan becomes per-layer sparsities within the allowed drop (1 point by default), as the engine chooses them from the shown values.
  const shownPoints = [];
  for (const layer of ['dense1', 'dense2', 'logits']) {
    for (const row of await table.locator('tbody tr').all()) {
      shownPoints.push({ layer, sparsity: Number(await row.getAttribute('data-sparsity')), accuracy: Number(await row.locator(`td[data-layer="${layer}"]`).getAttribute('data-value')) });
    }
  }
  const chosen = sparsitiesFromScan(shownPoints, 0.01).map((c) => c.sparsity);
  const summary = w.getByTestId('scan-sparsities');
  await expect(summary).toHaveAttribute('data-layers', chosen.map((c) => String(c * 100)).join(','));
  expect(Number(await summary.getAttribute('data-compression'))).toBeCloseTo(compressionOfSparsities([235_200, 30_000, 1_000], chosen, PARAMS).compression, 9);
  const wider = sparsitiesFromScan(shownPoints, 0.05).map((c) => String(c.sparsity * 100)).join(',');
  await w.getByLabel('Allowed accuracy drop per layer (points)').fill('5');
  await expect(summary).toHaveAttribute('data-layers', wider);
  await expect(page).toHaveURL(/ps\.drop=5/);
  // The button fills "Prune the live model" (per layer, magnitude) through its URL state.
  await w.getByRole('button', { name: 'Use as per-layer sparsities in “Prune the live model”' }).click();
  const prune = widget(page, 'Prune the live model');
  await expect(prune.getByLabel('Sparsity given')).toHaveValue('layer');
  await expect(prune.getByLabel(/Sparsity per layer, %/)).toHaveValue(wider);
  await expect(page).toHaveURL(/pr\.scope=layer/);

  // The axis is zoomed to the points up to 90 %, where the layers are close; the box gives the full 0–100 % scale, kept in the URL.
  const upTo90: number[] = [];
  for (const layer of ['dense1', 'dense2', 'logits']) for (const sp of ['0', '0.5', '0.7', '0.8', '0.9']) upTo90.push(Number(await cell(sp, layer).getAttribute('data-value')));
  const lowest = Math.min(...upTo90);
  await expect(chart).toHaveAttribute('aria-label', /accuracy axis zoomed to/);
  const ticks = (await chart.locator('.tick-y').allTextContents()).map((t) => parseFloat(t) / 100);
  // The lowest tick sits within one tick step (5 points) of the lowest point, never at 0 %.
  expect(Math.min(...ticks)).toBeLessThan(lowest + 0.05);
  expect(Math.min(...ticks)).toBeGreaterThan(lowest - 0.15);
  const full = w.getByLabel('Show the full 0–100 % accuracy scale');
  await full.click(); // the box follows the URL, which updates after the click
  await expect(full).toBeChecked();
  await expect(chart).toHaveAttribute('aria-label', /accuracy axis from 0 to 100 %/);
  await expect(chart.locator('.tick-y', { hasText: /^0%$/ })).toHaveCount(1);
  await expect(page).toHaveURL(/ps\.full=1/);
});

test('honest speed: the unpruned row, structured pruning lowers parameters and latency, and the layout of the first layer is measured', async ({ page }) => {
  await page.goto(`${LESSON}?ph.units=0.75&ph.batch=1`);
  const w = widget(page, 'Honest speed');
  await w.getByRole('button', { name: 'Measure' }).click();
  const small = w.getByTestId('small-params');
  await expect(small).toBeVisible({ timeout: 90_000 });
  // A quarter of the neurons of each hidden layer kept: 784·75 + 75 + 75·25 + 25 + 25·10 + 10.
  expect(await value(small)).toBe(784 * 75 + 75 + 75 * 25 + 25 + 260);
  // The unpruned model has its own row: all 266,610 parameters, the zoo model's accuracy.
  const unprunedRow = w.locator('tr[data-row="unpruned"]');
  await expect(unprunedRow.locator('td').first()).toHaveText('266,610');
  expect(await value(w.getByTestId('unpruned-accuracy'))).toBeCloseTo(0.9835, 3);
  const unpruned = await value(w.getByTestId('unpruned-ms'));
  const smaller = await value(w.getByTestId('small-ms'));
  expect(smaller).toBeLessThan(unpruned);
  await expect(w.getByTestId('csr-product-ms')).toBeVisible();
  // The whole model against its first layer's product in both layouts, in words, with the shown times.
  const wx = await value(w.getByTestId('dense-product-ms'));
  const xw = await value(w.getByTestId('layer-product-ms'));
  const note = w.getByTestId('layout-note');
  await expect(note).toContainText(formatMs(xw));
  await expect(note).toContainText(unpruned < wx ? 'is faster than its own first layer' : 'in the layer\'s own layout x·W');
  if (unpruned < wx) await expect(note).toContainText(`${(wx / xw).toFixed(1)}× slower`);

  // Removing every neuron of a layer is refused: one is kept, and the page says so.
  const units = w.getByLabel('Neurons removed per hidden layer, structured (%)');
  await units.fill('100');
  await w.getByRole('button', { name: 'Measure' }).click();
  await expect(w.getByTestId('kept-one')).toContainText('dense1 and dense2 each kept its strongest neuron', { timeout: 90_000 });
  expect(await value(w.getByTestId('small-params'))).toBe(784 + 1 + 1 + 1 + 10 + 10);
  // Typed text goes through the shared parser: named, with its range; the URL keeps the last good value.
  await units.fill('abc');
  await expect(w.getByRole('alert')).toContainText('Neurons removed per hidden layer, structured must be a number from 0 % to 100 %; “abc” is not a number.');
  await expect(page).toHaveURL(/ph\.units=1(&|$)/);
});

test('whole neurons of LeNet-300-100 and whole filters of LeNet-5: the smaller model has the parameters and MACs the cost model gives for the kept units, and retrains', async ({ page }) => {
  await page.goto(`${LESSON}?pr.unit=neurons&pr.steps=100`);
  const w = widget(page, 'Prune the live model');
  await expect(w.getByLabel('Neurons removed per hidden dense layer (%)')).toHaveValue('50');
  await w.getByRole('button', { name: 'Prune and evaluate' }).click();
  const params = w.getByTestId('smaller-params');
  await expect(params).toBeVisible({ timeout: 90_000 });
  await expect(w.locator('tr[data-layer="dense1"] [data-testid="units-kept"]')).toHaveAttribute('data-value', '150');
  await expect(w.locator('tr[data-layer="dense2"] [data-testid="units-kept"]')).toHaveAttribute('data-value', '50');
  const kept = modelCost([{ kind: 'dense', inputs: 784, units: 150 }, { kind: 'dense', inputs: 150, units: 50 }, { kind: 'dense', inputs: 50, units: 10 }]);
  expect(await value(params)).toBe(kept.params);
  expect(await value(w.getByTestId('smaller-macs'))).toBe(kept.macs);
  expect(await value(w.getByTestId('smaller-bytes'))).toBe(kept.params * 4);
  const removed = await value(w.getByTestId('smaller-accuracy'));
  expect(removed).toBeGreaterThan(0.5);

  await w.getByRole('button', { name: 'Retrain the smaller model' }).click();
  const retrained = w.getByTestId('smaller-retrained');
  await expect(retrained).toBeVisible({ timeout: 90_000 });
  await expect(w.getByText(/after 100 retraining steps/)).toBeVisible();
  expect(await value(retrained)).toBeGreaterThan(0.9);
  expect(await value(params)).toBe(kept.params);
  // Taken away, the smaller model's float32 file holds only the weights that are left.
  const takeaway = w.getByTestId('tfjs-download');
  await takeaway.getByRole('button', { name: 'Make the tfjs files' }).click();
  await expect(takeaway.getByTestId('tfjs-bin')).toHaveAttribute('download', 'lenet-300-100-smaller-float32.weights.bin', { timeout: 60_000 });
  await expect(takeaway.getByTestId('tfjs-bin')).toHaveAttribute('data-bytes', String(kept.params * 4));
  await expect(takeaway.getByTestId('tfjs-differing')).toHaveAttribute('data-value', '0');
  expect(await value(takeaway.getByTestId('tfjs-accuracy'))).toBe(await value(retrained));

  // Filters are for convolutions: LeNet-300-100 has none, and says so.
  await w.getByLabel('Granularity').selectOption('filters');
  await expect(w.getByRole('alert')).toContainText('LeNet-300-100 has no convolutions');
  await expect(w.getByRole('button', { name: 'Prune and evaluate' })).toBeDisabled();

  // LeNet-5's conv1 and conv2 keep half their filters, and the layers after lose the matching inputs.
  await w.getByRole('combobox', { name: /^Model/ }).selectOption('lenet-5');
  await w.getByRole('button', { name: 'Prune and evaluate' }).click();
  await expect(w.locator('tr[data-layer="conv1"] [data-testid="units-kept"]')).toHaveAttribute('data-value', '3', { timeout: 90_000 });
  await expect(w.locator('tr[data-layer="conv2"] [data-testid="units-kept"]')).toHaveAttribute('data-value', '8');
  await expect(w.locator('tr[data-layer="fc1"] [data-testid="units-kept"]')).toHaveAttribute('data-value', '120');
  // conv1 'same' 28×28 → pool 14×14 → conv2 'valid' 10×10 → pool 5×5·8 = 200 inputs of fc1.
  const lenet5 = modelCost([
    { kind: 'conv2d', inputShape: [28, 28, 1], filters: 3, kernelSize: [5, 5], padding: 'same' },
    { kind: 'conv2d', inputShape: [14, 14, 3], filters: 8, kernelSize: [5, 5] },
    { kind: 'dense', inputs: 200, units: 120 }, { kind: 'dense', inputs: 120, units: 84 }, { kind: 'dense', inputs: 84, units: 10 },
  ]);
  expect(await value(params)).toBe(lenet5.params);
  expect(await value(w.getByTestId('smaller-macs'))).toBe(lenet5.macs);
});

test('100 % sparsity says the network predicts one class; out-of-range sparsities get a message', async ({ page }) => {
  await page.goto(LESSON);
  const w = widget(page, 'Prune the live model');
  const field = w.getByLabel('Sparsity (% of weights pruned)');
  await field.fill('100');
  await w.getByRole('button', { name: 'Prune and evaluate' }).click();
  await expect(w.getByTestId('one-class')).toBeVisible({ timeout: 90_000 });
  await expect(w.getByTestId('one-class')).toContainText('Every image gets the same answer');
  const accuracy = await value(w.getByTestId('prune-accuracy'));
  expect(accuracy).toBeGreaterThan(0.05);
  expect(accuracy).toBeLessThan(0.2);
  await expect(w.getByTestId('prune-accuracy')).not.toContainText('NaN');
  await expect(w.getByTestId('nonzero-params')).toHaveAttribute('data-value', '410');

  await field.fill('150');
  await expect(w.getByRole('alert')).toContainText('Sparsity must be a number from 0 % to 100 %; got “150”.');
  await expect(w.getByRole('button', { name: 'Prune and evaluate' })).toBeDisabled();
  // Words and blanks are refused too, never read as the default 90 %, and never written to the URL.
  await field.fill('abc');
  await expect(w.getByRole('alert')).toContainText('“abc” is not a number');
  await expect(w.getByRole('button', { name: 'Prune and evaluate' })).toBeDisabled();
  expect(page.url()).not.toContain('NaN');
  // The last result stays.
  await expect(w.getByTestId('nonzero-params')).toHaveAttribute('data-value', '410');

  await page.goto(`${LESSON}?pr.sparsity=-0.2`);
  const again = widget(page, 'Prune the live model');
  await expect(again.getByRole('alert')).toContainText('got “-20”');
  await expect(again.getByRole('button', { name: 'Prune and evaluate' })).toBeDisabled();
});

test('prune and retrain streams points, reaches the target sparsity and can be cancelled keeping what was measured', async ({ page }) => {
  await page.goto(`${LESSON}?pi.schedule=polynomial&pi.allocation=paper&pi.decay=1&pi.events=2&pi.steps=30`);
  const w = widget(page, 'Prune and retrain');
  await w.getByRole('button', { name: 'Prune and retrain' }).click();
  const result = w.getByTestId('retrain-result');
  await expect(result).toBeVisible({ timeout: 90_000 });
  expect(Number(await result.getAttribute('data-compression'))).toBeGreaterThan(11.5);
  await expect(w.getByTestId('retrain-chart').locator('g[data-curve="test accuracy"] circle')).toHaveCount(6);
  await expect(result.locator('tr[data-layer="dense1"] td').nth(1)).toHaveText('8.0%');

  // The reader's own time for the run is shown.
  expect(await value(w.getByTestId('retrain-seconds'))).toBeGreaterThan(0);

  await page.goto(`${LESSON}?pi.schedule=polynomial&pi.allocation=paper&pi.events=4&pi.steps=400`);
  const w2 = widget(page, 'Prune and retrain');
  await w2.getByRole('button', { name: 'Prune and retrain' }).click();
  await expect(w2.getByTestId('retrain-latest')).toBeVisible({ timeout: 90_000 });
  await w2.getByRole('button', { name: 'Cancel' }).click();
  await expect(w2.getByRole('status').filter({ hasText: 'Cancelled. The pruned copy keeps the weights of its last finished step' })).toBeVisible();
  await expect(w2.getByTestId('retrain-chart')).toBeVisible();
});

test('prune and retrain to 100 % says the model collapsed to one class, whose share is the accuracy', async ({ page }) => {
  await page.goto(`${LESSON}?pi.sparsity=1&pi.events=1&pi.steps=10`);
  const w = widget(page, 'Prune and retrain');
  await w.getByRole('button', { name: 'Prune and retrain' }).click();
  const note = w.getByTestId('one-class');
  await expect(note).toBeVisible({ timeout: 90_000 });
  await expect(note).toContainText('with all weights gone');
  await expect(note).toContainText('the model has collapsed to one class');
  const digit = Number((await note.textContent())?.match(/same answer, class (\d)/)?.[1]);
  const accuracy = Number(await w.getByTestId('retrain-result').getAttribute('data-accuracy'));
  expect(Math.round(accuracy * 10000)).toBe(MNIST_TEST_COUNTS[digit]);
  await expect(note).toContainText(`${(accuracy * 100).toFixed(2)}%`);
});

test('the URL restores the settings of each widget', async ({ page }) => {
  await page.goto(LESSON);
  const w = widget(page, 'Prune the live model');
  await w.getByLabel('Method').selectOption('random');
  await w.getByLabel('Sparsity (% of weights pruned)').fill('75');
  await w.getByLabel('Retraining steps').selectOption('1000');
  await widget(page, 'Sensitivity scan').getByLabel('Test images').selectOption('10000');
  await widget(page, 'Prune and retrain').getByLabel('Schedule').selectOption('iterative');
  await widget(page, 'Honest speed').getByLabel('Batch size').selectOption('64');
  await expect(page).toHaveURL(/pr\.method=random/);
  await expect(page).toHaveURL(/pr\.sparsity=0\.75/);
  await page.reload();
  const again = widget(page, 'Prune the live model');
  await expect(again.getByLabel('Method')).toHaveValue('random');
  await expect(again.getByLabel('Sparsity (% of weights pruned)')).toHaveValue('75');
  await expect(again.getByLabel('Retraining steps')).toHaveValue('1000');
  await expect(widget(page, 'Sensitivity scan').getByLabel('Test images')).toHaveValue('10000');
  await expect(widget(page, 'Prune and retrain').getByLabel('Schedule')).toHaveValue('iterative');
  await expect(widget(page, 'Honest speed').getByLabel('Batch size')).toHaveValue('64');
});

test('the lesson has no serious accessibility violations', async ({ page }) => {
  await page.goto(LESSON);
  await expect(widget(page, 'Prune the live model').getByRole('button', { name: 'Prune and evaluate' })).toBeEnabled({ timeout: 60_000 });
  await expectNoSeriousA11yViolations(page);
});
