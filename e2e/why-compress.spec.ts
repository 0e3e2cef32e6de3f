import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './a11y';

const LESSON = './#/lessons/why-compress';

function widget(page: Page, title: string) {
  return page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

test('the summary shows LeNet-300-100 with 266,610 parameters and 266,200 MACs', async ({ page }) => {
  await page.goto(LESSON);
  const summary = widget(page, 'Model summary');
  await expect(summary.getByTestId('summary-params')).toHaveText('266,610');
  await expect(summary.getByTestId('summary-total')).toContainText('266,200 MACs (532,400 FLOPs) + 400 FLOPs in layers without MACs (ReLU, pooling, normalisation) = 532,800 FLOPs');
  await expect(summary.locator('tbody tr')).toHaveCount(5);
  await summary.getByLabel('Zoo model').selectOption('lenet-5');
  await expect(summary.getByTestId('summary-total')).toContainText('LeNet-5');
  await expect(summary.getByRole('rowheader', { name: 'conv1', exact: true })).toBeVisible();
});

test('the batch slider moves the dense layers of the roofline from memory-bound to compute-bound', async ({ page }) => {
  await page.goto(LESSON);
  const roof = widget(page, 'Roofline');
  await expect(roof.getByTestId('ridge')).toHaveText('201 FLOP/B');
  const row = roof.locator('tbody tr[data-layer="dense1"]');
  await expect(row).toContainText('memory');
  const point = roof.locator('svg [data-layer="dense1"]');
  const before = Number(await point.getAttribute('data-intensity'));
  expect(before).toBeCloseTo(0.997, 2);
  const xBefore = Number(await point.getAttribute('cx'));
  await roof.getByLabel('Batch size (slider, powers of two)').focus();
  await page.keyboard.press('End');
  await expect(roof.getByTestId('roof-batch')).toHaveText('1024');
  await expect(row).toContainText('arithmetic');
  // The compute-bound point is drawn as a square, further right.
  const moved = roof.locator('svg rect[data-layer="dense1"]');
  const after = Number(await moved.getAttribute('data-intensity'));
  expect(after).toBeGreaterThan(201);
  expect(Number(await moved.getAttribute('x')) + 6).toBeGreaterThan(xBefore + 200);
  // ReLU's intensity does not depend on the batch.
  await expect(roof.locator('tbody tr[data-layer="dense1/relu"] [data-testid="roof-intensity"]')).toHaveText('0.250');
});

test('a typed batch outside 1…1024 is refused with a message naming the range, never clamped, and the last batch stays', async ({ page }) => {
  await page.goto(LESSON);
  const roof = widget(page, 'Roofline');
  const input = roof.getByLabel('Batch size', { exact: true });
  await input.fill('64');
  await expect(roof.getByTestId('roof-batch')).toHaveText('64');
  await input.fill('0');
  await expect(roof.getByRole('alert')).toContainText('Batch size must be a whole number from 1 to 1,024; got “0”.');
  await input.fill('1000000');
  await expect(roof.getByRole('alert')).toContainText('Batch size must be a whole number from 1 to 1,024; got “1000000”.');
  await input.fill('2.5');
  await expect(roof.getByRole('alert')).toContainText('“2.5” is not whole');
  await expect(roof.getByTestId('roof-batch')).toHaveText('64');
});

test('the roofline labels every layer without overlaps and writes a huge ridge point in exponent form', async ({ page }) => {
  await page.goto(`${LESSON}?roof.model=lenet-5`);
  const roof = widget(page, 'Roofline');
  await expect(roof.locator('tbody tr[data-layer="conv1"]')).toBeVisible();
  await expect(roof.locator('tbody tr')).toHaveCount(await roof.locator('svg [data-layer]').count());
  const labels = roof.locator('svg .point-label text');
  const names = (await labels.allTextContents()).join(', ').split(', ');
  const layers = await roof.locator('tbody th[scope="row"]').allTextContents();
  expect(names.sort()).toEqual([...layers].sort());
  const boxes = await labels.evaluateAll((els) => els.map((e) => (e as SVGGraphicsElement).getBBox()).map((b) => ({ x: b.x, y: b.y, w: b.width, h: b.height })));
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      const apart = a.x + a.w <= b.x + 0.5 || b.x + b.w <= a.x + 0.5 || a.y + a.h <= b.y + 0.5 || b.y + b.h <= a.y + 0.5;
      expect(apart, `labels overlap: ${JSON.stringify([a, b])}`).toBe(true);
    }
  }
  // 1e9 GFLOP/s over 0.001 GB/s: a ridge at 10¹² FLOP/B, written in exponent form and marked off the chart.
  await page.goto(`${LESSON}?roof.device=browser&roof.precision=fp32&roof.peak=1e9&roof.bw=0.001`);
  await expect(roof.getByTestId('ridge')).toHaveText('1.00e12 FLOP/B');
  await expect(roof.getByTestId('ridge-label')).toHaveText('ridge 1.00e12 FLOP/B (off the chart →)');
});

test('the lecture’s A100 intensity table is reproduced', async ({ page }) => {
  await page.goto(LESSON);
  const rows = page.getByTestId('intensity-table').locator('tbody tr');
  await expect(rows.nth(0)).toContainText('315');
  await expect(rows.nth(0)).toContainText('arithmetic');
  await expect(rows.nth(1)).toContainText('memory access');
  await expect(rows.nth(2)).toContainText('2.25');
  await expect(rows.nth(3)).toContainText('0.250');
});

test('the layer calculator substitutes the sizes and flags groups that do not divide the channels', async ({ page }) => {
  await page.goto(LESSON);
  const calc = widget(page, 'Layer calculator');
  await calc.getByLabel(/^Layer/).selectOption('grouped');
  await expect(calc.getByTestId('calc-macs')).toHaveText('903,168'); // 28·28·3·3·(16/4)·32
  await calc.getByLabel('Groups G').fill('3');
  await expect(calc.getByTestId('calc-error')).toContainText('groups (3) must divide the input channels (16)');
  await calc.getByLabel('Groups G').fill('4');
  await expect(calc.getByTestId('calc-macs')).toHaveText('903,168');
  // Read by the shared parser: the field and its range are named, and the last layer stays.
  await calc.getByLabel('Groups G').fill('-1');
  await expect(calc.getByTestId('calc-field-error')).toHaveText('Groups G must be a whole number from 1 to 65,536; got “-1”.');
  await expect(calc.getByTestId('calc-macs')).toHaveText('903,168');
  await calc.getByLabel('Height H').fill('2.5');
  await expect(calc.getByTestId('calc-field-error').first()).toContainText('Height H must be a whole number from 1 to 16,384; “2.5” is not whole.');
  await calc.getByLabel('Groups G').fill('16');
  await expect(calc.getByTestId('calc-params')).toHaveText(String(3 * 3 * 1 * 32 + 32));
});

test('an exercise says "not yet" to a wrong answer and "correct" to the right one', async ({ page }) => {
  await page.goto(LESSON);
  const exercise = page.locator('form.exercise').first();
  const answer = exercise.getByLabel(/Your answer/);
  const feedback = page.getByTestId('exercise-dense-params-feedback');
  await answer.fill('235200');
  await exercise.getByRole('button', { name: 'Check' }).click();
  await expect(feedback).toContainText('Not yet');
  await answer.fill('235,500');
  await answer.press('Enter');
  await expect(feedback).toContainText('Correct');
  await exercise.getByRole('button', { name: 'Show the worked answer' }).click();
  await expect(exercise).toContainText('235,200 weights, plus 300 biases');
  const choice = page.locator('form.exercise', { hasText: 'which of these is compute-bound' });
  await choice.getByLabel('Linear 1024 → 4096 at batch 1', { exact: true }).check();
  await choice.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('exercise-a100-bound-feedback')).toContainText('Not yet');
  await choice.getByLabel('Linear 1024 → 4096 at batch 512').check();
  await choice.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('exercise-a100-bound-feedback')).toContainText('Correct');
});

test('a broken model.json gets a clear message and the rest of the page keeps working', async ({ page }) => {
  await page.goto(LESSON);
  const summary = widget(page, 'Model summary');
  const picker = summary.getByLabel(/your own tfjs model/);
  await picker.setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{"modelTopology": {') });
  await expect(summary.getByRole('alert')).toContainText('model.json is not valid JSON');
  await picker.setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "layers-model"}') });
  await expect(summary.getByRole('alert')).toContainText('no "modelTopology"');
  await expect(widget(page, 'Roofline').getByTestId('ridge')).toBeVisible();
});

test('a model with an unknown layer kind and no weight files is summarised with both problems named', async ({ page }) => {
  await page.goto(LESSON);
  const summary = widget(page, 'Model summary');
  const modelJson = {
    format: 'layers-model',
    modelTopology: {
      class_name: 'Sequential',
      config: {
        name: 'mine',
        layers: [
          { class_name: 'Dense', config: { name: 'hidden', units: 4, activation: 'tanh', batch_input_shape: [null, 3] } },
          { class_name: 'Dense', config: { name: 'out', units: 2, activation: 'linear' } },
        ],
      },
    },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [{ name: 'hidden/kernel', shape: [3, 4], dtype: 'float32' }] }],
  };
  await summary.getByLabel(/your own tfjs model/).setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(modelJson)) });
  await expect(summary.getByTestId('summary-total')).toContainText('Your model (model.json)');
  await expect(summary.getByTestId('summary-params')).toHaveText('26'); // 3·4 + 4 + 4·2 + 2
  await expect(summary.getByRole('alert')).toContainText('hidden/activation (Activation(tanh))');
  await expect(summary).toContainText('Missing weight file: group1-shard1of1.bin');
});

test('the URL restores the widgets’ state', async ({ page }) => {
  await page.goto(LESSON);
  const calc = widget(page, 'Layer calculator');
  await calc.getByLabel(/^Layer/).selectOption('depthwise');
  await calc.getByLabel('Input channels C_in').fill('64');
  // Wait for each change to reach the URL before the next widget writes to it.
  await expect(page).toHaveURL(/calc\.cin=64/);
  const roof = widget(page, 'Roofline');
  await roof.getByLabel('Device').selectOption('phone');
  await expect(page).toHaveURL(/roof\.device=phone/);
  await roof.getByLabel('Batch size', { exact: true }).fill('64');
  await expect(page).toHaveURL(/roof\.batch=64/);
  await widget(page, 'Model summary').getByLabel('Zoo model').selectOption('dsconv');
  await expect(page).toHaveURL(/calc\.kind=depthwise/);
  await expect(page).toHaveURL(/roof\.batch=64/);
  const url = page.url();
  const fresh = await page.context().newPage();
  await fresh.goto(url);
  const calc2 = widget(fresh, 'Layer calculator');
  await expect(calc2.getByLabel(/^Layer/)).toHaveValue('depthwise');
  await expect(calc2.getByLabel('Input channels C_in')).toHaveValue('64');
  await expect(calc2.getByTestId('calc-params')).toHaveText(String(3 * 3 * 64 + 64));
  const roof2 = widget(fresh, 'Roofline');
  await expect(roof2.getByLabel('Device')).toHaveValue('phone');
  await expect(roof2.getByTestId('roof-batch')).toHaveText('64');
  await expect(widget(fresh, 'Model summary').getByLabel('Zoo model')).toHaveValue('dsconv');
});

test('the roofline predicts the latency of LeNet-300-100 for each batch size', async ({ page }) => {
  await page.goto(LESSON);
  const mvp = widget(page, 'Measured versus predicted');
  await mvp.getByLabel(/This browser’s peak/).fill('2');
  await mvp.getByLabel('Bandwidth (GB/s)').fill('5');
  const slider = mvp.getByLabel(/^Batch sizes 1 to/);
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(mvp).toContainText('Batch sizes 1 to 1');
  await page.keyboard.press('ArrowRight');
  await expect(mvp).toContainText('Batch sizes 1 to 2');
  await page.keyboard.press('ArrowRight');
  await expect(mvp).toContainText('Batch sizes 1 to 4');
  await expect(mvp.locator('tbody tr')).toHaveCount(3);
  // Batch 1 of LeNet-300-100 at 2 GFLOP/s and 5 GB/s (ridge 0.4 FLOP/B): Σ max(FLOPs / 2e9, bytes / 5e9) = 267 µs.
  await expect(mvp.locator('tbody tr[data-batch="1"] td').first()).toHaveText('267 µs');
});

test('LeNet-300-100 is timed in the worker and the time set next to the prediction', async ({ page }) => {
  // The cpu backend: the measurement itself is what is tested here, not the wasm backend.
  await page.goto(`${LESSON}?mvp.max=2&rt.backend=cpu`);
  const mvp = widget(page, 'Measured versus predicted');
  await mvp.getByRole('button', { name: 'Measure latency' }).click();
  const measured = mvp.locator('tbody tr[data-batch="4"] td').nth(1);
  await expect(measured).toHaveText(/\d+(\.\d+)? (µs|ms|s)$/, { timeout: 90_000 });
  await expect(mvp.locator('tbody tr[data-batch="4"] td').nth(4)).toHaveText(/\d+(\.\d+)?×/);
});

test('“Measure this browser” times tfjs’s own kernels in the worker, and the chart sets the measured latency against the prediction', async ({ page }) => {
  await page.goto(`${LESSON}?mvp.max=3`);
  const mvp = widget(page, 'Measured versus predicted');
  await expect(mvp.getByTestId('mvp-limits')).toContainText('rough defaults');
  await mvp.getByRole('button', { name: 'Measure this browser' }).click();
  await expect(mvp.getByTestId('measured-limits')).toContainText('Measured on wasm: a 512×512 matrix product', { timeout: 60_000 });
  await expect(mvp.getByTestId('mvp-limits')).not.toContainText('rough defaults');
  const peak = Number(await mvp.getByLabel(/This browser’s peak/).inputValue());
  const bandwidth = Number(await mvp.getByLabel('Bandwidth (GB/s)').inputValue());
  expect(peak).toBeGreaterThan(0);
  expect(bandwidth).toBeGreaterThan(0);
  await mvp.getByRole('button', { name: 'Measure latency' }).click();
  await expect(mvp.locator('tbody tr[data-batch="8"] [data-testid="mvp-ratio"]')).toHaveText(/\d+(\.\d+)?×/, { timeout: 90_000 });
  const chart = mvp.locator('svg.live-chart');
  await expect(chart.locator('[data-series="reference"] circle')).toHaveCount(4);
  await expect(chart.locator('circle.dot')).toHaveCount(4);
  // Only axis labels that fit are written: none of them touch.
  const ys = await chart.locator('text[data-axis="y"]').evaluateAll((els) => els.map((e) => (e as SVGGraphicsElement).getBBox()).map((b) => [b.y, b.y + b.height]));
  expect(ys.length).toBeGreaterThan(1);
  const sorted = ys.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < sorted.length; i++) expect(sorted[i][0]).toBeGreaterThanOrEqual(sorted[i - 1][1]);
});

test('the lesson has no serious accessibility violations', async ({ page }) => {
  await page.goto(LESSON);
  await expect(widget(page, 'Model summary').getByTestId('summary-params')).toHaveText('266,610');
  await expect(widget(page, 'Roofline').locator('tbody tr').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
