// The quantization lesson's live widget in headless Chromium on wasm: time from a control change
// to the updated accuracy over the 10,000 test images for LeNet-300-100 (issue target: under
// 300 ms), measured inside the page from the change event to the DOM showing the new accuracy.
// Three kinds of change: activation bits (the first layer's float output is cached in the worker,
// so only the later layers run), weight bits with quantized activations, and weight bits alone.
// Quantize/dequantize throughput over 10 million values against a Float32Array copy loop is
// measured by bench/engine.bench.ts (`quantize.ratioToCopy`); this file repeats its last result.
// The `lessonFigures` case records the numbers lesson 3 quotes: the accuracy-versus-bits widget at
// its defaults, its full sweep and then "Train with QAT" as a reader would press them.
// Cases: QUANT_CASES=latency,lessonFigures (both by default), e.g.
// `QUANT_CASES=lessonFigures npm run bench -- quant` reruns only the lesson's figures.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { BenchContext } from './context';
import { median } from './timing';

const LESSON = '#/lessons/quantization';
const TARGET_MS = 300;

/**
 * Sets the select labelled `label` in the quantization widget to `value` and resolves with the ms
 * until the widget shows a fresh accuracy whose settings key satisfies `done` (checked in the page).
 */
function changeAndTime(page: Page, label: string, value: string, settingsMatch: string): Promise<number> {
  return page.evaluate(({ label, value, settingsMatch }) => {
    const section = [...document.querySelectorAll('section.widget')].find((s) => s.querySelector('h3')?.textContent === 'Quantize the live model')!;
    const select = [...section.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))!.querySelector('select')!;
    return new Promise<number>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`no fresh accuracy for ${label} = ${value} within 60 s`)), 60_000);
      const observer = new MutationObserver(() => {
        const shown = section.querySelector('[data-testid="quant-accuracy"][data-fresh="true"]');
        if (shown?.getAttribute('data-settings')?.includes(settingsMatch)) {
          observer.disconnect();
          clearTimeout(timeout);
          resolve(performance.now() - t0);
        }
      });
      observer.observe(section, { subtree: true, childList: true, attributes: true });
      const t0 = performance.now();
      // React listens for the native change event; set the value the way a reader's choice would.
      Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!.call(select, value);
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
  }, { label, value, settingsMatch });
}

/** Times each change, with the part spent in the worker (quantizing, calibrating, evaluating). */
async function series(page: Page, label: string, values: string[], match: (v: string) => string) {
  const ms: number[] = [];
  const workerMs: number[] = [];
  for (const v of values) {
    ms.push(+(await changeAndTime(page, label, v, match(v))).toFixed(1));
    workerMs.push(+Number(await page.getByTestId('quant-ms').getAttribute('data-value')).toFixed(1));
  }
  return { ms, medianMs: median(ms), workerMs, medianWorkerMs: median(workerMs) };
}

function engineThroughput() {
  const file = join(dirname(fileURLToPath(import.meta.url)), 'results', 'engine.json');
  if (!existsSync(file)) return { note: 'run `npx tsx bench/run.ts engine` for quantize/dequantize throughput' };
  const engine = JSON.parse(readFileSync(file, 'utf8')) as { date: string; result: { quantize?: unknown } };
  return { from: 'bench/results/engine.json', date: engine.date, quantize: engine.result.quantize };
}

const CASES = ['latency', 'lessonFigures'] as const;
type Case = (typeof CASES)[number];

/** The cases named by QUANT_CASES (all when it is unset); an unknown name stops the bench. */
function chosenCases(): Case[] {
  const names = (process.env.QUANT_CASES ?? CASES.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(CASES as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`unknown QUANT_CASES ${unknown.join(', ')} (known: ${CASES.join(', ')})`);
  return CASES.filter((c) => names.includes(c));
}

export async function run(ctx: BenchContext) {
  const cases = chosenCases();
  return {
    ...(cases.includes('latency') ? { latency: await latency(ctx) } : {}),
    ...(cases.includes('lessonFigures') ? { lessonFigures: await lessonFigures(ctx) } : {}),
  };
}

/**
 * The accuracy-versus-bits widget at its defaults (LeNet-300-100, all curves, all 10,000 test
 * images, QAT at 3 bits symmetric per tensor for 200 steps): every sweep accuracy and the QAT result.
 */
async function lessonFigures(ctx: BenchContext) {
  const page = await ctx.newPage();
  await page.goto(`${ctx.baseURL}${LESSON}?rt.backend=wasm`);
  const widget = page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: 'Accuracy versus bits', exact: true }) });
  const backend = await page.locator('.live-backend-status').first().getAttribute('data-backend');
  const started = Date.now();
  await widget.getByRole('button', { name: /^Sweep \d+ configurations$/ }).click({ timeout: 120_000 });
  const rows = widget.locator('tr[data-point]:not([data-point^="qat"])');
  await widget.getByTestId('sweep-float').waitFor({ timeout: 600_000 });
  const sweepSeconds = +((Date.now() - started) / 1000).toFixed(1);
  const sweep: Record<string, number> = {};
  for (const row of await rows.all()) {
    sweep[(await row.getAttribute('data-point'))!] = Number(await row.getByTestId('sweep-accuracy').getAttribute('data-value'));
  }
  const float = Number(await widget.getByTestId('sweep-float').getAttribute('data-value'));
  const qatStarted = Date.now();
  await widget.getByRole('button', { name: 'Train with QAT' }).click();
  const result = widget.getByTestId('qat-result');
  await result.waitFor({ timeout: 600_000 });
  const qat = { accuracy: Number(await result.getAttribute('data-qat')), ptq: Number(await result.getAttribute('data-ptq')), text: await result.textContent(), seconds: +((Date.now() - qatStarted) / 1000).toFixed(1) };
  await page.close();
  return { model: 'lenet-300-100', backend, url: `${LESSON}?rt.backend=wasm`, float, sweep, sweepSeconds, qat };
}

async function latency(ctx: BenchContext) {
  const page = await ctx.newPage();
  await page.goto(`${ctx.baseURL}${LESSON}?rt.backend=wasm&qm.abits=8`);
  const widget = page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: 'Quantize the live model', exact: true }) });
  await widget.getByRole('button', { name: 'Quantize and evaluate' }).click({ timeout: 120_000 });
  await widget.locator('[data-testid="quant-accuracy"][data-fresh="true"]').waitFor({ timeout: 120_000 });
  const backend = await page.locator('.live-backend-status').first().getAttribute('data-backend');
  // Warm-up: one change of each kind, so that kernels and data are in place.
  await changeAndTime(page, 'Activation bits', '7', '"bits":7');
  await changeAndTime(page, 'Weight bits', '7', 'lenet-300-100|7|');

  const activationBits = await series(page, 'Activation bits', ['6', '5', '4', '3', '8'], (v) => `"bits":${v}`);
  const weightBitsWithActivations = await series(page, 'Weight bits', ['6', '5', '4', '8'], (v) => `lenet-300-100|${v}|`);
  await changeAndTime(page, 'Activation bits', 'off', '|null');
  const weightBitsOnly = await series(page, 'Weight bits', ['6', '5', '4', '8'], (v) => `lenet-300-100|${v}|`);
  const accuracy = await widget.getByTestId('quant-accuracy').textContent();
  await page.close();
  return {
    model: 'lenet-300-100',
    backend,
    testImages: 10000,
    calibrationImages: 500,
    targetMs: TARGET_MS,
    controlChangeToAccuracyMs: { activationBits, weightBitsWithActivations, weightBitsOnly },
    activationChangeWithinTarget: activationBits.medianMs < TARGET_MS,
    lastAccuracyShown: accuracy,
    engineQuantizeThroughput: engineThroughput(),
  };
}
