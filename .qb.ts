import { quantize, dequantize, quantParams, seededRandom } from '/work/main/src/engine';
const N = 10_000_000;
const random = seededRandom(1);
const x = new Float32Array(N);
for (let i = 0; i < N; i++) x[i] = (random() * 2 - 1);
const p = quantParams(-4, 4, 8, { symmetric: true, signed: true });
const out = new Float32Array(N); const qOut = new Int32Array(N);
// make call sites polymorphic like the real bench/tests do
dequantize([1, 2, 3], p); dequantize(new Int8Array(3), p); quantize([0.1, 0.2], p);
const time = (f: () => unknown) => { f(); let best = Infinity; for (let r = 0; r < 3; r++) { const t = performance.now(); f(); best = Math.min(best, performance.now() - t); } return best; };
const copy = time(() => { for (let i = 0; i < N; i++) out[i] = x[i]; });
const q = time(() => quantize(x, p, undefined, qOut));
const dq = time(() => dequantize(qOut, p, out));
console.log({ copy, q, dq, rq: copy / q, rdq: copy / dq });
