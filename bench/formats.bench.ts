// Throughput of the number-format codecs (values per second) over one million float32 values,
// against baselines measured in the same run: Math.fround, and a float32 round trip through DataView;
// and castTensor's float32 fast path against the generic codec round trip it replaced.
import { castTensor, decode, decodeArray, encode, encodeArray, type CastFormat } from '../src/engine';
import type { BenchContext } from './context';

const N = 1_000_000;

/** Seeded weights-like inputs: uniform in [-1, 1) times 2^k, k in [-12, 9], so they span subnormals to overflow of fp8. */
function inputs(): Float32Array {
  let s = 12345;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const xs = new Float32Array(N);
  for (let i = 0; i < N; i++) xs[i] = (2 * next() - 1) * 2 ** Math.floor(next() * 22 - 12);
  return xs;
}

/** Median of `runs` timings of fn, in values per second (fn handles all N values). */
function throughput(fn: () => number, runs = 3): { valuesPerSecond: number; checksum: number } {
  let checksum = fn(); // warm-up (and JIT)
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    checksum += fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { valuesPerSecond: Math.round(N / (times[runs >> 1] / 1000)), checksum };
}

export async function run(_ctx: BenchContext) {
  const xs = inputs();
  const view = new DataView(new ArrayBuffer(4));
  const patterns32 = new Uint32Array(N);
  const out = new Float64Array(N);
  const sum = (a: ArrayLike<number>) => { let t = 0; for (let i = 0; i < a.length; i += 997) t += a[i]; return t; };

  const baseline = {
    mathFround: throughput(() => { for (let i = 0; i < N; i++) out[i] = Math.fround(xs[i] * 1.5); return sum(out); }),
    dataViewFloat32RoundTrip: throughput(() => {
      for (let i = 0; i < N; i++) {
        view.setFloat32(0, xs[i] * 1.5);
        patterns32[i] = view.getUint32(0);
        view.setUint32(0, patterns32[i]);
        out[i] = view.getFloat32(0);
      }
      return sum(out);
    }),
  };

  const measured: Record<string, { valuesPerSecond: number; checksum: number }> = {};
  for (const name of ['fp16', 'fp8e4m3'] as const) {
    const patterns = encodeArray(name, xs);
    measured[`${name} encodeArray`] = throughput(() => sum(encodeArray(name, xs, patterns32)));
    measured[`${name} decodeArray`] = throughput(() => sum(decodeArray(name, patterns, out)));
    const bigints = Array.from(patterns, (p) => BigInt(p));
    measured[`${name} encode (bigint, one at a time)`] = throughput(() => { let t = 0; for (let i = 0; i < N; i++) t += Number(encode(name, xs[i])) & 1; return t; }, 1);
    measured[`${name} decode (bigint, one at a time)`] = throughput(() => { let t = 0; for (let i = 0; i < N; i++) t += decode(name, bigints[i]); return t; }, 1);
  }

  // castTensor on float32 before its fast path: the generic encode and decode, then a float32 copy.
  const cast32 = new Float32Array(N);
  const castSpeedUp: Record<string, number> = {};
  for (const name of ['fp16', 'bf16', 'fp8e4m3', 'fp8e5m2'] as CastFormat[]) {
    const generic = throughput(() => sum(Float32Array.from(decodeArray(name, encodeArray(name, xs)))));
    const fast = throughput(() => sum(castTensor(xs, name, cast32)));
    measured[`${name} castTensor, generic round trip`] = generic;
    measured[`${name} castTensor, float32 fast path`] = fast;
    castSpeedUp[name] = +(fast.valuesPerSecond / generic.valuesPerSecond).toFixed(1);
  }

  const perSecond = (m: Record<string, { valuesPerSecond: number }>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.valuesPerSecond]));
  const fround = baseline.mathFround.valuesPerSecond;
  const dataView = baseline.dataViewFloat32RoundTrip.valuesPerSecond;
  return {
    values: N,
    baselineValuesPerSecond: perSecond(baseline),
    valuesPerSecond: perSecond(measured),
    /** Each codec's throughput divided by the baseline's (1 = as fast as Math.fround / the DataView round trip). */
    ratioToMathFround: Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, +(v.valuesPerSecond / fround).toFixed(3)])),
    ratioToDataViewRoundTrip: Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, +(v.valuesPerSecond / dataView).toFixed(3)])),
    /** castTensor's fast path over the generic round trip, same inputs, same run. */
    castSpeedUp,
  };
}
