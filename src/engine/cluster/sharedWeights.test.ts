import { describe, expect, it } from 'vitest';
import { shareWeights, sharedWeightGradients } from './sharedWeights';

describe('sharedWeightGradients', () => {
  it('sums the gradients of the weights in each cluster', () => {
    const grads = Float32Array.of(0.1, -0.2, 0.3, 0.05, -0.1, 0.4);
    const labels = Uint8Array.of(0, 1, 0, 2, 1, 0);
    const sums = sharedWeightGradients(grads, labels, 4);
    const g = grads; // clusters by hand: {0, 2, 5}, {1, 4}, {3} and an empty one
    expect(Array.from(sums)).toEqual([g[0] + g[2] + g[5], g[1] + g[4], g[3], 0].map(Math.fround));
    expect(sums[0]).toBeCloseTo(0.8, 6);
  });

  it('rejects mismatched lengths and labels outside k', () => {
    expect(() => sharedWeightGradients(new Float32Array(2), new Uint8Array(3), 2)).toThrow('2 gradients but 3 labels');
    expect(() => sharedWeightGradients(new Float32Array(1), Uint8Array.of(2), 2)).toThrow('label 2 at index 0 is not a cluster (k = 2)');
  });
});

describe('shareWeights', () => {
  it('replaces every kept weight by its centroid and leaves zeros alone', () => {
    const weights = Float32Array.of(0, 1, 1.2, 0, -2, -2.2, 0.9, 0);
    const { weights: shared, centroids } = shareWeights(weights, 2, { init: 'linear' });
    expect(Array.from(centroids)).toEqual([Math.fround(-2.1), Math.fround(3.1 / 3)]);
    expect(Array.from(shared)).toEqual([0, centroids[1], centroids[1], 0, centroids[0], centroids[0], centroids[1], 0]);
  });

  it('gives no centroids for a layer with nothing left', () => {
    expect(shareWeights(new Float32Array(3), 4, { init: 'density' })).toMatchObject({ centroids: new Float32Array(0), weights: new Float32Array(3) });
  });
});
