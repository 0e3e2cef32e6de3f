import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './a11y';
import { predictWithPlainTfjs, savedDownload } from './tfjsNode';

const LESSON = './#/lessons/quantization';
const LAYERS = ['dense1', 'dense2', 'logits'];

function widget(page: Page) {
  return page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: 'Quantize the live model', exact: true }) });
}

async function sqnrs(w: Locator): Promise<number[]> {
  return Promise.all(LAYERS.map(async (l) => Number(await w.locator(`tr[data-layer="${l}"] [data-testid="sqnr"]`).getAttribute('data-value'))));
}

function sweepWidget(page: Page) {
  return page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: 'Accuracy versus bits', exact: true }) });
}

/** The accuracy shown for the current settings, once it has been measured (fresh). */
async function freshAccuracy(w: Locator): Promise<number> {
  const shown = w.locator('[data-testid="quant-accuracy"][data-fresh="true"]');
  await expect(shown).toBeVisible({ timeout: 90_000 });
  return Number(await shown.getAttribute('data-value'));
}

async function quantizedAccuracy(w: Locator): Promise<number> {
  await w.getByRole('button', { name: 'Quantize and evaluate' }).click();
  return freshAccuracy(w);
}

test('8-bit per-channel weights stay within half a point of float; 2 bits per tensor drop visibly, updating on their own', async ({ page }) => {
  await page.goto(`${LESSON}?qm.granularity=channel`);
  const w = widget(page);
  const q8 = await quantizedAccuracy(w);
  const float = Number(await w.getByTestId('float-accuracy').getAttribute('data-value'));
  expect(float).toBeCloseTo(0.9835, 3);
  expect(Math.abs(q8 - float)).toBeLessThan(0.005);
  await expect(w.getByTestId('quant-accuracy')).toHaveText(`${(q8 * 100).toFixed(2)}%`);

  // No second click: the accuracy follows the controls.
  await w.getByLabel('Scales').selectOption('tensor');
  await w.getByLabel('Weight bits').selectOption('2');
  await expect(w.getByTestId('quant-settings')).toContainText('2-bit symmetric weights per tensor', { timeout: 90_000 });
  const q2 = await freshAccuracy(w);
  expect(q2).toBeLessThan(float - 0.02);

  // Taken away as a tfjs model: the 2-bit grid is kept in uint8 codes, the files rebuilt in the
  // worker score what the page measured, and plain tfjs in node predicts the digits the page shows.
  const takeaway = w.getByTestId('tfjs-download');
  await expect(takeaway.getByLabel('Kernels stored as')).toHaveValue('uint8');
  await takeaway.getByRole('button', { name: 'Make the tfjs files' }).click();
  await expect(takeaway.getByTestId('tfjs-accuracy')).toBeVisible({ timeout: 60_000 });
  await expect(takeaway.getByTestId('tfjs-differing')).toHaveText('and predicts the same digit as the quantized model on every one');
  await expect(takeaway).toContainText('every kernel already sat on one uniform grid');
  const json = await savedDownload(Promise.all([page.waitForEvent('download'), takeaway.getByTestId('tfjs-json').click()]).then(([d]) => d));
  const bin = await savedDownload(Promise.all([page.waitForEvent('download'), takeaway.getByTestId('tfjs-bin').click()]).then(([d]) => d));
  expect([json.name, bin.name]).toEqual(['lenet-300-100-w2-tensor-symmetric-uint8.model.json', 'lenet-300-100-w2-tensor-symmetric-uint8.weights.bin']);
  expect(bin.bytes.length).toBe(266_200 + 4 * 410);
  expect(Number(await takeaway.getByTestId('tfjs-accuracy').getAttribute('data-correct'))).toBe(Math.round(q2 * 10_000));
  const shown = await takeaway.getByTestId('tfjs-accuracy').getAttribute('data-predictions');
  expect(shown).toHaveLength(1000);
  expect(await predictWithPlainTfjs(json, [bin], 1000)).toBe(shown);
});

test('activation quantization calibrates each layer and shows an accuracy; a bad percentile keeps the last result', async ({ page }) => {
  await page.goto(`${LESSON}?qm.abits=8&qm.images=300`);
  const w = widget(page);
  const a8 = await quantizedAccuracy(w);
  const float = Number(await w.getByTestId('float-accuracy').getAttribute('data-value'));
  expect(Math.abs(a8 - float)).toBeLessThan(0.005);
  await expect(w.getByTestId('quant-settings')).toContainText('8-bit activations (min/max on 300 images)');
  const ranges = w.getByRole('table', { name: 'Calibrated activation ranges' });
  await expect(ranges.locator('tbody tr')).toHaveCount(3);
  // dense1 follows a ReLU: its affine range starts at 0 and its zero point is 0.
  await expect(ranges.locator('tr[data-activation="dense1"] td').first()).toHaveText('0.000');
  await expect(ranges.locator('tr[data-activation="dense1"] td').nth(3)).toHaveText('0');

  await w.getByLabel('Activation bits').selectOption('3');
  await w.getByLabel('Calibration method').selectOption('percentile');
  await expect(w.getByTestId('quant-settings')).toContainText('3-bit activations (99.99th percentile on 300 images)', { timeout: 90_000 });
  const a3 = await freshAccuracy(w);
  expect(a3).toBeLessThan(a8);

  await w.getByLabel('Percentile kept').fill('0');
  await expect(w.getByRole('alert')).toContainText('A percentile must be above 0 and at most 100 (got 0)');
  await expect(w.getByRole('alert')).toContainText('still the one for');
  await expect(w.getByTestId('quant-accuracy')).toHaveAttribute('data-value', String(a3));
  await expect(w.getByTestId('quant-accuracy')).toHaveAttribute('data-fresh', 'false');
  await expect(w.getByRole('button', { name: 'Quantize and evaluate' })).toBeDisabled();
  await w.getByLabel('Calibration images').fill('0');
  await expect(w.getByRole('alert')).toContainText('at least one image');
});

test('the size and the per-layer SQNR follow the bit width: about 6 dB per bit', async ({ page }) => {
  await page.goto(LESSON);
  const w = widget(page);
  await expect(w.locator('tr[data-layer="dense1"]')).toBeVisible();
  // 266,200 kernel weights at 8 bits + 3 scales × 4 B + 410 float32 biases.
  await expect(w.getByTestId('quant-bytes')).toHaveAttribute('data-value', String(266200 + 12 + 410 * 4));
  await expect(w.getByTestId('float-bytes')).toHaveText('1.02 MB');
  const at8 = await sqnrs(w);
  // Under the histogram, the rounding error: per tensor symmetric nothing is clipped, so no weight is
  // off by more than half a step; at 4 bits the step, and the RMS error with it, is about 16 times larger.
  const errorSummary = w.getByTestId('quant-error-summary');
  await expect(errorSummary).toContainText('Rounding error ŵ − w: RMS');
  const errorAt = async () => ({ rms: Number(await errorSummary.getAttribute('data-rms')), max: Number(await errorSummary.getAttribute('data-max')), half: Number(await errorSummary.getAttribute('data-half-step')) });
  const e8 = await errorAt();
  expect(e8.max).toBeLessThanOrEqual(e8.half * (1 + 1e-4));
  expect(await w.getByTestId('quant-error-bands').locator('rect').count()).toBeGreaterThan(50);
  await w.getByLabel('Weight bits').selectOption('4');
  await expect(w.getByTestId('quant-bytes')).toHaveAttribute('data-value', String(266200 / 2 + 12 + 410 * 4));
  const at4 = await sqnrs(w);
  await expect(errorSummary).not.toHaveAttribute('data-rms', String(e8.rms));
  const e4 = await errorAt();
  expect(e4.max).toBeLessThanOrEqual(e4.half * (1 + 1e-4));
  expect(e4.rms / e8.rms).toBeGreaterThan(10);
  expect(e4.rms / e8.rms).toBeLessThan(25);
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

test('the URL restores every setting, and a link with 0 or 17 bits is refused with a message', async ({ page }) => {
  await page.goto(LESSON);
  const w = widget(page);
  await w.getByLabel('Weight bits').selectOption('ternary');
  await w.getByLabel('Scales').selectOption('channel');
  await expect(w.getByLabel('Zero point')).toBeDisabled();
  await w.getByLabel('Histogram of layer').selectOption('dense2/kernel');
  await w.getByLabel('Activation bits').selectOption('6');
  await w.getByLabel('Calibration method').selectOption('percentile');
  await w.getByLabel('Percentile kept').fill('99.9');
  await w.getByLabel('Calibration images').fill('250');
  await expect(page).toHaveURL(/qm\.bits=ternary/);
  await expect(page).toHaveURL(/qm\.granularity=channel/);
  await expect(page).toHaveURL(/qm\.layer=dense2%2Fkernel|qm\.layer=dense2\/kernel/);
  await expect(page).toHaveURL(/qm\.abits=6/);
  await expect(page).toHaveURL(/qm\.calib=percentile/);
  await expect(page).toHaveURL(/qm\.pct=99\.9(&|$)/);
  await expect(page).toHaveURL(/qm\.images=250/);
  await page.reload();
  const again = widget(page);
  await expect(again.getByLabel('Weight bits')).toHaveValue('ternary');
  await expect(again.getByLabel('Scales')).toHaveValue('channel');
  await expect(again.getByLabel('Histogram of layer')).toHaveValue('dense2/kernel');
  await expect(again.getByLabel('Activation bits')).toHaveValue('6');
  await expect(again.getByLabel('Calibration method')).toHaveValue('percentile');
  await expect(again.getByLabel('Percentile kept')).toHaveValue('99.9');
  await expect(again.getByLabel('Calibration images')).toHaveValue('250');
  await expect(again.getByTestId('quant-hist-summary')).toContainText('30,000 weights');
  await expect(again.getByTestId('quant-hist-summary')).toContainText('3 levels');

  await page.goto(`${LESSON}?qm.model=lenet-5&qm.bits=4&qm.scheme=affine`);
  const conv = widget(page);
  await expect(conv.getByLabel('Model')).toHaveValue('lenet-5');
  await expect(conv.getByLabel('Zero point')).toHaveValue('affine');
  await expect(conv.locator('tr[data-layer="conv1"]')).toBeVisible();
  await expect(conv.getByTestId('quant-hist-summary')).toContainText('150 weights');
  await expect(conv.getByTestId('quant-levels').locator('line')).toHaveCount(16);

  await page.goto(`${LESSON}?bs.curves=channel-affine,casts&bs.images=1000&bs.qbits=4&bs.qgran=channel&bs.qscheme=affine&bs.qsteps=50&bs.zoom=0`);
  const sweep = sweepWidget(page);
  await expect(sweep.getByLabel('per channel, affine')).toBeChecked();
  await expect(sweep.getByLabel('per tensor, symmetric')).not.toBeChecked();
  await expect(sweep.getByLabel('Test images')).toHaveValue('1000');
  await expect(sweep.getByLabel('QAT weight bits')).toHaveValue('4');
  await expect(sweep.getByLabel('QAT scales')).toHaveValue('channel');
  await expect(sweep.getByLabel('QAT zero point')).toHaveValue('affine');
  await expect(sweep.getByLabel('Training steps')).toHaveValue('50');
  await expect(sweep.getByLabel('Zoom into 90–100% accuracy')).not.toBeChecked();
  await expect(sweep.getByRole('button', { name: 'Sweep 11 configurations' })).toBeVisible();
  // A link with 9,000 steps is named by its field, and QAT does not start.
  await page.goto(`${LESSON}?bs.qsteps=9000`);
  await expect(sweepWidget(page).getByRole('alert')).toHaveText('Training steps must be a whole number from 1 to 5,000; got “9000”.');
  await expect(sweepWidget(page).getByRole('button', { name: 'Train with QAT' })).toBeDisabled();

  // A bad link: 0 weight bits and 17 activation bits are refused with a message.
  await page.goto(`${LESSON}?qm.bits=0&qm.abits=17`);
  const bad = widget(page);
  await expect(bad.getByRole('alert')).toContainText('Weight bits must be a whole number from 1 to 8, or “ternary” (the link asks for “0”)');
  await expect(bad.getByRole('alert')).toContainText('Activation bits must be “off” or a whole number from 2 to 16 (the link asks for “17”)');
  await expect(bad.getByRole('button', { name: 'Quantize and evaluate' })).toBeDisabled();
  await expect(bad.getByLabel('Weight bits')).toHaveValue('0');
  // Choosing a valid width clears the message.
  await bad.getByLabel('Weight bits').selectOption('8');
  await bad.getByLabel('Activation bits').selectOption('off');
  await expect(bad.getByRole('alert')).toHaveCount(0);
  await expect(bad.getByRole('button', { name: 'Quantize and evaluate' })).toBeEnabled();

});

test('the sweep draws a curve per scheme and the float casts, with accuracy rising with bits', async ({ page }) => {
  await page.goto(`${LESSON}?bs.curves=tensor-symmetric,channel-affine,casts&bs.images=1000`);
  const s = sweepWidget(page);
  await s.getByRole('button', { name: 'Sweep 18 configurations' }).click();
  await expect(s.getByRole('table', { name: 'Accuracy of each configuration' }).locator('tbody tr')).toHaveCount(18, { timeout: 90_000 });
  for (const curve of ['tensor-symmetric', 'channel-affine']) {
    await expect(s.locator(`g[data-curve="${curve}"] .sweep-mark`)).toHaveCount(7);
    expect(await s.locator(`g[data-curve="${curve}"] path.sweep-solid`).getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){6}$/);
  }
  // Symmetric marks are circles, affine ones diamonds.
  await expect(s.locator('g[data-curve="tensor-symmetric"] circle.sweep-mark')).toHaveCount(7);
  await expect(s.locator('g[data-curve="channel-affine"] path.sweep-mark')).toHaveCount(7);
  const acc = async (id: string) => Number(await s.locator(`tr[data-point="${id}"] [data-testid="sweep-accuracy"]`).getAttribute('data-value'));
  expect(await acc('tensor-symmetric:8')).toBeGreaterThan(await acc('tensor-symmetric:2') + 0.02);
  expect(await acc('channel-affine:8')).toBeGreaterThan(0.97);
  expect(await acc('casts:fp16')).toBeGreaterThan(0.97);
  await expect(s.locator('g[data-point="casts:fp8e4m3"] rect')).toHaveCount(1);
  await expect(s.locator('.sweep-cast16')).toHaveCount(2);

  // The encoding the caption states: only the float references are dashed or dotted, every curve's
  // swatch differs, and marks below the zoomed axis are hollow (filled with the page's background).
  const chart = s.locator('svg.sweep-svg');
  const dashed = await chart.evaluate((svg) => [...svg.querySelectorAll('line, path')]
    .filter((el) => getComputedStyle(el).strokeDasharray !== 'none')
    .map((el) => el.closest('g')?.getAttribute('class') ?? ''));
  expect(dashed.length).toBe(3);
  for (const g of dashed) expect(g).toMatch(/sweep-float|sweep-cast16/);
  const swatches = await s.locator('.sweep-curves label').evaluateAll((labels) => labels.map((l) => {
    const svg = l.querySelector('svg.sweep-swatch')!;
    const mark = svg.querySelector('.sweep-mark')!;
    return `${getComputedStyle(svg).color} ${mark.tagName} ${svg.querySelector('line') ? getComputedStyle(svg.querySelector('line')!).strokeDasharray : 'no line'}`;
  }));
  expect(swatches).toHaveLength(7);
  expect(new Set(swatches).size).toBe(7);
  expect(await acc('tensor-symmetric:2')).toBeLessThan(0.9);
  await expect(s.getByTestId('sweep-caption')).toContainText('hollow marks lie below 90%');
  const fills = await s.locator('g[data-curve="tensor-symmetric"] .sweep-mark').evaluateAll((marks) => marks.map((m) => [m.classList.contains('sweep-below'), getComputedStyle(m).fill, getComputedStyle(m.closest('g')!).color]));
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(fills.filter(([below]) => below).length).toBeGreaterThanOrEqual(1);
  for (const [below, fill, colour] of fills) expect(fill).toBe(below ? background : colour);
});

test('quantization-aware training at 3 bits beats post-training quantization at 3 bits', async ({ page }) => {
  test.setTimeout(120_000);
  // The recipe of the lesson: 3-bit symmetric weights per tensor, 200 steps of 64 images, seed 1.
  await page.goto(`${LESSON}?bs.qbits=3&bs.qsteps=200`);
  const s = sweepWidget(page);
  await s.getByRole('button', { name: 'Train with QAT' }).click();
  const result = s.getByTestId('qat-result');
  await expect(result).toBeVisible({ timeout: 100_000 });
  const qat = Number(await result.getAttribute('data-qat'));
  const ptq = Number(await result.getAttribute('data-ptq'));
  expect(ptq).toBeGreaterThan(0.95);
  expect(qat).toBeGreaterThan(ptq + 0.003);
  // The QAT run sits on its own scheme's line, as a triangle in that scheme's colour.
  await expect(s.locator('g[data-qat-curve="tensor-symmetric"] path.sweep-mark')).toHaveCount(1);
  await expect(s.locator('g[data-qat-curve]')).toHaveCount(1);
  await expect(s.locator('tr[data-point="qat:3"]')).toBeVisible();

  // Typed like a reader: bad step counts are named with their range, the link keeps 200, and the
  // result shown stays.
  for (const [text, message] of [
    ['0', 'Training steps must be a whole number from 1 to 5,000; got “0”.'],
    ['12.5', 'Training steps must be a whole number from 1 to 5,000; “12.5” is not whole.'],
    ['many', 'Training steps must be a whole number from 1 to 5,000; “many” is not a number.'],
  ]) {
    await s.getByLabel('Training steps').fill(text);
    await expect(s.getByRole('alert')).toHaveText(message);
    await expect(result).toHaveAttribute('data-qat', String(qat));
  }
  await expect(page).toHaveURL(/bs\.qsteps=200/);
});

test('an evaluation and a sweep can be cancelled, and the lesson has no serious accessibility violations', async ({ page }) => {
  await page.goto(LESSON);
  const w = widget(page);
  await w.getByRole('button', { name: 'Quantize and evaluate' }).click();
  await w.getByRole('button', { name: 'Cancel' }).click();
  await expect(w.getByRole('status').filter({ hasText: 'Evaluation cancelled.' })).toBeVisible();
  await expect(w.getByRole('button', { name: 'Quantize and evaluate' })).toBeEnabled();
  const s = sweepWidget(page);
  await s.getByRole('button', { name: /^Sweep \d+ configurations$/ }).click();
  await s.getByRole('button', { name: 'Cancel' }).click();
  await expect(s.getByRole('status').filter({ hasText: 'Sweep cancelled.' })).toBeVisible();

  await expect(w.getByTestId('quant-hist-summary')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
