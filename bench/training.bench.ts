// Faster training in headless Chromium, driven through lesson 8's widgets with their defaults:
// where a LeNet-300-100 training step's time goes (data, forward, backward, optimizer); how many
// of one step's real gradients flush to zero in fp16 at loss scales 1 and 2^k; and the test
// accuracy of the precision runs (fp32, fp16 only, fp16 + master copy, + loss scaling, bf16, fp8)
// after the same steps from the same start; the simulated data-parallel run's agreement with
// whole-batch training and its gradient times; and data parallelism on real shard workers (1, 2
// and 4 workers at the widget's batch of 64, where one worker shows the cost of the messages
// alone): agreement, step times, speed-up, messaging time and bytes. The machine's load is recorded with the numbers.
// `TRAINING_BENCH=workers npm run bench -- training` runs only the parts named (step, gradients,
// simulated, workers, precision; default: all).
import type { Page } from '@playwright/test';
import { loadavg } from 'node:os';
import type { BenchContext } from './context';

const LESSON = '#/lessons/faster-training';
const SCALES = [0, 8, 16, 24];
const PARTS = (process.env.TRAINING_BENCH ?? 'step,gradients,simulated,workers,precision').split(',');
/** Real shard-worker runs: workers and batch size; the widget's other defaults (50 steps, SGD lr 0.1, seed 1). */
const WORKER_CASES = [{ workers: 1, batch: 64 }, { workers: 2, batch: 64 }, { workers: 4, batch: 64 }];

function widget(page: Page, title: string) {
  return page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

async function waitDone(w: ReturnType<typeof widget>, done: string, timeout = 3_600_000) {
  const failed = w.getByRole('alert');
  await w.getByTestId(done).or(failed).first().waitFor({ timeout });
  if (await failed.isVisible()) throw new Error(`failed: ${await failed.textContent()}`);
}

const load = () => loadavg().map((v) => +v.toFixed(1));

export async function run(ctx: BenchContext) {
  const page = await ctx.newPage();
  const out: Record<string, unknown> = { parts: PARTS, loadAverageAtStart: load() };
  await page.goto(`${ctx.baseURL}${LESSON}?prec.modes=fp32,fp16,fp16-master,fp16-master-scaled,bf16-master,fp8-master-scaled`);

  if (PARTS.includes('step')) {
    const timing = widget(page, 'Where a training step’s time goes');
    await timing.getByRole('button', { name: 'Time training steps' }).click();
    await waitDone(timing, 'time-ratio');
    const ms = async (key: string) => Number((await timing.getByTestId(`time-${key}`).textContent())!.replace(/[^\d.]/g, ''));
    const step = { dataMs: await ms('data'), forwardMs: await ms('forward'), backwardMs: await ms('backward'), optimizerMs: await ms('optimizer') };
    out.step = { settings: { model: 'lenet-300-100', backend: 'wasm', batchSize: 64, steps: 30, optimizer: 'adam' }, ...step, backwardOverForward: +(step.backwardMs / step.forwardMs).toFixed(2) };
  }

  if (PARTS.includes('gradients')) {
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
    out.gradients = { settings: { batchSize: 64, seed: 1 }, nonZero, byScale };
  }

  if (PARTS.includes('simulated')) {
    const dp = widget(page, 'Data parallelism');
    await dp.getByRole('button', { name: 'Train both ways' }).click();
    await waitDone(dp, 'dp-all-ms');
    const dv = async (t: string) => Number(await dp.getByTestId(`dp-${t}`).getAttribute('data-value'));
    const sim = {
      maxGradientDiff: await dv('grad-diff'), maxWeightDiff: await dv('weight-diff'), bytesPerStep: await dp.getByTestId('dp-bytes').textContent(),
      wholeBatchMs: +(await dv('whole-ms')).toFixed(2), slowestShardMs: +(await dv('slowest-ms')).toFixed(2), allShardsMs: +(await dv('all-ms')).toFixed(2),
    };
    out.dataParallel = { settings: 'widget defaults (4 simulated workers, batch 64, 50 steps, SGD lr 0.1, seed 1)', ...sim, idealSpeedup: +(sim.wholeBatchMs / sim.slowestShardMs).toFixed(2) };
  }

  if (PARTS.includes('workers')) {
    const runs = [];
    for (const c of WORKER_CASES) {
      // A page of its own for each case (a new hash alone would keep the last run's result).
      const own = await ctx.newPage();
      await own.goto(`${ctx.baseURL}${LESSON}?dp.mode=workers&dp.workers=${c.workers}&dp.batch=${c.batch}`);
      const dp = widget(own, 'Data parallelism');
      await dp.getByRole('button', { name: 'Train both ways' }).click({ timeout: 120_000 });
      await waitDone(dp, 'dp-speedup', 600_000);
      const dv = async (t: string) => Number(await dp.getByTestId(`dp-${t}`).getAttribute('data-value'));
      const ms = async (t: string) => +(await dv(t)).toFixed(2);
      runs.push({
        ...c, steps: 50, maxWeightDiff: await dv('weight-diff'),
        wholeStepMs: await ms('whole-step-ms'), shardedStepMs: await ms('sharded-step-ms'), speedup: +(await dv('speedup')).toFixed(2),
        slowestShardComputeMs: await ms('compute-ms'), messagingMs: await ms('messaging-ms'), startupMs: Math.round(await dv('startup-ms')),
        bytesToShard: await dv('bytes-to'), bytesFromShard: await dv('bytes-from'),
        cleanup: await dp.getByTestId('dp-cleanup').textContent(), loadAverage: load(),
      });
      await own.close();
    }
    out.dataParallelWorkers = { settings: 'widget with real workers (50 steps, SGD lr 0.1, seed 1); step times are means over steps 2–50', runs };
  }

  if (PARTS.includes('precision')) {
    const prec = widget(page, 'Train in several precisions');
    const started = Date.now();
    await prec.getByRole('button', { name: 'Train', exact: true }).click({ timeout: 120_000 });
    await waitDone(prec, 'precision-table');
    const modes = ['fp32', 'fp16', 'fp16-master', 'fp16-master-scaled', 'bf16-master', 'fp8-master-scaled'];
    const runs: Record<string, unknown> = {};
    for (const m of modes) {
      const v = async (t: string) => Number(await prec.getByTestId(`${t}-${m}`).getAttribute('data-value'));
      runs[m] = { accuracy: await v('acc'), meanFlushed: await v('flushed'), meanLost: await v('lost'), skipped: Number(await prec.getByTestId(`skipped-${m}`).textContent()), trainMs: Math.round(await v('ms')) };
    }
    out.precision = { settings: 'widget defaults (300 steps, batch 64, SGD lr 0.1, seed 1, scale 2^16 doubling after 100 good steps)', runs, wallS: +((Date.now() - started) / 1000).toFixed(1) };
  }
  out.loadAverage = load();
  return out;
}
