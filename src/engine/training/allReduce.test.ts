import { describe, expect, it } from 'vitest';
import { parameterServerBytes, ringAllReduce, ringAllReduceBytes } from './allReduce';
import { seededRandom } from '../random';

describe('ringAllReduceBytes', () => {
  it('is 2(n − 1)/n of the buffer', () => {
    expect(ringAllReduceBytes(1000, 4)).toBe(1500);
    expect(ringAllReduceBytes(1000, 2)).toBe(1000);
    expect(ringAllReduceBytes(1000, 1)).toBe(0);
  });

  it('names 0 workers and a negative size', () => {
    expect(() => ringAllReduceBytes(1000, 0)).toThrow(/workers must be a whole number of at least 1 \(got 0\)/);
    expect(() => ringAllReduceBytes(-1, 2)).toThrow(/bytes/);
  });
});

describe('parameterServerBytes', () => {
  it('sends each worker the buffer once each way and the server n times', () => {
    expect(parameterServerBytes(1066440, 4)).toEqual({ perWorker: 1066440, server: 4265760 });
  });
});

describe('ringAllReduce', () => {
  function buffers(n: number, length: number, seed: number): Float32Array[] {
    const random = seededRandom(seed);
    return Array.from({ length: n }, () => Float32Array.from({ length }, () => random() * 2 - 1));
  }

  it('sums a hand-made case of 3 workers', () => {
    const { sums, bytesSent } = ringAllReduce([Float32Array.of(1, 2, 3), Float32Array.of(10, 20, 30), Float32Array.of(100, 200, 300)]);
    for (const s of sums) expect(Array.from(s)).toEqual([111, 222, 333]);
    expect(bytesSent).toEqual([16, 16, 16]); // 2 · (3 − 1) chunks of one float each
  });

  for (const [n, length] of [[1, 5], [2, 10], [4, 1000], [4, 1001], [5, 3]]) {
    it(`gives every one of ${n} workers the sum of ${length} values, each sending what the formula says`, () => {
      const input = buffers(n, length, n * 7 + length);
      const copies = input.map((b) => b.slice());
      const { sums, bytesSent } = ringAllReduce(input);
      expect(input).toEqual(copies);
      for (let i = 0; i < length; i++) {
        const exact = input.reduce((s, b) => s + b[i], 0);
        for (const s of sums) expect(Math.abs(s[i] - exact)).toBeLessThan(1e-6);
      }
      expect(bytesSent.reduce((a, b) => a + b, 0)).toBe(2 * (n - 1) * length * 4);
      if (length % n === 0) for (const b of bytesSent) expect(b).toBe(ringAllReduceBytes(length * 4, n));
    });
  }
});
