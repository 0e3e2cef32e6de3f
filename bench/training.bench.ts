// Faster training in headless Chromium, driven through lesson 8's widgets with their defaults:
// where a LeNet-300-100 training step's time goes (data, forward, backward, optimizer); how many
// of one step's real gradients flush to zero in fp16 at loss scales 1 and 2^k; and the test
// accuracy of the precision runs (fp32, fp16 only, fp16 + master copy, + loss scaling, bf16, fp8)
// after the same steps from the same start; and the simulated data-parallel run's agreement with
// whole-batch training and its gradient times. The machine's load is recorded with the numbers.
import type { Page } from '@playwright/test';
import { loadavg } from 'node:os';
import type { BenchContext } from './context';

const LESSON = '#/lessons/faster-training';
const SCALES = [0, 8, 16, 24];

function widget(page: Page, title: string) {
  return page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

async function waitDone(w: ReturnType<typeof widget>, done: string) {
  const failed = w.getByRole('alert');
  await w.getByTestId(done).or(failed).first().waitFor({ timeout: 3_600_000 });
  if (await failed.isVisible()) throw new Error(`failed: ${await failed.textContent()}`);
}

export async function run(ctx: BenchContext) {
  const page = await ctx.newPage();
  await page.goto(`${ctx.baseURL}${LESSON}?prec.modes=fp32,fp16,fp16-master,fp16-master-scaled,bf16-master,fp8-master-scaled`);

  const timing = widget(page, 'Where a training step’s time goes');
  await timing.getByRole('button', { name: 'Time training steps' }).click();
  await waitDone(timing, 'time-ratio');
  const ms = async (key: string) => Number((await timing.getByTestId(`time-${key}`).textContent())!.replace(/[^\d.]/g, ''));
  const step = { dataMs: await ms('data'), forwardMs: await ms('forward'), backwardMs: await ms('backward'), optimizerMs: await ms('optimizer') };

  const grads = widget(page, 'Real gradients in a narrow format');
  await grads.getByRole('button', { name: 'Compute one step’s gradients' }).click();
  await waitDone(grads, 'grad-flushed');
  const nonZero = Number(await grads.getByTestId('grad-nonzero').getAttribute('data-value'));
  const byScale: Record<string, { flushed: number; subnormal: number; overflow: number }> = {};
  for (const k of SCALES) {
    await grads.getByRole('slider').fill(String(k));
    await page.waitForFunction((scale) => document.querySelector('input[type=range]')?.closest('label')?.textContent?.includes(`2^${scale}`), k);
    const read = async (t: string) => Number(await grads.getByTestId(`grad-${t}`).getAttribute('data-value'));
    byScale[`2^${k}`] = { flushed: await read('flushed'), subnormal: await read('subnormal'), overflow: await read('overflow') };
  }

  const dp = widget(page, 'Data parallelism, simulated');
  await dp.getByRole('button', { name: 'Train both ways' }).click();
  await waitDone(dp, 'dp-all-ms');
  const dv = async (t: string) => Number(await dp.getByTestId(`dp-${t}`).getAttribute('data-value'));
  const dataParallel = {
    maxGradientDiff: await dv('grad-diff'), maxWeightDiff: await dv('weight-diff'), bytesPerStep: await dp.getByTestId('dp-bytes').textContent(),
    wholeBatchMs: +(await dv('whole-ms')).toFixed(2), slowestShardMs: +(await dv('slowest-ms')).toFixed(2), allShardsMs: +(await dv('all-ms')).toFixed(2),
  };
  const prec = widget(page, 'Train in several precisions');
  const started = Date.now();
  await prec.getByRole('button', { name: 'Train', exact: true }).click();
  await waitDone(prec, 'precision-table');
  const modes = ['fp32', 'fp16', 'fp16-master', 'fp16-master-scaled', 'bf16-master', 'fp8-master-scaled'];
  const runs: Record<string, unknown> = {};
  for (const m of modes) {
    const v = async (t: string) => Number(await prec.getByTestId(`${t}-${m}`).getAttribute('data-value'));
    runs[m] = { accuracy: await v('acc'), meanFlushed: await v('flushed'), meanLost: await v('lost'), skipped: Number(await prec.getByTestId(`skipped-${m}`).textContent()), trainMs: Math.round(await v('ms')) };
  }
  return {
    dataParallel: { settings: 'widget defaults (4 simulated workers, batch 64, 50 steps, SGD lr 0.1, seed 1)', ...dataParallel, idealSpeedup: +(dataParallel.wholeBatchMs / dataParallel.slowestShardMs).toFixed(2) },
    settings: { model: 'lenet-300-100', backend: 'wasm', stepTime: { batchSize: 64, steps: 30, optimizer: 'adam' }, gradients: { batchSize: 64, seed: 1 }, precision: 'widget defaults (300 steps, batch 64, SGD lr 0.1, seed 1, scale 2^16 doubling after 100 good steps)' },
    step: { ...step, backwardOverForward: +(step.backwardMs / step.forwardMs).toFixed(2) },
    gradients: { nonZero, byScale },
    precision: runs,
    precisionWallS: +((Date.now() - started) / 1000).toFixed(1),
    loadAverage: loadavg().map((v) => +v.toFixed(1)),
  };
}
