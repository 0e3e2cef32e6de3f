// Every lesson's default live job, timed in headless Chromium the way a reader meets it: a fresh
// page on the lesson, the widget's default settings, one press of its Run button, the wall time
// until the result shows. Each case records the accuracy the job reached against its target
// (issue 20: pruning ≥ 12× within 0.3 points, Deep Compression ≥ 35× within 0.3 points, the
// distilled student ahead of the plain one, QAT ahead of PTQ at 3 bits) and the profile of every
// worker job the press started: the worker publishes each queued job's phases (training steps
// split into data, forward, backward, optimizer, hooks and progress; evaluation passes; k-means;
// the teacher's logits; loading) as a User Timing measure (src/runtime/worker/profile.ts), read
// here from the worker. `JOBS_CASES=prune,qat npm run bench -- jobs` runs only the cases named.
// The cases run one after another; the load average is recorded before and after each. Then the
// same work runs once in PyTorch (bench/pytorch/jobs.py, where a PyTorch version exists), and each
// case gets PyTorch's time and accuracy and the ratio of the page's wall time to PyTorch's.
// JOBS_BUSY=1 keeps one core busy with another process during the browser cases, the issue's
// "another heavy process running" (PyTorch is then not run).
import type { Locator, Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobProfile } from '../src/runtime/contract/profile';
import type { BenchContext } from './context';
import { runPyTorch, type PyTorchRun } from './pytorchRun';

/** The issue's goal for every default job on an idle 2-core machine. */
const TARGET_S = 30;

interface Case {
  lesson: string;
  /** URL query choosing settings other than the widget's defaults (none for a default job). */
  query?: string;
  widget: string;
  button: string;
  /** Presses that come first and are not timed (the first run, for a second-run case). */
  warmUp?: number;
  /** Resolves when the result of the press is on the page. */
  done(w: Locator): Promise<unknown>;
  /** The numbers the result shows, and whether the issue's target is met. */
  read(w: Locator): Promise<{ values: Record<string, number>; target?: string; met?: boolean }>;
}

const attr = async (l: Locator, name = 'data-value') => Number(await l.getAttribute(name));
const points = (a: number, b: number) => +((a - b) * 100).toFixed(2);

async function deepCompressionRead(w: Locator) {
  const stage = (s: string, what: string) => attr(w.locator(`tr[data-stage="${s}"] [data-testid="stage-${what}"]`));
  const original = await stage('original', 'accuracy');
  const accuracy = await stage('huffman', 'accuracy');
  const ratio = +(await stage('huffman', 'ratio')).toFixed(2);
  const lost = points(original, accuracy);
  // Every stage's figures, as lesson 5 quotes them from this run.
  const stages = {
    prunedRatio: +(await stage('pruned', 'ratio')).toFixed(2), prunedAccuracy: await stage('pruned', 'accuracy'),
    sharedRatio: +(await stage('shared', 'ratio')).toFixed(2), sharedAccuracy: await stage('shared', 'accuracy'),
    untunedAccuracy: await attr(w.getByTestId('untuned-accuracy')), huffmanBytes: (await stage('huffman', 'bits')) / 8,
  };
  return { values: { original, accuracy, ratio, pointsLost: lost, ...stages }, target: '≥ 35× within 0.3 points', met: ratio >= 35 && lost <= 0.3 };
}

const dcDone = (w: Locator) => w.locator('tr[data-stage="huffman"] [data-testid="stage-accuracy"]').waitFor({ timeout: 3_600_000 });
const quantize: Omit<Case, 'warmUp'> = {
  lesson: 'quantization', widget: 'Quantize the live model', button: 'Quantize and evaluate',
  done: (w) => w.locator('[data-testid="quant-accuracy"][data-fresh="true"]').waitFor({ timeout: 600_000 }),
  read: async (w) => ({ values: { float: await attr(w.getByTestId('float-accuracy')), accuracy: await attr(w.getByTestId('quant-accuracy')) } }),
};

const CASES: Record<string, Case> = {
  quantize,
  'quantize-again': { ...quantize, warmUp: 1 },
  qat: {
    lesson: 'quantization', widget: 'Accuracy versus bits', button: 'Train with QAT',
    done: (w) => w.getByTestId('qat-result').waitFor({ timeout: 900_000 }),
    read: async (w) => {
      const qat = await attr(w.getByTestId('qat-result'), 'data-qat');
      const ptq = await attr(w.getByTestId('qat-result'), 'data-ptq');
      return { values: { qat, ptq, gainPoints: points(qat, ptq) }, target: 'QAT ahead of PTQ at 3 bits', met: qat > ptq };
    },
  },
  integer: {
    lesson: 'quantization', widget: 'The integer pipeline', button: 'Build the int8 network and score it',
    done: (w) => w.getByTestId('int-accuracy').waitFor({ timeout: 900_000 }),
    read: async (w) => ({ values: { accuracy: await attr(w.getByTestId('int-accuracy')), agreement: await attr(w.getByTestId('int-agreement')) } }),
  },
  'integer-teacher': {
    lesson: 'quantization', query: 'ip.model=teacher-1200', widget: 'The integer pipeline', button: 'Build the int8 network and score it',
    done: (w) => w.getByTestId('int-accuracy').waitFor({ timeout: 900_000 }),
    read: async (w) => ({ values: { accuracy: await attr(w.getByTestId('int-accuracy')), agreement: await attr(w.getByTestId('int-agreement')) } }),
  },
  prune: {
    lesson: 'pruning', widget: 'Prune and retrain', button: 'Prune and retrain',
    done: (w) => w.getByTestId('retrain-result').waitFor({ timeout: 1_800_000 }),
    read: async (w) => {
      const result = w.getByTestId('retrain-result');
      const accuracy = await attr(result, 'data-accuracy');
      const compression = +(await attr(result, 'data-compression')).toFixed(2);
      const base = Number((await w.getByTestId('retrain-latest').textContent())?.match(/unpruned model scores ([\d.]+)%/)?.[1]) / 100;
      const lost = points(base, accuracy);
      return { values: { base, accuracy, compression, pointsLost: lost }, target: '≥ 12× within 0.3 points', met: compression >= 12 && lost <= 0.3 };
    },
  },
  'deep-compression': { lesson: 'deep-compression', widget: 'The pipeline on the live model', button: 'Compress the model', done: dcDone, read: deepCompressionRead },
  'deep-compression-lenet-5': { lesson: 'deep-compression', query: 'dc.model=lenet-5', widget: 'The pipeline on the live model', button: 'Compress the model', done: dcDone, read: deepCompressionRead },
  factorise: {
    lesson: 'low-rank', widget: 'Factorise fc1, then fine-tune', button: 'Factorise and fine-tune',
    done: (w) => w.getByTestId('ff-after').waitFor({ timeout: 900_000 }),
    read: async (w) => ({ values: { original: await attr(w.getByTestId('ff-original')), before: await attr(w.getByTestId('ff-before')), after: await attr(w.getByTestId('ff-after')) } }),
  },
  lora: {
    lesson: 'low-rank', widget: 'Adapt with a low-rank update (LoRA)', button: 'Adapt to inverted digits',
    done: (w) => w.getByTestId('lo-full').waitFor({ timeout: 900_000 }),
    read: async (w) => ({ values: { original: await attr(w.getByTestId('lo-original')), lora: await attr(w.getByTestId('lo-lora')), full: await attr(w.getByTestId('lo-full')) } }),
  },
  students: {
    lesson: 'distillation', widget: 'Train two students', button: 'Train both students',
    done: (w) => w.locator('[data-testid="kd-train-distilled"][data-ms]').waitFor({ timeout: 900_000 }),
    read: async (w) => {
      const plain = await attr(w.getByTestId('kd-acc-plain'));
      const distilled = await attr(w.getByTestId('kd-acc-distilled'));
      return { values: { plain, distilled, gapPoints: points(distilled, plain) }, target: 'distilled student ahead of the plain one', met: distilled > plain };
    },
  },
  'step-time': {
    lesson: 'faster-training', widget: 'Where a training step’s time goes', button: 'Time training steps',
    done: (w) => w.getByTestId('time-ratio').waitFor({ timeout: 600_000 }),
    read: async (w) => {
      const ms = async (key: string) => Number((await w.getByTestId(`time-${key}`).textContent())!.replace(/[^\d.]/g, ''));
      return { values: { forwardMs: await ms('forward'), backwardMs: await ms('backward'), optimizerMs: await ms('optimizer'), backwardOverForward: Number(await w.getByTestId('time-ratio').textContent()) } };
    },
  },
  precision: {
    lesson: 'faster-training', widget: 'Train in several precisions', button: 'Train',
    done: (w) => w.getByTestId('precision-table').waitFor({ timeout: 900_000 }),
    read: async (w) => {
      const values: Record<string, number> = {};
      for (const row of await w.locator('tr[data-testid^="precision-"]').all()) {
        const mode = (await row.getAttribute('data-testid'))!.replace('precision-', '');
        values[mode] = await attr(row.getByTestId(`acc-${mode}`));
        values[`${mode} trainS`] = +((await attr(row.getByTestId(`ms-${mode}`))) / 1000).toFixed(2);
      }
      return { values };
    },
  },
};

/** PyTorch's side of one case, or why it has none. */
type Comparison = { s: number; accuracy: number | null; values: Record<string, number>; simplified?: string } | { notAvailable: string };

function widget(page: Page, title: string): Locator {
  return page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

/** The profiles the model worker has published so far (see src/runtime/worker/profile.ts). */
async function profiles(page: Page): Promise<JobProfile[]> {
  const worker = page.workers().find((w) => w.url().includes('evaluate.worker'));
  if (!worker) return [];
  return worker.evaluate(() => performance.getEntriesByType('measure').filter((e) => e.name.startsWith('job ')).map((e) => (e as PerformanceMeasure).detail as JobProfile));
}

/** A profile's phases, largest first, in ms and as a share of the job's wall time. */
function summarise(p: JobProfile) {
  const phases = Object.entries(p.phases).sort((a, b) => b[1].ms - a[1].ms)
    .map(([phase, t]) => ({ phase, ms: Math.round(t.ms), count: t.count, share: +(t.ms / p.ms).toFixed(3) }));
  return { job: p.job, s: +(p.ms / 1000).toFixed(2), phases };
}

/** Presses the case's button and waits for its result, failing on an alert in the widget. */
async function press(page: Page, w: Locator, c: Case) {
  const button = w.getByRole('button', { name: c.button, exact: true });
  await button.and(page.locator(':enabled')).waitFor({ timeout: 300_000 });
  const before = (await profiles(page)).length;
  const started = Date.now();
  await button.click();
  const failed = w.getByRole('alert');
  const finished = async () => {
    await c.done(w);
    // A result from an earlier press may already show: the press is over when its jobs have
    // published their profiles and the widget's progress bar has gone.
    while ((await profiles(page)).length === before || await w.locator('.live-progress').count()) await page.waitForTimeout(50);
  };
  await Promise.race([finished(), failed.first().waitFor({ timeout: 3_600_000 }).then(async () => { throw new Error(`failed: ${await failed.first().textContent()}`); })]);
  const wallS = (Date.now() - started) / 1000;
  return { wallS, jobs: (await profiles(page)).slice(before) };
}

async function runCase(ctx: BenchContext, name: string, c: Case) {
  const page = await ctx.newPage();
  await page.goto(`${ctx.baseURL}#/lessons/${c.lesson}${c.query ? `?${c.query}` : ''}`, { timeout: 300_000 });
  const w = widget(page, c.widget);
  const loadBefore = loadavg()[0];
  for (let i = 0; i < (c.warmUp ?? 0); i++) await press(page, w, c);
  const { wallS, jobs } = await press(page, w, c);
  const { values, target, met } = await c.read(w);
  await page.close();
  const row = {
    lesson: c.lesson, widget: c.widget, button: c.button, settings: c.query ?? 'defaults', ...(c.warmUp ? { after: `${c.warmUp} untimed press` } : {}),
    wallS: +wallS.toFixed(1), underTarget: wallS < TARGET_S, values, ...(target && { target, targetMet: met }),
    loadAverage: { before: +loadBefore.toFixed(2), after: +loadavg()[0].toFixed(2) },
    jobs: jobs.map(summarise),
    // Filled in once the PyTorch run is over (see compare).
    pytorch: undefined as Comparison | undefined,
    ratio: undefined as number | undefined,
  };
  console.log(`${name}: ${row.wallS} s${target ? `, ${target}: ${met ? 'met' : 'NOT MET'}` : ''} (load ${row.loadAverage.before} → ${row.loadAverage.after}) ${JSON.stringify(values)}`);
  for (const j of row.jobs) console.log(`  ${j.job} ${j.s} s: ${j.phases.slice(0, 5).map((p) => `${p.phase} ${(p.share * 100).toFixed(0)} %`).join(', ')}`);
  return row;
}

type CaseRow = Awaited<ReturnType<typeof runCase>>;

/**
 * Adds to a case the same work's time and accuracy in PyTorch and the ratio page time ÷
 * PyTorch time, and prints them; a case without a PyTorch version gets the reason.
 */
function compare(name: string, row: CaseRow, torch: PyTorchRun) {
  const p = torch.cases[name];
  if (!p || p.s === undefined) {
    row.pytorch = { notAvailable: p?.notAvailable ?? 'no PyTorch version of this case' };
    console.log(`${name}: page ${row.wallS} s; ${row.pytorch.notAvailable}`);
    return;
  }
  row.pytorch = { s: p.s, accuracy: p.accuracy ?? null, values: p.values ?? {}, ...(p.simplified && { simplified: p.simplified }) };
  row.ratio = +(row.wallS / p.s).toFixed(2);
  console.log(`${name}: page ${row.wallS} s, PyTorch ${p.s} s, ratio ${row.ratio} (PyTorch ${JSON.stringify(p.values)})${p.simplified ? ` [PyTorch: ${p.simplified}]` : ''}`);
}

export async function run(ctx: BenchContext) {
  const chosen = (process.env.JOBS_CASES ?? Object.keys(CASES).join(',')).split(',');
  const unknown = chosen.filter((c) => !CASES[c]);
  if (unknown.length) throw new Error(`unknown case ${unknown.join(', ')}; the cases are ${Object.keys(CASES).join(', ')}`);
  const cases: Record<string, CaseRow> = {};
  const partial = join(dirname(fileURLToPath(import.meta.url)), 'results', 'jobs.partial.json');
  const busy = process.env.JOBS_BUSY === '1' ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }) : undefined;
  try {
    for (const name of chosen) {
      cases[name] = await runCase(ctx, name, CASES[name]);
      // A long run interrupted part-way still leaves the cases it finished.
      writeFileSync(partial, JSON.stringify(cases, null, 2));
    }
  } finally {
    busy?.kill();
  }
  // After the browser cases, so that the two never share the machine.
  const torch = busy ? { notAvailable: 'PyTorch not run: JOBS_BUSY kept a core busy, and ratios mean something only on an idle machine' } : await runPyTorch(chosen);
  if ('notAvailable' in torch) {
    console.log(torch.notAvailable);
    for (const row of Object.values(cases)) row.pytorch = torch;
  } else {
    console.log(`PyTorch ${torch.torch}, ${torch.threads} threads, BLAS ${torch.blas} (load ${torch.loadAverage.before} → ${torch.loadAverage.after}):`);
    for (const name of chosen) compare(name, cases[name], torch);
  }
  writeFileSync(partial, JSON.stringify(cases, null, 2));
  return {
    targetS: TARGET_S, backend: 'wasm',
    ...(busy && { busy: 'another process spun on one core for the whole run (JOBS_BUSY=1)' }),
    note: 'wall time from the press to the result in a fresh page (the first press also downloads MNIST from the local server and loads the model); pytorch.s: the same work in PyTorch (bench/pytorch/jobs.py, CPU, 2 threads) from reading the model to the last evaluation, MNIST read once beforehand; ratio = wallS / pytorch.s',
    pytorch: 'notAvailable' in torch ? torch : { ...torch, cases: undefined }, cases,
  };
}
