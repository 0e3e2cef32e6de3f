// A quick, rough measurement of this browser's two roofline limits in plain JavaScript.
// tfjs's wasm and webgl kernels can go faster; this gives the order of magnitude in well under a second.

function best(runs: number, work: () => void): number {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return Math.max(fastest, 0.01) / 1000;
}

/** FLOP/s of a cache-friendly (i-k-j) n×n float32 matrix product: 2n³ FLOPs per run. */
export function measurePeakFlops(n = 160): number {
  const a = new Float32Array(n * n).map((_, i) => (i % 7) - 3);
  const b = new Float32Array(n * n).map((_, i) => (i % 5) - 2);
  const c = new Float32Array(n * n);
  const seconds = best(3, () => {
    c.fill(0);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        const aik = a[i * n + k];
        const row = k * n;
        const out = i * n;
        for (let j = 0; j < n; j++) c[out + j] += aik * b[row + j];
      }
    }
  });
  return (2 * n * n * n) / seconds;
}

/** Bytes/s of copying a 32 MB array: each run reads and writes 32 MB. */
export function measureBandwidth(megabytes = 32): number {
  const src = new Float64Array((megabytes * 1024 * 1024) / 8).fill(1);
  const dst = new Float64Array(src.length);
  const seconds = best(3, () => dst.set(src));
  return (2 * src.byteLength) / seconds;
}
