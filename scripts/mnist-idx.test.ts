import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMnist } from './mnist-idx.ts';

describe('readMnist', () => {
  it('reads all 60,000 training images, starting with the well-known labels 5, 0, 4, 1, 9', () => {
    const train = readMnist('train');
    expect(train.count).toBe(60000);
    expect(train.images.length).toBe(60000 * 784);
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
  });

  it('agrees byte for byte with the test set that npm run data wrote to public/data', () => {
    const test = readMnist('test');
    expect(test.count).toBe(10000);
    expect(Buffer.compare(Buffer.from(test.images), readFileSync(join(process.cwd(), 'public/data/mnist-test-images.u8')))).toBe(0);
    expect(Buffer.compare(Buffer.from(test.labels), readFileSync(join(process.cwd(), 'public/data/mnist-test-labels.u8')))).toBe(0);
  });
});
