import { expect, test, type Locator, type Page, type Route } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Failure paths on lesson 1's live panels: downloads that fail (injected with routing), cancels
// and broken uploads each end in one clear state with a Retry, the panel stays usable, and the
// worker's tensors and tfjs bytes come back to what they were after the first success.
const LESSON = './#/lessons/why-compress';
const publicDir = join(import.meta.dirname, '../public');
const zoo = JSON.parse(readFileSync(join(publicDir, 'models/manifest.json'), 'utf8')) as { models: { id: string; testAccuracy: number }[] };

// `npm run test:soak` (SOAK=1) runs the first test as the soak: eight rounds instead of two
// and four cancels a round, which makes 40 failed downloads, 40 failed uploads and 33 cancels on one
// page. The suite runs two rounds, which exercise every path.
const SOAK = process.env.SOAK === '1';
const ROUNDS = SOAK ? 8 : 2;
const CANCELS_PER_ROUND = SOAK ? 4 : 1;

const evaluatePanel = (page: Page) => page.getByRole('region', { name: 'Evaluate a model on the test set' });

/** The ways a download fails, as a reader's network or server would make it fail. */
const FAILURES: [string, (route: Route) => Promise<void>][] = [
  ['404', (r) => r.fulfill({ status: 404, body: 'not found' })],
  ['an HTML page', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><h1>Please sign in</h1>' })],
  ['a dropped connection', (r) => r.abort('connectionreset')],
  ['500', (r) => r.fulfill({ status: 500, body: 'internal error' })],
];

/** Routes `pattern` through the failures in turn, one per request. */
async function failInTurn(page: Page, pattern: string) {
  let n = 0;
  await page.route(pattern, (route) => FAILURES[n++ % FAILURES.length][1](route));
}

/**
 * Requests to `pattern` hang until the returned function is called, which answers them 404 and
 * resolves once they are answered (so no late request reaches the real file).
 */
async function hang(page: Page, pattern: string): Promise<() => Promise<void>> {
  let release = () => undefined as void;
  const released = new Promise<void>((r) => { release = r; });
  const answered: Promise<void>[] = [];
  await page.route(pattern, (route) => {
    const answer = released.then(() => route.fulfill({ status: 404, body: 'gone' }).catch(() => undefined)); // the worker may have given up already
    answered.push(answer);
    return answer;
  });
  return async () => {
    release();
    await Promise.all(answered);
    await page.unroute(pattern);
  };
}

/** Nothing is running and nothing is stuck: no progress bar, Evaluate and the model menu enabled. */
async function expectUsable(panel: Locator) {
  await expect(panel.getByRole('progressbar')).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Evaluate on 10,000 test images' })).toBeEnabled();
  await expect(panel.getByRole('combobox', { name: /^Model/ })).toBeEnabled();
}

/** The alert says `message`, and still does a moment later (no late progress replaces it). */
async function expectFailure(page: Page, panel: Locator, message: RegExp) {
  await expect(panel.getByRole('alert')).toContainText(message);
  await page.waitForTimeout(150);
  await expect(panel.getByRole('alert')).toContainText(message);
  await expect(panel.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expectUsable(panel);
}

async function cancelWhileRunning(panel: Locator) {
  await panel.getByRole('button', { name: 'Evaluate on 10,000 test images' }).click();
  await expect(panel.getByRole('progressbar')).toBeVisible();
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.getByText('Evaluation cancelled.')).toBeVisible();
  await expectUsable(panel);
}

/** Clicks Evaluate and reads the result numbered `run` (the panel counts its finished evaluations). */
async function evaluateOnce(panel: Locator, run: number) {
  await panel.getByRole('button', { name: 'Evaluate on 10,000 test images' }).click();
  const result = panel.locator(`.live-result[data-run="${run}"]`);
  await expect(result).toBeVisible({ timeout: 60_000 });
  const tensors = result.getByTestId('tensors');
  return {
    accuracy: parseFloat((await result.getByTestId('accuracy').textContent())!),
    tensors: Number(await tensors.textContent()),
    bytes: Number(await tensors.getAttribute('data-bytes')),
  };
}

test('failed downloads, cancels and broken uploads leave the panel usable and the worker’s memory flat', async ({ page }) => {
  test.setTimeout(SOAK ? 900_000 : 150_000); // about 60 s on an idle machine (the soak about four times that)
  const entry = zoo.models.find((m) => m.id === 'lenet-300-100');
  test.skip(!entry, 'lenet-300-100 has not been trained yet');
  await page.goto(LESSON);
  const panel = evaluatePanel(page);
  await expect(panel.locator('.live-backend-status')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });

  // The test images fail to download four ways, twice over: by Evaluate, then by Retry.
  const images = '**/data/mnist-test-images.u8';
  await failInTurn(page, images);
  const says = [/mnist-test-images\.u8: HTTP 404/, /mnist-test-images\.u8: the server sent a web page instead of the data/, /could not download .*mnist-test-images\.u8/, /mnist-test-images\.u8: HTTP 500/];
  for (let i = 0; i < 8; i++) {
    const button = i < 4 ? 'Evaluate on 10,000 test images' : 'Retry';
    await panel.getByRole('button', { name: button }).click();
    await expectFailure(page, panel, says[i % 4]);
  }
  // A download that hangs is cancelled; the next one succeeds.
  await page.unroute(images);
  const release = await hang(page, images);
  await cancelWhileRunning(panel);
  await release();
  const first = await evaluateOnce(panel, 1);
  expect(first.accuracy).toBeCloseTo(entry!.testAccuracy * 100, 1);
  expect(first.tensors).toBeGreaterThan(0);

  const modelMenu = panel.getByRole('combobox', { name: /^Model/ });
  const picker = panel.getByLabel(/Your model: choose model\.json/);
  const modelJson = JSON.parse(readFileSync(join(publicDir, 'models/lenet-300-100/model.json'), 'utf8'));
  const weights = readFileSync(join(publicDir, 'models/lenet-300-100/weights.bin'));
  const upload = (json: unknown, bin: Buffer) => picker.setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: bin },
  ]);
  const edited = (edit: (layers: { config: Record<string, unknown> }[], specs: { shape: number[] }[]) => void) => {
    const json = structuredClone(modelJson);
    edit(json.modelTopology.config.layers, json.weightsManifest[0].weights);
    return json;
  };
  // Truncated weights, shapes that do not match, a huge layer in the topology, a huge declared layer,
  // a layer whose inputs do not match the layer before.
  const uploads: [unknown, Buffer, RegExp][] = [
    [modelJson, weights.subarray(0, 1000), /holds 1000 bytes/],
    [edited((_, specs) => { specs[0].shape = [300, 784]; }), weights, /has units 300 in its topology, but its kernel in the weights manifest has 784/],
    [edited((layers) => { layers[0].config.units = 300000; }), weights, /has units 300000 in its topology/],
    [edited((layers, specs) => { layers[0].config.units = 300000; specs[0].shape = [784, 300000]; specs[1].shape = [300000]; }), weights, /declares 898 MB of weights; this course loads models of at most 256 MB/],
    // dense2's kernel takes 301 inputs where dense1 gives 300 (the file holds the 400 bytes more it declares).
    [edited((_, specs) => { specs[2].shape = [301, 100]; }), Buffer.concat([weights, Buffer.alloc(400)]), /layer "dense2" \(Dense\) takes 301 input channels .* the layers before it give 300/],
  ];
  const lenet5 = '**/models/lenet-5/weights.bin';

  const counts = { failedDownloads: 8, failedUploads: 0, cancels: 1 };
  // Rounds, each followed by a successful evaluation that must match the first.
  for (let round = 0; round < ROUNDS; round++) {
    // A zoo model whose weights fail to download four ways, then one whose load is cancelled.
    await failInTurn(page, lenet5);
    await modelMenu.selectOption('lenet-5');
    for (let i = 0; i < 4; i++) {
      await panel.getByRole('button', { name: i === 0 ? 'Evaluate on 10,000 test images' : 'Retry' }).click();
      await expectFailure(page, panel, /the model "lenet-5" could not be loaded from .*lenet-5\/model\.json: /);
      counts.failedDownloads++;
    }
    if (round === 0) {
      // The latency panel reports the same failure with its own Retry.
      const latency = page.getByRole('region', { name: 'Measure latency against batch size' });
      await latency.getByRole('combobox', { name: /^Model/ }).selectOption('lenet-5');
      await latency.getByRole('button', { name: 'Measure latency' }).click();
      await expect(latency.getByRole('alert')).toContainText('The measurement failed: the model "lenet-5" could not be loaded');
      await latency.getByRole('button', { name: 'Retry' }).click();
      await expect(latency.getByRole('alert')).toContainText('The measurement failed: the model "lenet-5" could not be loaded');
      await expect(latency.getByRole('button', { name: 'Measure latency' })).toBeEnabled();
    }
    await page.unroute(lenet5);
    for (let i = 0; i < CANCELS_PER_ROUND; i++) {
      const releaseModel = await hang(page, lenet5);
      await cancelWhileRunning(panel);
      await releaseModel();
      counts.cancels++;
    }

    await modelMenu.selectOption('upload');
    for (const [json, bin, message] of uploads) {
      await upload(json, bin);
      await expect(panel.getByRole('alert')).toContainText(message);
      counts.failedUploads++;
    }

    // Back to the first model: the same accuracy, and the worker holds what it held after the first success.
    await modelMenu.selectOption('lenet-300-100');
    const again = await evaluateOnce(panel, round + 2);
    expect(again.accuracy).toBe(first.accuracy);
    expect(again.tensors).toBe(first.tensors);
    expect(again.bytes).toBe(first.bytes);
  }
  // Every panel the failures went through is usable at the end.
  await expectUsable(panel);
  const latency = page.getByRole('region', { name: 'Measure latency against batch size' });
  await expect(latency.getByRole('button', { name: 'Measure latency' })).toBeEnabled();
  await expect(latency.getByRole('progressbar')).toHaveCount(0);
  test.info().annotations.push({ type: 'failure paths', description: JSON.stringify(counts) });
  if (SOAK) expect(Math.min(counts.failedDownloads, counts.failedUploads, counts.cancels)).toBeGreaterThanOrEqual(30);
});

test('a lesson whose code fails to download offers Retry, which loads it', async ({ page }) => {
  let failing = true;
  await page.route('**/assets/01-why-compress-*.js', (route) => (failing ? route.abort('connectionreset') : route.continue()));
  await page.goto(LESSON);
  await expect(page.getByRole('alert')).toContainText('The lesson could not be loaded');
  failing = false;
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(evaluatePanel(page)).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a failed upload shows its failure, not the last model’s accuracy or table; a custom layer is listed as not counted', async ({ page }) => {
  test.setTimeout(90_000);
  const entry = zoo.models.find((m) => m.id === 'lenet-300-100');
  test.skip(!entry, 'lenet-300-100 has not been trained yet');
  const modelJson = readFileSync(join(publicDir, 'models/lenet-300-100/model.json'), 'utf8');
  const weights = { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: readFileSync(join(publicDir, 'models/lenet-300-100/weights.bin')) };
  const json = (text: string) => ({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  // LeNet-300-100 with a layer of the reader's own class after dense1.
  const custom = JSON.parse(modelJson);
  custom.modelTopology.config.layers.splice(1, 0, { class_name: 'MyScaling', config: { name: 'scale', factor: 2 } });
  const sentence = 'model.json cannot be built for evaluation: its layer MyScaling ("scale") is a custom class that tfjs does not know, whose code is not saved in model.json.';

  await page.goto(LESSON);
  const panel = evaluatePanel(page);
  await expect(panel.locator('.live-backend-status')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await panel.getByRole('combobox', { name: /^Model/ }).selectOption('upload');
  const picker = panel.getByLabel(/Your model: choose model\.json/);
  await picker.setInputFiles([json(modelJson), weights]);
  await expect(panel.getByText(/^Loaded: 4 layers, 266,610 parameters/)).toBeVisible();
  const scored = await evaluateOnce(panel, 1);
  expect(scored.accuracy).toBeCloseTo(entry!.testAccuracy * 100, 1);
  // The custom layer fails in one whole sentence; the uploaded model's accuracy goes with it.
  await picker.setInputFiles([json(JSON.stringify(custom)), weights]);
  await expect(panel.getByRole('alert')).toHaveText(`Your model could not be loaded: ${sentence}`);
  await expect(panel.locator('.live-result')).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Evaluate on 10,000 test images' })).toBeDisabled();

  // The summary counts what it can and lists the custom layer, and those fed through it, as not counted.
  const summary = page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: 'Model summary', exact: true }) });
  const summaryPicker = summary.getByLabel(/your own tfjs model/);
  await summaryPicker.setInputFiles([json(JSON.stringify(custom)), weights]);
  await expect(summary.getByTestId('summary-total')).toContainText('Your model (model.json)');
  await expect(summary.getByTestId('summary-params')).toHaveText('235,500'); // dense1 alone: 784·300 + 300
  await expect(summary.getByRole('alert')).toContainText('scale (MyScaling), dense2 (Dense, after a custom layer: input size unknown), logits (Dense, after a custom layer: input size unknown)');
  await expect(summary).toContainText('This model cannot be built for evaluation: its layer MyScaling ("scale") is a custom class that tfjs does not know, whose code is not saved in model.json.');
  // A broken file then shows its failure alone, not the last table nor the zoo model's.
  await summaryPicker.setInputFiles(json('{"modelTopology": {'));
  await expect(summary.getByRole('alert')).toContainText('model.json is not valid JSON');
  await expect(summary.getByTestId('summary-total')).toHaveCount(0);
  await summary.getByRole('button', { name: 'Back to the zoo model' }).click();
  await expect(summary.getByTestId('summary-params')).toHaveText('266,610');
});
