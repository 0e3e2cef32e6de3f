// Moving gradients between data-parallel workers: a parameter server (Dean et al. 2012) against a
// ring all-reduce, counted in bytes, and the ring algorithm itself run over arrays.

function checkWorkers(workers: number): void {
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`the number of workers must be a whole number of at least 1 (got ${workers})`);
}

function checkBytes(bytes: number): void {
  if (!(bytes >= 0) || !Number.isFinite(bytes)) throw new Error(`the gradient size must be a number of bytes ≥ 0 (got ${bytes})`);
}

/** Bytes each worker sends (and receives) in a ring all-reduce of a `bytes` buffer: 2(n − 1)/n of it. */
export function ringAllReduceBytes(bytes: number, workers: number): number {
  checkBytes(bytes);
  checkWorkers(workers);
  return (2 * (workers - 1) * bytes) / workers;
}

/**
 * Traffic of one step through a single parameter server: each worker sends its gradients and
 * receives the new weights (`bytes` each way); the server receives and sends `workers` times that.
 */
export function parameterServerBytes(bytes: number, workers: number): { perWorker: number; server: number } {
  checkBytes(bytes);
  checkWorkers(workers);
  return { perWorker: bytes, server: workers * bytes };
}

/** Where chunk c of a buffer of `length` cut into n chunks starts. */
const chunkStart = (c: number, n: number, length: number) => Math.floor((c * length) / n);

/**
 * The ring all-reduce, simulated: worker i only ever sends to worker i + 1 (mod n). Each buffer is
 * cut into n chunks; n − 1 reduce-scatter steps leave every worker with the sum of one chunk, and
 * n − 1 all-gather steps pass the sums round. Returns every worker's summed buffer (the inputs are
 * not changed) and the bytes each worker sent (float32s).
 */
export function ringAllReduce(buffers: readonly Float32Array[]): { sums: Float32Array[]; bytesSent: number[] } {
  const n = buffers.length;
  checkWorkers(n);
  const length = buffers[0].length;
  if (buffers.some((b) => b.length !== length)) throw new Error('every worker must hold a buffer of the same length');
  const sums = buffers.map((b) => b.slice());
  const bytesSent = new Array<number>(n).fill(0);
  const chunk = (c: number) => [chunkStart(c, n, length), chunkStart(c + 1, n, length)] as const;
  const mod = (a: number) => ((a % n) + n) % n;
  for (const phase of ['reduce', 'gather'] as const) {
    for (let step = 0; step < n - 1; step++) {
      // All sends of a step happen at once: copy the messages before anyone applies them.
      const messages = sums.map((buf, i) => {
        const c = phase === 'reduce' ? mod(i - step) : mod(i + 1 - step);
        const [a, b] = chunk(c);
        bytesSent[i] += (b - a) * 4;
        return { c, data: buf.slice(a, b) };
      });
      messages.forEach(({ c, data }, i) => {
        const target = sums[mod(i + 1)];
        const [a] = chunk(c);
        for (let k = 0; k < data.length; k++) target[a + k] = phase === 'reduce' ? target[a + k] + data[k] : data[k];
      });
    }
  }
  return { sums, bytesSent };
}
