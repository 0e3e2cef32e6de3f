// The live runtime in headless Chromium, driven through lesson 1's widgets like a reader:
// time to evaluate LeNet-300-100 and LeNet-5 on the 10,000 test images on each backend that
// starts, latency at batch 1 and 256, and the peak memory of the page and the model worker.
import type { CDPSession, Locator, Page } from '@playwright/test';
import type { BenchContext } from './context';

const LESSON = '#/lessons/why-compress';
const BACKENDS = ['wasm', 'webgl', 'cpu'] as const;
const MODELS = ['lenet-300-100', 'lenet-5'] as const;
/** Target for LeNet-300-100 on wasm (stretch: 300 ms). */
const TARGET_MS = 1000;

/** Samples the JS heap of the page (Performance.getMetrics) and of the model worker (attached over CDP). */
async function memorySampler(page: Page) {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let worker: string | undefined;
  type HeapReply = { id?: number; result?: { usedSize: number; backingStorageSize?: number } };
  let nextId = 1;
  const pending = new Map<number, (m: HeapReply) => void>();
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker' && e.targetInfo.url.includes('evaluate.worker')) worker = e.sessionId;
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message) as HeapReply;
    if (m.id === undefined) return;
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const askWorker = () => new Promise<HeapReply>((resolve) => {
    if (!worker) return resolve({});
    const id = nextId++;
    pending.set(id, resolve);
    void cdp.send('Target.sendMessageToTarget', { sessionId: worker, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) });
    setTimeout(() => resolve({}), 2000);
  });
  let peak = { pageHeapMB: 0, workerHeapMB: 0, workerBackingStoreMB: 0 };
  let timer: ReturnType<typeof setInterval> | undefined;
  const sample = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const pageHeap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    const w = (await askWorker()).result;
    peak = {
      pageHeapMB: Math.max(peak.pageHeapMB, pageHeap / 2 ** 20),
      workerHeapMB: Math.max(peak.workerHeapMB, (w?.usedSize ?? 0) / 2 ** 20),
      workerBackingStoreMB: Math.max(peak.workerBackingStoreMB, (w?.backingStorageSize ?? 0) / 2 ** 20),
    };
  };
  return {
    start() { peak = { pageHeapMB: 0, workerHeapMB: 0, workerBackingStoreMB: 0 }; timer = setInterval(() => void sample().catch(() => undefined), 50); },
    async stop() {
      clearInterval(timer);
      await sample().catch(() => undefined);
      return Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, +v.toFixed(1)]));
    },
  };
}

/** Runs one evaluation and returns its time in ms; throws the panel's error message if it fails. */
async function evaluateMs(panel: Locator): Promise<number> {
  const before = Number((await panel.locator('.live-result').getAttribute('data-run', { timeout: 100 }).catch(() => null)) ?? 0);
  await panel.getByRole('button', { name: 'Evaluate on 10,000 test images' }).click();
  const done = panel.locator(`.live-result[data-run="${before + 1}"]`);
  const failed = panel.getByRole('alert');
  await done.or(failed).first().waitFor({ timeout: 300_000 });
  if (await failed.isVisible()) throw new Error(`the evaluation failed: ${await failed.textContent()}`);
  return Number(await done.getByTestId('eval-time').getAttribute('data-ms'));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function benchBackend(ctx: BenchContext, backend: (typeof BACKENDS)[number]) {
  const page = await ctx.newPage();
  const memory = await memorySampler(page);
  await page.goto(`${ctx.baseURL}${LESSON}?rt.backend=${backend}`);
  const panel = page.getByRole('region', { name: 'Evaluate a model on the test set' });
  const status = panel.locator('.live-backend-status');
  await status.waitFor({ timeout: 120_000 });
  const started = await status.getAttribute('data-backend');
  if (started !== backend) return { backend, started: false, ranInstead: started, status: await status.textContent() };
  const statusText = (await status.textContent())?.replace(/^Running on\s*/, '');
  const trained = await page.evaluate(() => fetch(new URL('models/manifest.json', document.baseURI)).then((r) => r.json()).then((m: { models: { id: string }[] }) => m.models.map((e) => e.id)));
  const models = MODELS.filter((m) => trained.includes(m));

  const evaluation: Record<string, unknown> = {};
  const runs = backend === 'cpu' ? 1 : 3;
  for (const model of models) {
    await panel.getByLabel('Model').selectOption(model);
    const firstMs = await evaluateMs(panel); // includes the model's first run (kernel set-up)
    memory.start();
    const times = [];
    for (let i = 0; i < runs; i++) times.push(await evaluateMs(panel));
    const peak = await memory.stop();
    evaluation[model] = { firstRunMs: firstMs, warmRunsMs: times, medianMs: median(times), imagesPerSecond: Math.round(10000 / (median(times) / 1000)), accuracy: await panel.getByTestId('accuracy').textContent(), peakMemoryDuringEvalMB: peak };
  }

  const latencyPanel = page.getByRole('region', { name: 'Measure latency against batch size' });
  const latency: Record<string, unknown> = {};
  if ((await latencyPanel.count()) === 0) latency.missing = 'the lesson has no LatencyPanel';
  else for (const model of models) {
    await latencyPanel.getByLabel('Model').selectOption(model);
    await latencyPanel.getByLabel(/Batch sizes 1 to/).fill('8');
    await latencyPanel.getByRole('button', { name: 'Measure latency' }).click();
    await latencyPanel.locator('tr[data-batch="256"]').waitFor({ timeout: 300_000 });
    const row = async (b: number) => (await latencyPanel.locator(`tr[data-batch="${b}"] td`).allTextContents()).slice(1, 4);
    latency[model] = { batch1: await row(1), batch256: await row(256), columns: ['median', 'p10–p90', 'images/s'] };
  }
  await page.close();
  return { backend, started: true, status: statusText, untrained: MODELS.filter((m) => !models.includes(m)), evaluation, latency };
}

export async function run(ctx: BenchContext) {
  const backends = [];
  for (const b of BACKENDS) backends.push(await benchBackend(ctx, b));
  const wasm = backends.find((b) => b.backend === 'wasm' && b.started) as { evaluation?: Record<string, { medianMs: number }> } | undefined;
  const lenetWasm = wasm?.evaluation?.['lenet-300-100']?.medianMs;
  const cpu = backends.find((b) => b.backend === 'cpu' && b.started) as { evaluation?: Record<string, { medianMs: number }> } | undefined;
  const lenetCpu = cpu?.evaluation?.['lenet-300-100']?.medianMs;
  return {
    backends,
    lenet300WasmEvalMs: lenetWasm ?? null,
    targetMs: TARGET_MS,
    withinTarget: lenetWasm === undefined ? null : lenetWasm < TARGET_MS,
    wasmSpeedupOverCpu: lenetWasm && lenetCpu ? +(lenetCpu / lenetWasm).toFixed(1) : null,
  };
}
