import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './a11y';
import { predictWithPlainTfjs, savedDownload } from './tfjsNode';

const LESSON = './#/lessons/deep-compression';
const STAGES = ['original', 'pruned', 'shared', 'huffman'] as const;

function widget(page: Page, title: string) {
  return page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

async function stageValue(w: Locator, stage: string, what: 'ratio' | 'accuracy' | 'bits'): Promise<number> {
  return Number(await w.locator(`tr[data-stage="${stage}"] [data-testid="stage-${what}"]`).getAttribute('data-value'));
}

test('the quick pipeline shrinks LeNet-300-100 stage by stage; its file reloads with the same accuracy, a corrupted one is refused', async ({ page }) => {
  test.setTimeout(180_000); // the pipeline, two reloads and two tfjs exports, each over the whole test set
  await page.goto(LESSON);
  const pipeline = widget(page, 'The pipeline on the live model');
  await pipeline.getByRole('button', { name: /Quick setting/ }).click();
  await expect(pipeline.getByLabel('Retraining steps per round')).toHaveValue('100');
  await pipeline.getByRole('button', { name: 'Compress the model' }).click();
  await expect(pipeline.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await expect(pipeline.locator('tr[data-stage="huffman"]')).toBeVisible({ timeout: 100_000 });

  const ratio = Object.fromEntries(await Promise.all(STAGES.map(async (s) => [s, await stageValue(pipeline, s, 'ratio')] as const)));
  const accuracy = Object.fromEntries(await Promise.all(STAGES.map(async (s) => [s, await stageValue(pipeline, s, 'accuracy')] as const)));
  expect(ratio.original).toBe(1);
  expect(accuracy.original).toBeCloseTo(0.9835, 3);
  // Each stage multiplies the saving: about 9× from pruning, 28× with sharing, over 30× with Huffman coding.
  expect(ratio.pruned).toBeGreaterThan(8);
  expect(ratio.shared).toBeGreaterThan(2.5 * ratio.pruned);
  expect(ratio.huffman).toBeGreaterThan(ratio.shared);
  expect(ratio.huffman).toBeGreaterThan(30);
  // A few hundred retraining steps recover most, not all, of what pruning to 92 % costs; sharing
  // 32 or 64 values per layer costs little more.
  expect(accuracy.pruned).toBeGreaterThan(0.8);
  expect(Math.abs(accuracy.shared - accuracy.pruned)).toBeLessThan(0.02);
  expect(accuracy.huffman).toBe(accuracy.shared);
  await expect(pipeline.locator('tr[data-stage="huffman"] [data-testid="stage-ratio"]')).toHaveText(`${ratio.huffman.toFixed(1)}×`);
  await expect(pipeline.locator('tr[data-stage="pruned"] [data-testid="stage-accuracy"]')).toHaveText(`${(accuracy.pruned * 100).toFixed(2)}%`);

  // The bit accounting adds up to the file, which beats gzip and int8 by far, and says why the
  // pruned row is not the paper's "12×" and why a full 5-bit codebook costs 6 bits with fillers.
  const bits = widget(page, 'Bit accounting');
  await expect(bits.getByTestId('bits-pruned')).toContainText(`Why the pruned row says ${ratio.pruned.toFixed(1)}×`);
  await expect(bits.getByTestId('bits-fillers')).toContainText('33 symbols do not fit in 5 bits');
  expect(Number(await bits.getByTestId('compare-clmz').getAttribute('data-value'))).toBeCloseTo(ratio.huffman, 6);
  expect(Number(await bits.getByTestId('compare-gzip').getAttribute('data-value'))).toBeLessThan(1.2);
  expect(Number(await bits.getByTestId('compare-int8').getAttribute('data-value'))).toBeCloseTo(3.98, 1);

  // Codebook view: 32 shared values in dense1 after k-means and after fine-tuning.
  const codebook = widget(page, 'Codebook view');
  await expect(codebook.locator('[data-testid="centroids-tuned"] line')).toHaveCount(32);

  // Download the file and load it back.
  const reload = widget(page, 'Download and reload');
  const download = page.waitForEvent('download');
  await reload.getByTestId('clmz-download').click();
  const path = await (await download).path();
  const bytes = readFileSync(path);
  expect(bytes.length * 8).toBe(await stageValue(pipeline, 'huffman', 'bits'));
  await reload.getByLabel('Load a .clmz file').setInputFiles(path);
  const reloaded = reload.getByTestId('reloaded-accuracy');
  await expect(reloaded).toBeVisible({ timeout: 60_000 });
  expect(Number(await reloaded.getAttribute('data-value'))).toBe(accuracy.huffman);
  await expect(reload).toContainText('Its predictions are identical to the compressed model’s on every test image.');

  // Taken away as a standard tfjs model (uint8 kernels): plain tfjs in node predicts the digits the
  // page shows for the rebuilt files, and the sizes sit beside the .clmz file's and the paper's 40×.
  const takeaway = reload.getByTestId('tfjs-download');
  await takeaway.getByRole('button', { name: 'Make the tfjs files' }).click();
  const tfjsAccuracy = takeaway.getByTestId('tfjs-accuracy');
  await expect(tfjsAccuracy).toBeVisible({ timeout: 60_000 });
  const json = await savedDownload(Promise.all([page.waitForEvent('download'), takeaway.getByTestId('tfjs-json').click()]).then(([d]) => d));
  const bin = await savedDownload(Promise.all([page.waitForEvent('download'), takeaway.getByTestId('tfjs-bin').click()]).then(([d]) => d));
  expect([json.name, bin.name]).toEqual(['lenet-300-100-uint8.model.json', 'lenet-300-100-uint8.weights.bin']);
  expect(bin.bytes.length).toBe(266_200 + 4 * 410);
  expect(await predictWithPlainTfjs(json, [bin], 1000)).toBe(await tfjsAccuracy.getAttribute('data-predictions'));
  // Rounding the shared values onto 256 even levels moves few predictions.
  expect(Number(await takeaway.getByTestId('tfjs-differing').getAttribute('data-value'))).toBeLessThan(50);
  const sizes = reload.getByRole('table', { name: 'Sizes of the compressed model in each form' });
  expect(Number(await sizes.getByTestId('size-tfjs').getAttribute('data-value'))).toBe(json.bytes.length + bin.bytes.length);
  expect(Number(await sizes.getByTestId('size-clmz').getAttribute('data-value'))).toBe(bytes.length);
  await expect(sizes.getByTestId('size-paper')).toContainText('1070 KB → 27 KB');
  await expect(sizes.getByTestId('size-paper')).toContainText('40×');
  // float32 kernels keep the shared values and the zeros as they are: the same prediction on every image.
  await takeaway.getByLabel('Kernels stored as').selectOption('float32');
  await expect(page).toHaveURL(/dl\.tfjs=float32/);
  await takeaway.getByRole('button', { name: 'Make the tfjs files' }).click();
  await expect(takeaway.getByTestId('tfjs-bin')).toHaveAttribute('download', 'lenet-300-100-float32.weights.bin', { timeout: 60_000 });
  await expect(takeaway.getByTestId('tfjs-differing')).toHaveAttribute('data-value', '0');
  expect(Number(await tfjsAccuracy.getAttribute('data-value'))).toBe(accuracy.huffman);

  // Huffman coding off: the file written, downloaded and accounted has fixed-width codes, and is larger.
  // The URL update that changes the box lands a moment after the click, so click and wait for it.
  await pipeline.getByLabel('Stage 3: Huffman coding').click();
  await expect(pipeline.getByLabel('Stage 3: Huffman coding')).not.toBeChecked();
  await expect(page).toHaveURL(/dc\.huffman=0/);
  await expect(pipeline.locator('tr[data-stage="huffman"]')).toHaveCount(0);
  const fixedBits = await stageValue(pipeline, 'fixed', 'bits');
  expect(fixedBits).toBeGreaterThan(bytes.length * 8); // the Huffman-coded file
  const originalBits = await stageValue(pipeline, 'original', 'bits');
  await expect(bits.getByTestId('compare-clmz')).toHaveAttribute('data-value', String(originalBits / fixedBits));
  await expect(reload.getByTestId('clmz-download')).toContainText('fixed-width codes');
  const fixedDownload = page.waitForEvent('download');
  await reload.getByTestId('clmz-download').click();
  const fixedPath = await (await fixedDownload).path();
  expect(readFileSync(fixedPath).length * 8).toBe(fixedBits);
  await reload.getByLabel('Load a .clmz file').setInputFiles(fixedPath);
  await expect(reload).toContainText(`${(fixedBits / 8).toLocaleString('en-US')} bytes`);
  expect(Number(await reloaded.getAttribute('data-value'))).toBe(accuracy.huffman);
  await expect(reload).toContainText('Its predictions are identical to the compressed model’s on every test image.');
  await pipeline.getByLabel('Stage 3: Huffman coding').click();
  await expect(pipeline.getByLabel('Stage 3: Huffman coding')).toBeChecked();

  // A flipped byte is caught by the checksum; the last good result stays on the page.
  const corrupted = Buffer.from(bytes);
  corrupted[100] ^= 0xff;
  await reload.getByLabel('Load a .clmz file').setInputFiles({ name: 'corrupted.clmz', mimeType: 'application/octet-stream', buffer: corrupted });
  await expect(reload.getByRole('alert')).toHaveText('This file could not be loaded: the file is corrupted (checksum mismatch)');
  await expect(reloaded).toBeVisible();
  await reload.getByLabel('Load a .clmz file').setInputFiles({ name: 'short.clmz', mimeType: 'application/octet-stream', buffer: bytes.subarray(0, 50) });
  await expect(reload.getByRole('alert')).toContainText('the file ends early');

  await expectNoSeriousA11yViolations(page);
});

test('LeNet-5 goes through the same pipeline: conv layers with 8-bit codebooks, its own paper table, a file that reloads', async ({ page }) => {
  await page.goto(LESSON);
  const pipeline = widget(page, 'The pipeline on the live model');
  await pipeline.getByLabel('Model').selectOption('lenet-5');
  await expect(page).toHaveURL(/dc\.model=lenet-5/);
  await expect(pipeline.getByLabel('conv1 pruned percent')).toHaveValue('34');
  // Codebooks sized for the small convolutions: conv1 keeps 99 weights (3 bits), conv2 288 (5 bits).
  await expect(pipeline.getByLabel('conv1 cluster bits')).toHaveValue('3');
  await expect(pipeline.getByLabel('conv2 cluster bits')).toHaveValue('5');
  await expect(pipeline.getByLabel('fc1 cluster bits')).toHaveValue('5');
  await pipeline.getByRole('button', { name: /Quick setting/ }).click();
  await expect(pipeline.getByLabel('Retraining steps per round')).toHaveValue('200');
  await pipeline.getByRole('button', { name: 'Compress the model' }).click();
  await expect(pipeline.locator('tr[data-stage="huffman"]')).toBeVisible({ timeout: 150_000 });
  const ratio = Object.fromEntries(await Promise.all(STAGES.map(async (s) => [s, await stageValue(pipeline, s, 'ratio')] as const)));
  const accuracy = Object.fromEntries(await Promise.all(STAGES.map(async (s) => [s, await stageValue(pipeline, s, 'accuracy')] as const)));
  expect(accuracy.original).toBeCloseTo(0.9908, 3);
  expect(ratio.pruned).toBeGreaterThan(6);
  expect(ratio.shared).toBeGreaterThan(2 * ratio.pruned);
  expect(ratio.huffman).toBeGreaterThan(ratio.shared);
  expect(accuracy.pruned).toBeGreaterThan(0.9);
  expect(accuracy.huffman).toBe(accuracy.shared);

  await expect(widget(page, 'Bit accounting').locator('caption').last()).toContainText('Table 3 (LeNet-5');
  const codebook = widget(page, 'Codebook view');
  await codebook.getByLabel('Layer').selectOption('conv2/kernel');
  // 5 bits: 32 shared values for conv2's 288 kept weights.
  await expect(codebook.getByRole('img')).toHaveAttribute('aria-label', /kept weights of conv2/);
  await expect(codebook.locator('[data-testid="centroids-tuned"] line')).toHaveCount(32);
  // No layer's file is larger than its dense weights (conv1 once was: 138 %, with 99 centroids stored and 52 used).
  for (const total of await widget(page, 'Bit accounting').getByTestId('bits-total').all()) {
    expect(Number.parseFloat((await total.innerText()).split('(')[1])).toBeLessThan(100);
  }

  const reload = widget(page, 'Download and reload');
  await expect(reload.getByTestId('clmz-download')).toHaveAttribute('download', 'lenet-5.clmz');
  const download = page.waitForEvent('download');
  await reload.getByTestId('clmz-download').click();
  await reload.getByLabel('Load a .clmz file').setInputFiles(await (await download).path() as string);
  const reloaded = reload.getByTestId('reloaded-accuracy');
  await expect(reloaded).toBeVisible({ timeout: 60_000 });
  expect(Number(await reloaded.getAttribute('data-value'))).toBe(accuracy.huffman);
});

test('impossible settings are named and block the run', async ({ page }) => {
  await page.goto(`${LESSON}?dc.b1=9&dc.s2=abc`);
  const pipeline = widget(page, 'The pipeline on the live model');
  await expect(pipeline.getByRole('alert')).toContainText('dense2 sparsity must be a number from 0 % to 100 %; “abc” is not a number.');
  await expect(pipeline.getByRole('button', { name: 'Compress the model' })).toBeDisabled();
  await pipeline.getByLabel('dense2 pruned percent').fill('91');
  await expect(pipeline.getByRole('alert')).toHaveText('dense1 cluster bits must be a whole number from 0 to 8; got “9”.');
  await pipeline.getByLabel('dense1 cluster bits').fill('5');
  await expect(pipeline.getByRole('alert')).toHaveCount(0);
  await pipeline.getByLabel('Fine-tuning learning rate').fill('0');
  await expect(pipeline.getByRole('alert')).toHaveText('Fine-tuning learning rate must be a number from 0.000001 to 0.1; got “0”.');
  await expect(pipeline.getByRole('button', { name: 'Compress the model' })).toBeDisabled();
  await pipeline.getByLabel('Fine-tuning learning rate').fill('3e-4');
  await expect(pipeline.getByRole('alert')).toHaveCount(0);
  await expect(page).toHaveURL(/dc\.ftlr=3e-4/);
});
