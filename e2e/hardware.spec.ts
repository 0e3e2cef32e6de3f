import { expect, test, type Page } from '@playwright/test';
import { encodeCompressedModel } from '../src/engine';
import { expectNoSeriousA11yViolations } from './a11y';

const LESSON = './#/lessons/hardware';

function widget(page: Page, title: string) {
  return page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

test('the energy bars put 99 % of LeNet-300-100’s fp32 energy in DRAM, and the toggles cut it', async ({ page }) => {
  await page.goto(LESSON);
  const energy = widget(page, 'Where the energy goes');
  const lenet = energy.locator('li[data-variant="lenet-300-100"]');
  await expect(lenet.getByTestId('energy-total')).toHaveText('172 µJ');
  await expect(lenet.getByTestId('energy-dram-share')).toHaveText('99.3 %');
  // The URL update that checks the box lands a moment after the click, so click and wait for it.
  await energy.getByLabel('int8 weights and activations').click();
  await expect(energy.getByLabel('int8 weights and activations')).toBeChecked();
  await expect(lenet.getByTestId('energy-total')).toHaveText('42.7 µJ');
  // The URL update that checks the box lands a moment after the click, so click and wait for it.
  await energy.getByLabel('weights fit in on-chip SRAM').click();
  await expect(energy.getByLabel('weights fit in on-chip SRAM')).toBeChecked();
  await expect(lenet.getByTestId('energy-total')).toHaveText('416 nJ');
  await expect(page).toHaveURL(/energy\.int8=1/);
  await expect(energy.locator('li[data-variant="lenet-300-100-dc"] [data-testid="energy-dram-share"]')).toHaveText('0.0 %');
});

test('the systolic array steps a real tile in 106 cycles and matches the network’s sums; the TPU table starves at batch 1', async ({ page }) => {
  await page.goto(`${LESSON}?sys.cycle=3`);
  const sys = widget(page, 'A systolic array you can step');
  await expect(sys.getByTestId('sys-cycle')).toHaveText('3', { timeout: 60_000 });
  // At cycle 3 PE (0, 0) has done 3 MACs, PE (1, 1) one, PE (3, 3) none yet.
  await expect(sys.getByTestId('pe-0-0')).toContainText('3 MACs');
  await expect(sys.getByTestId('pe-1-1')).toContainText('1 MACs');
  await expect(sys.getByTestId('pe-3-3')).toContainText('0 MACs');
  await sys.getByRole('button', { name: 'Step' }).click();
  await expect(sys.getByTestId('sys-cycle')).toHaveText('4');
  await sys.getByRole('button', { name: 'Run to the end' }).click();
  await expect(sys.getByTestId('sys-cycle')).toHaveText('106');
  await expect(sys.getByTestId('sys-check')).toContainText('equal the network’s own last-layer sums');
  await expect(sys.getByTestId('tpu-peak')).toHaveText('91.8 TOPS');
  const dense1 = sys.locator('tr[data-layer="dense1"]');
  await expect(dense1.getByTestId('util-1')).toHaveText('0.19 %');
  await expect(dense1.getByTestId('util-256')).toHaveText('39 %');
  // A typed image outside the test set is refused with a message naming the field.
  await sys.getByLabel('First test image').fill('20000');
  await expect(sys.getByRole('alert')).toContainText('First test image must be a whole number from 0 to 9,996');
});

test('EIE on the compressed first layer: 64 PEs are less balanced than 4, and the result equals the dense product', async ({ page }) => {
  await page.goto(LESSON);
  const eie = widget(page, 'EIE on a compressed layer');
  await expect(eie.getByTestId('eie-source')).toContainText('18,816 non-zero weights', { timeout: 60_000 });
  const b4 = Number.parseFloat(await eie.locator('tr[data-pes="4"] [data-testid="eie-balance"]').innerText());
  const b64 = Number.parseFloat(await eie.locator('tr[data-pes="64"] [data-testid="eie-balance"]').innerText());
  expect(b4).toBeCloseTo(94.4, 1);
  expect(b64).toBeCloseTo(60.3, 1);
  for (const pes of ['4', '16', '64']) expect(Number(await eie.locator(`tr[data-pes="${pes}"] [data-testid="eie-error"]`).innerText())).toBeLessThan(1e-5);
  await expect(eie.getByTestId('eie-bars').locator('span')).toHaveCount(64);
  await eie.getByLabel('Processing elements').selectOption('16');
  await expect(eie.getByTestId('eie-bars').locator('span')).toHaveCount(16);
  await eie.getByLabel('Test image').fill('1');
  await expect(eie.getByTestId('eie-caption')).toContainText('Digit 1');
});

test('EIE runs a layer loaded from a .clmz file: per-PE work as counted by hand, and the dense-product check', async ({ page }) => {
  // A 784 × 64 layer written by the engine's encoder: output 0 weighs every pixel by 0.5, output 1
  // by −0.25, the other 62 outputs nothing. Outputs go to PE j mod pes, so for every non-zero pixel
  // PE 0 and PE 1 do one multiply-accumulate each and every other PE none: load balance 2 / pes.
  const weights = new Float32Array(784 * 64);
  for (let i = 0; i < 784; i++) {
    weights[i * 64] = 0.5;
    weights[i * 64 + 1] = -0.25;
  }
  const bytes = encodeCompressedModel([{ name: 'dense1/kernel', shape: [784, 64], weights, centroids: Float32Array.of(0.5, 0.125, -0.25) }]);
  await page.goto(LESSON);
  const eie = widget(page, 'EIE on a compressed layer');
  await expect(eie.getByTestId('eie-source')).toContainText('18,816 non-zero weights', { timeout: 60_000 });
  await eie.getByLabel('Or load a .clmz file from lesson 5').setInputFiles({ name: 'two-outputs.clmz', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  await expect(eie.getByTestId('eie-source')).toHaveText(`Layer: two-outputs.clmz, layer “dense1/kernel”; 1,568 non-zero weights of 50,176, a ${bytes.length.toLocaleString('en-US')}-byte .clmz file.`);
  const broadcasts = Number((await eie.getByTestId('eie-caption').innerText()).match(/(\d+) non-zero pixels of 784/)![1]);
  expect(broadcasts).toBeGreaterThan(50);
  for (const [pes, balance] of [['4', '50.0 %'], ['16', '12.5 %'], ['64', '3.1 %']]) {
    const row = eie.locator(`tr[data-pes="${pes}"]`);
    await expect(row.locator('td').first()).toHaveText(String(broadcasts)); // the busiest PE: one MAC per broadcast
    await expect(row.getByTestId('eie-balance')).toHaveText(balance);
    expect(Number(await row.getByTestId('eie-error').innerText())).toBeLessThan(1e-5);
  }
  const bars = eie.getByTestId('eie-bars').locator('span');
  await expect(bars).toHaveCount(64);
  await expect(bars.nth(0)).toHaveAttribute('title', `PE 0: ${broadcasts}`);
  await expect(bars.nth(1)).toHaveAttribute('title', `PE 1: ${broadcasts}`);
  await expect(bars.nth(2)).toHaveAttribute('title', 'PE 2: 0');
  // A file without a 784-input Dense layer is refused with a sentence; the last good layer stays.
  const conv = encodeCompressedModel([{ name: 'conv1/kernel', shape: [5, 5, 1, 6], weights: new Float32Array(150).fill(0.5), centroids: Float32Array.of(0.5) }]);
  await eie.getByLabel('Or load a .clmz file from lesson 5').setInputFiles({ name: 'conv.clmz', mimeType: 'application/octet-stream', buffer: Buffer.from(conv) });
  await expect(eie.getByRole('alert')).toContainText('conv.clmz has no Dense layer with 784 inputs');
});

test('the decoding bound of a 7B int4 model on an A100 is 583 tokens/s, and a bad parameter count gets a message', async ({ page }) => {
  await page.goto(LESSON);
  const dec = widget(page, 'Decoding a language model');
  await expect(dec.getByTestId('dec-bound')).toHaveText('583');
  await expect(dec.getByTestId('dec-kv')).toHaveText('2 GB');
  await dec.getByLabel('Device').selectOption('laptop');
  await expect(dec.getByTestId('dec-bound')).toHaveText('28.6');
  await dec.getByLabel('Parameters (billion)').fill('-3');
  await expect(dec.getByRole('alert')).toContainText('Parameters must be a number from 0.01 billion to 2,000 billion');
  await expect(dec.getByTestId('dec-bound')).toHaveText('28.6');
});

test('lesson 1’s roofline with A100 presets: int8 moves the ridge to 401, 2:4 sparsity to 803 and shrinks the weights', async ({ page }) => {
  await page.goto(LESSON);
  const roof = widget(page, 'The roofline of an A100');
  await expect(roof.getByTestId('ridge')).toHaveText('12.5 FLOP/B');
  await expect(roof.getByLabel('Numbers')).toHaveValue('fp32');
  const dense1 = roof.locator('tbody tr[data-layer="dense1"]');
  await expect(dense1).toContainText('memory');
  await roof.getByLabel('Device').selectOption('a100-int8');
  await expect(roof.getByTestId('ridge')).toHaveText('401 FLOP/B');
  await expect(roof.getByLabel('Numbers')).toHaveValue('int8');
  // Batch 1, int8: dense1 moves 235,500 weight bytes and 1,084 activation bytes for 470,400 operations.
  await expect(dense1.getByTestId('roof-intensity')).toHaveText('1.99');
  await roof.getByLabel('Device').selectOption('a100-int8-sparse');
  await expect(roof.getByTestId('ridge')).toHaveText('803 FLOP/B');
  await expect(roof.getByTestId('weight-bytes')).toHaveText('0.625');
  // The same operations over 235,500 × 0.625 + 1,084 bytes.
  await expect(dense1.getByTestId('roof-intensity')).toHaveText('3.17');
  await expect(dense1).toContainText('memory');
  await roof.getByLabel('Batch size', { exact: true }).fill('1024');
  await expect(dense1).toContainText('memory');
  await expect(page).toHaveURL(/hwroof\.device=a100-int8-sparse/);
});

test('the exercises check answers computed by the engine, and the page has no serious accessibility violations', async ({ page }) => {
  await page.goto(LESSON);
  const ex = page.locator('form.exercise', { hasText: 'Google\'s TPU has 256 × 256' });
  await ex.getByLabel(/Your answer/).fill('92');
  await ex.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('exercise-tpu-peak-feedback')).toContainText('Correct');
  const llm = page.locator('form.exercise', { hasText: '7-billion-parameter model with 4-bit weights' });
  await llm.getByLabel(/Your answer/).fill('50');
  await llm.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('exercise-llm-int4-feedback')).toContainText('Not yet');
  await expect(page.locator('form.exercise')).toHaveCount(7);
  await expectNoSeriousA11yViolations(page);
});

test('the kernel timing job measures float32 and int8 products in the worker, and relaxed SIMD matches exactly', async ({ page }) => {
  await page.goto(`${LESSON}?kern.rows=16`);
  const kern = widget(page, 'float32 versus int8, measured here');
  await kern.getByRole('button', { name: 'Measure' }).click();
  const table = kern.getByTestId('kernel-table');
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table).toContainText('16 digits × 784 pixels');
  await expect(table).toContainText('equal the standard int8 kernel’s exactly');
  const speedup = Number(await table.getByTestId('speedup-i8').innerText());
  expect(speedup).toBeGreaterThan(0.5);
  console.log('kernel speed-ups', await table.innerText());

  // Predict, then measure: the 16-digit run does not answer the exercise, which asks for 64.
  const ex = page.locator('form.exercise', { hasText: 'Predict: how many times faster' });
  await ex.getByLabel(/Your prediction/).fill('2');
  await ex.getByRole('button', { name: 'Lock in my prediction' }).click();
  const result = page.getByTestId('exercise-predict-int8-speedup-measured');
  await expect(result).toContainText('used other settings');
  await kern.getByRole('textbox', { name: 'Test digits per product' }).fill('64');
  await kern.getByRole('button', { name: 'Measure' }).click();
  await expect(result).toContainText('Predicted 2 ×, measured', { timeout: 60_000 });
  await expect(table).toContainText('64 digits × 784 pixels');
  const measured = Number(await table.getByTestId('speedup-i8').innerText());
  await expect(result).toContainText(Math.abs(measured - 2) <= 0.5 ? 'A good prediction' : 'Further off than 0.5 ×');
});
