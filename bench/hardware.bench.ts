// Lesson 9: the figures the lesson quotes (energy per inference of LeNet-300-100, the systolic tile
// and the TPU's utilization, EIE on test digit 0 with 4, 16 and 64 PEs) and the simulators' speed
// on a 300×784 layer (target: under 200 ms each), in node; then the int8/fp32 throughput of the
// engine's WebAssembly kernels, in node and in headless Chromium's worker (target: int8 ≥ 2×).
import { readFileSync } from 'node:fs';
import {
  decodeCompressedModel, type LayerSpec, eieSpmv, encodeCompressedModel, energyEstimate, floatMlpForward, layerSystolic, modelCost, peakOpsPerSecond,
  prepareDenseProduct, pruneAndShare, systolicCycles, systolicMatmul,
} from '../src/engine';
import type { BenchContext } from './context';
import { loadLenet, publicFile } from './lenet';
import { bestTime, ratio } from './timing';

const LENET_SPECS: LayerSpec[] = [
  { kind: 'dense', inputs: 784, units: 300 },
  { kind: 'dense', inputs: 300, units: 100 },
  { kind: 'dense', inputs: 100, units: 10 },
];
const LENET = modelCost(LENET_SPECS);

function energy() {
  const pj = (o: Parameters<typeof energyEstimate>[1]) => {
    const e = energyEstimate(LENET, o);
    return { arithmeticUJ: +(e.arithmetic / 1e6).toFixed(3), sramUJ: +(e.sram / 1e6).toFixed(3), dramUJ: +(e.dram / 1e6).toFixed(3), totalUJ: +(e.total / 1e6).toFixed(3), dramShare: +(e.dram / e.total).toFixed(4) };
  };
  return {
    fp32: pj({ weightBits: 32, activationBits: 32, weightsOnChip: false }),
    int8: pj({ weightBits: 8, activationBits: 8, weightsOnChip: false }),
    fp32OnChip: pj({ weightBits: 32, activationBits: 32, weightsOnChip: true }),
    int8OnChip: pj({ weightBits: 8, activationBits: 8, weightsOnChip: true }),
    deepCompression: pj({ weightBits: 6, activationBits: 32, weightsOnChip: false, density: 0.08, indexBits: 5 }),
  };
}

function eie(layers: ReturnType<typeof loadLenet>) {
  const [first] = layers;
  const file = encodeCompressedModel([pruneAndShare('dense1', first.kernel, [784, 300], 0.92, 64)]);
  const layer = decodeCompressedModel(file)[0];
  const x = Float32Array.from(new Uint8Array(readFileSync(publicFile('data/mnist-test-images.u8'))).subarray(0, 784), (p) => p / 255);
  const dense = floatMlpForward([{ kernel: layer.weights, bias: new Float32Array(300), inputs: 784, units: 300, relu: false }], x)[0];
  const runs = [4, 16, 64].map((pes) => {
    const r = eieSpmv(layer, x, pes);
    return {
      pes, broadcasts: r.broadcasts, queuedCycles: r.queuedCycles, lockstepCycles: r.lockstepCycles, loadBalance: +r.loadBalance.toFixed(3),
      padding: r.paddingPerPe.reduce((a, b) => a + b, 0), minWork: Math.min(...r.workPerPe), maxError: Math.max(...Array.from(r.y, (v, j) => Math.abs(v - dense[j]))),
    };
  });
  const timed = bestTime(() => eieSpmv(layer, x, 64));
  return { fileBytes: file.length, nonzeros: layer.weights.reduce((n, w) => n + (w !== 0 ? 1 : 0), 0), runs, ms64Pes: timed.ms };
}

function systolic(layers: ReturnType<typeof loadLenet>) {
  const [first] = layers;
  const x = Float32Array.from({ length: 784 }, (_, i) => (i % 5) / 5);
  const timed = bestTime(() => systolicMatmul(x, first.kernel, 1, 784, 300, { rows: 4, cols: 4 }));
  const tpu = { rows: 256, cols: 256 };
  const util = (batch: number) => LENET_SPECS.map((spec) => +layerSystolic(spec, batch, tpu)!.utilization.toFixed(4));
  return {
    tileCycles4x4k100: systolicCycles(4, 100, 4, { rows: 4, cols: 4 }),
    ms300x784Batch1On4x4: timed.ms,
    cycles300x784Batch1On4x4: timed.result.cycles,
    tpuPeakTops: +(peakOpsPerSecond(65_536, 700e6) / 1e12).toFixed(2),
    lenetUtilizationTpuBatch1: util(1),
    lenetUtilizationTpuBatch256: util(256),
  };
}

/** 64 test digits × LeNet-300-100's first layer with the engine's float32 and int8 kernels, in node. */
function kernelsInNode(layers: ReturnType<typeof loadLenet>) {
  const [{ kernel }] = layers;
  const [rows, n, cols] = [64, 784, 300];
  const pixels = new Uint8Array(readFileSync(publicFile('data/mnist-test-images.u8'))).subarray(0, rows * n);
  const maxAbs = kernel.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
  const bt = new Float32Array(cols * n);
  const bt8 = new Int8Array(cols * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) { bt[j * n + i] = kernel[i * cols + j]; bt8[j * n + i] = Math.round((kernel[i * cols + j] / maxAbs) * 127); }
  const f32 = prepareDenseProduct('f32', Float32Array.from(pixels, (p) => p / 255), bt, rows, cols, n);
  const i8 = prepareDenseProduct('i8', Int8Array.from(pixels, (p) => p >> 1), bt8, rows, cols, n);
  const f32Ms = bestTime(() => f32.run(), 20).ms;
  const i8Ms = bestTime(() => i8.run(), 20).ms;
  return { rows, f32Ms, i8Ms, int8Speedup: ratio(f32Ms, i8Ms) };
}

/** The lesson's kernel widget in headless Chromium: the worker's timings of the same product. */
async function kernelsInChromium(ctx: BenchContext) {
  const page = await ctx.newPage();
  await page.goto(`${ctx.baseURL}#/lessons/hardware?kern.rows=64`);
  const widget = page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: 'float32 versus int8, measured here', exact: true }) });
  await widget.getByRole('button', { name: 'Measure' }).click();
  const table = widget.getByTestId('kernel-table');
  await table.waitFor({ timeout: 120_000 });
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-kernel'), ...Array.from(tr.querySelectorAll('td'), (td) => td.textContent)]));
  return { rows, caption: await table.locator('caption').innerText() };
}

export async function run(ctx: BenchContext) {
  const layers = loadLenet();
  return { energy: energy(), systolic: systolic(layers), eie: eie(layers), kernelsNode: kernelsInNode(layers), kernelsChromium: await kernelsInChromium(ctx) };
}
