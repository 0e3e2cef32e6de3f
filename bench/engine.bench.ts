// Speed of the engine's hot loops, each against a baseline measured in the same run: quantize /
// dequantize against a Float32Array copy, integer-only LeNet-300-100 inference against the float
// model and its fake-quant simulation, k-means / magnitude pruning / Huffman on their own, and CSR against a dense product.
import { readFileSync } from 'node:fs';
import {
  calibrateMlp,
  csrFromDense,
  csrMatMul,
  decodeCompressedModel,
  encodeCompressedModel,
  type CompressedLayer,
  dequantize,
  floatMlpForward,
  huffmanCodeLengths,
  huffmanDecode,
  huffmanEncode,
  kmeans1d,
  magnitudeMask,
  quantize,
  quantizeMlpForIntegerInference,
  quantParams,
  runFakeQuantMlp,
  runIntegerMlp,
  seededRandom,
  sparseTimesDense,
  type FloatDenseLayer,
} from '../src/engine';
import type { BenchContext } from './context';
import { loadLenet, publicFile } from './lenet';
import { bestTime as time, perSecond, ratio } from './timing';

const PIXELS = 784;


/**
 * The baseline of the quantize/dequantize ratios: a plain copy loop written as a function of its
 * arrays, as quantize and dequantize are. A loop inlined in a closure over this file's own arrays
 * can run 2–3× faster because V8 may fold those arrays in as constants, but whether it does
 * changes from one closure to the next (3 to 15 ms here), and no library function that takes its
 * arrays as arguments gets that treatment; it is reported as `float32CopyInlined`.
 */
function copyLoop(src: Float32Array, dst: Float32Array): Float32Array {
  for (let i = 0; i < src.length; i++) dst[i] = src[i];
  return dst;
}

function benchQuantize() {
  const N = 10_000_000;
  const random = seededRandom(1);
  const x = new Float32Array(N);
  for (let i = 0; i < N; i++) x[i] = (random() * 2 - 1) * (random() < 0.01 ? 4 : 1);
  const params = quantParams(-4, 4, 8, { symmetric: true, signed: true });
  // Every loop writes into an array allocated once: a fresh 40 MB array costs more in page
  // faults than any of the arithmetic measured here.
  const out = new Float32Array(N);
  const qOut = new Int32Array(N);
  const copy = time(() => copyLoop(x, out)).ms;
  const inlined = time(() => { for (let i = 0; i < N; i++) out[i] = x[i]; return out; }).ms;
  const q = time(() => quantize(x, params, undefined, qOut));
  const dq = time(() => dequantize(q.result, params, out)).ms;
  return {
    values: N,
    ms: { float32Copy: copy, float32CopyInlined: inlined, quantize: q.ms, dequantize: dq },
    valuesPerSecond: { float32Copy: perSecond(N, copy), quantize: perSecond(N, q.ms), dequantize: perSecond(N, dq) },
    /** Throughput as a fraction of the copy loop's (issue target ≥ 0.3). */
    ratioToCopy: { quantize: ratio(copy, q.ms), dequantize: ratio(copy, dq) },
  };
}

/** LeNet-300-100's first layer over the 10,000 test images from their non-zero pixels: SIMD kernel against the TypeScript loop. */
function benchSparseFirstLayer(layers: FloatDenseLayer[]) {
  const count = 10_000;
  const images = new Uint8Array(readFileSync(publicFile('data/mnist-test-images.u8')));
  const pixels = Float32Array.from(images, (b) => b / 255);
  const a = csrFromDense(pixels, count, PIXELS);
  const { kernel, bias, units } = layers[0];
  const simd = sparseTimesDense(a);
  const ts = sparseTimesDense(a, { simd: false });
  const run = (p: typeof simd) => {
    const layer = p.prepare(kernel, units, bias);
    for (let first = 0; first < count; first += 1000) layer(first, 1000);
  };
  const simdMs = time(() => run(simd)).ms;
  const tsMs = time(() => run(ts), 1).ms;
  return { images: count, nonZeroPixels: a.values.length, simdAvailable: simd.simd, ms: { simd: simdMs, typescript: tsMs }, ratioSimdOverTypescript: ratio(tsMs, simdMs) };
}

function benchIntegerInference(layers: FloatDenseLayer[]) {
  const COUNT = 2000;
  const CALIBRATION = 500;
  const images = new Uint8Array(readFileSync(publicFile('data/mnist-test-images.u8'))).subarray(0, COUNT * PIXELS);
  const labels = new Uint8Array(readFileSync(publicFile('data/mnist-test-labels.u8')));
  const model = quantizeMlpForIntegerInference(layers, calibrateMlp(layers, images, CALIBRATION));
  const int = time(() => runIntegerMlp(model, images, COUNT));
  const fake = time(() => runFakeQuantMlp(model, images, COUNT));
  // The float model in the same plain TypeScript loops (float64 sums), one image at a time.
  const pixels = new Float32Array(PIXELS);
  const float = time(() => {
    for (let n = 0; n < COUNT; n++) {
      for (let i = 0; i < PIXELS; i++) pixels[i] = images[n * PIXELS + i] / 255;
      floatMlpForward(layers, pixels);
    }
  });
  let agree = 0;
  let correct = 0;
  for (let n = 0; n < COUNT; n++) {
    if (int.result.predictions[n] === fake.result.predictions[n]) agree++;
    if (int.result.predictions[n] === labels[n]) correct++;
  }
  return {
    images: COUNT,
    calibrationImages: CALIBRATION,
    warnings: model.warnings,
    ms: { integer: int.ms, fakeQuantFloat: fake.ms, float: float.ms },
    imagesPerSecond: { integer: perSecond(COUNT, int.ms), fakeQuantFloat: perSecond(COUNT, fake.ms), float: perSecond(COUNT, float.ms) },
    /** Integer throughput divided by the float simulation's, and by the float model's in the same TypeScript. */
    ratioIntegerToFakeQuant: ratio(fake.ms, int.ms),
    ratioIntegerToFloat: ratio(float.ms, int.ms),
    predictionAgreement: agree / COUNT,
    integerAccuracy: correct / COUNT,
  };
}

function benchKmeans(layers: FloatDenseLayer[]) {
  const all = layers.flatMap((l) => Array.from(l.kernel).filter((w) => w !== 0));
  const weights = Float32Array.from(all);
  const at = (k: number) => {
    const { ms, result } = time(() => kmeans1d(weights, k, { init: 'linear' }));
    return { ms, iterations: result.iterations, converged: result.converged };
  };
  return { values: weights.length, note: 'all nonzero kernel weights of the three layers, concatenated', k16: at(16), k32: at(32) };
}

function benchHuffman() {
  const N = 1_000_000;
  const SYMBOLS = 32;
  const random = seededRandom(2);
  const symbols = new Uint8Array(N);
  // Geometric: P(s) ∝ 0.8^s, like quantized weight indices concentrated near zero.
  for (let i = 0; i < N; i++) symbols[i] = Math.min(SYMBOLS - 1, Math.floor(Math.log(1 - random()) / Math.log(0.8)));
  const frequencies = new Uint32Array(SYMBOLS);
  for (const s of symbols) frequencies[s]++;
  const lengths = time(() => huffmanCodeLengths(frequencies));
  const enc = time(() => huffmanEncode(symbols, lengths.result));
  const { bytes, bitLength } = enc.result;
  const dec = time(() => huffmanDecode(bytes, bitLength, lengths.result, N));
  if (dec.result.some((s, i) => s !== symbols[i])) throw new Error('Huffman round trip changed the symbols');
  return {
    symbols: N,
    alphabet: SYMBOLS,
    bitsPerSymbol: +(bitLength / N).toFixed(3),
    ms: { codeLengths: lengths.ms, encode: enc.ms, decode: dec.ms },
    symbolsPerSecond: { encode: perSecond(N, enc.ms), decode: perSecond(N, dec.ms) },
  };
}

/** y = W · X with a plain dense loop in the same i-k-j order and float64 accumulation as csrMatMul. */
function denseMatMul(w: Float32Array, rows: number, cols: number, x: Float32Array, xCols: number): Float32Array {
  const out = new Float32Array(rows * xCols);
  const acc = new Float64Array(xCols);
  for (let r = 0; r < rows; r++) {
    acc.fill(0);
    for (let c = 0; c < cols; c++) {
      const a = w[r * cols + c];
      for (let j = 0; j < xCols; j++) acc[j] += a * x[c * xCols + j];
    }
    out.set(acc, r * xCols);
  }
  return out;
}

function benchCsr(dense1: Float32Array) {
  const [ROWS, COLS, X_COLS] = [784, 300, 64];
  const random = seededRandom(3);
  const x = Float32Array.from({ length: COLS * X_COLS }, () => random() * 2 - 1);
  const atSparsity = (sparsity: number) => {
    const mask = magnitudeMask(dense1, sparsity);
    const w = dense1.map((v, i) => v * mask[i]);
    const dense = time(() => denseMatMul(w, ROWS, COLS, x, X_COLS));
    const csr = csrFromDense(w, ROWS, COLS);
    const sparse = time(() => csrMatMul(csr, x, X_COLS));
    const maxAbsDifference = sparse.result.reduce((m, v, i) => Math.max(m, Math.abs(v - dense.result[i])), 0);
    return { nnz: csr.values.length, ms: { dense: dense.ms, csr: sparse.ms }, speedupCsrOverDense: ratio(dense.ms, sparse.ms), maxAbsDifference };
  };
  return {
    shape: `W [${ROWS}, ${COLS}] (dense1 weights, magnitude-pruned) · X [${COLS}, ${X_COLS}]`,
    sparsity50: atSparsity(0.5),
    sparsity90: atSparsity(0.9),
    sparsity99: atSparsity(0.99),
  };
}

/**
 * Writing and reading a .clmz file of LeNet-300-100's shape, pruned to the paper's shares and
 * shared in 32 values per layer (random values: the timing, not the size, is the point).
 */
function benchContainer() {
  const random = seededRandom(4);
  const layer = (name: string, shape: number[], density: number): CompressedLayer => {
    const centroids = Float32Array.from({ length: 32 }, () => random() * 2 - 1);
    const weights = Float32Array.from({ length: shape[0] * shape[1] }, () => (random() < density ? centroids[Math.floor(random() * 32)] : 0));
    return { name, shape, weights, centroids, bias: new Float32Array(shape[1]) };
  };
  const layers = [layer('dense1', [784, 300], 0.08), layer('dense2', [300, 100], 0.09), layer('logits', [100, 10], 0.26)];
  const encode = time(() => encodeCompressedModel(layers));
  const decode = time(() => decodeCompressedModel(encode.result));
  return { fileBytes: encode.result.length, encodeMs: encode.ms, decodeMs: decode.ms };
}

export async function run(_ctx: BenchContext) {
  const layers = loadLenet();
  const dense1 = layers[0].kernel;
  const mask = time(() => magnitudeMask(dense1, 0.9));
  return {
    quantize: benchQuantize(),
    integerInference: benchIntegerInference(layers),
    sparseFirstLayer: benchSparseFirstLayer(layers),
    kmeans1d: benchKmeans(layers),
    magnitudeMask: { values: dense1.length, sparsity: 0.9, ms: mask.ms },
    huffman: benchHuffman(),
    csrMatMul: benchCsr(dense1),
    container: benchContainer(),
  };
}
