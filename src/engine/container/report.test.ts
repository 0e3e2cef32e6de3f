import { describe, expect, it } from 'vitest';
import { compressedSizeReport } from './report';
import { encodeCompressedModel } from './format';

describe('compressedSizeReport', () => {
  it('accounts for every bit of a hand-worked layer', () => {
    // 4 × 4 layer, kept weights at 1 (0.5), 4 (−0.5) and 15 (0.5), 3-bit relative indices:
    // entries at 1, 4, 12 (filler), 15 with gaps 1, 2, 7, 2 and cluster symbols 0, 1, 2, 0.
    const weights = new Float32Array(16);
    weights[1] = weights[15] = 0.5;
    weights[4] = -0.5;
    const layer = { name: 't', shape: [4, 4], weights, centroids: Float32Array.of(0.5, -0.5), indexBits: 3 };
    const report = compressedSizeReport([layer]);
    expect(report.coding).toBe('huffman');
    expect(report.layers[0]).toEqual({
      name: 't',
      weights: 16,
      nonzeros: 3,
      storedEntries: 4,
      fillerCount: 1,
      clusters: 2,
      denseBits: 512,
      indexBits: 12, // 4 entries × 3 bits
      clusterIndexBits: 8, // 4 entries × ⌈log₂ 3⌉ (two centroids + the filler zero)
      huffmanIndexBits: 6, // gap 2 → 1 bit (twice), gaps 1 and 7 → 2 bits
      huffmanClusterIndexBits: 6, // symbol 0 → 1 bit (twice), symbols 1 and 2 → 2 bits
      huffmanSavingBits: 8,
      codebookBits: 64,
      codeTableBits: 88, // (2³ + 3) lengths × 8 bits
      biasBits: 0,
      totalBitsFixed: 84,
      totalBits: 164,
    });
    // Header 16 + name 3 + shape 9 + bits 1 + codebook 12 + entries 4 + gap stream 13
    // + cluster stream 8 + bias length 4 + checksum 4.
    expect(report.fileBytes).toBe(74);
    expect(report.fileBytes).toBe(encodeCompressedModel([layer]).length);
    expect(report.compressionRatio).toBeCloseTo(512 / (74 * 8), 12);
  });

  it('counts what the file stores: fixed-width codes when asked, and only the centroids in use', () => {
    // The hand-worked layer above with two unused centroids in its codebook (k-means can leave empty clusters).
    const weights = new Float32Array(16);
    weights[1] = weights[15] = 0.5;
    weights[4] = -0.5;
    const layer = { name: 't', shape: [4, 4], weights, centroids: Float32Array.of(0.25, 0.5, 0.75, -0.5), indexBits: 3 };
    const fixed = compressedSizeReport([layer], 'fixed');
    expect(fixed.coding).toBe('fixed');
    expect(fixed.layers[0]).toMatchObject({ clusters: 2, codebookBits: 64, indexBits: 12, clusterIndexBits: 8, codeTableBits: 88 });
    // 12 + 8 stream bits as written, code tables 88, codebook 64.
    expect(fixed.layers[0].totalBits).toBe(172);
    // One byte more than the Huffman file: the 12-bit gap stream takes 2 bytes instead of 1 (6 bits).
    expect(fixed.fileBytes).toBe(75);
    expect(fixed.fileBytes).toBe(encodeCompressedModel([layer], 'fixed').length);
    expect(compressedSizeReport([layer]).fileBytes).toBe(74);
  });

  it('sums the layers into the total and spends no cluster bits on a single centroid', () => {
    const a = { name: 'a', shape: [3], weights: Float32Array.of(1, 0, 1), centroids: Float32Array.of(1), bias: Float32Array.of(0, 0, 0) };
    const b = { name: 'b', shape: [2, 2], weights: Float32Array.of(2, 3, 0, 2), centroids: Float32Array.of(2, 3) };
    const report = compressedSizeReport([a, b]);
    expect(report.layers[0]).toMatchObject({ clusterIndexBits: 0, huffmanClusterIndexBits: 0, biasBits: 96, denseBits: 192 });
    for (const key of ['weights', 'nonzeros', 'denseBits', 'totalBits', 'huffmanSavingBits'] as const) {
      expect(report.total[key]).toBe(report.layers[0][key] + report.layers[1][key]);
    }
  });
});

describe('compressedSizeReport on a Deep Compression pipeline', () => {
  it('shows Huffman coding saving bits on magnitude-pruned, k-means-shared weights', async () => {
    const { magnitudeMask, applyMask } = await import('../prune');
    const { shareWeights } = await import('../cluster');
    const { seededRandom } = await import('../random');
    const random = seededRandom(9);
    const dense = Float32Array.from({ length: 300 * 100 }, () => (random() + random() + random() - 1.5) * 0.1);
    const pruned = applyMask(dense, magnitudeMask(dense, 0.91));
    const { weights, centroids } = shareWeights(pruned, 64, { init: 'linear' });
    const report = compressedSizeReport([{ name: 'ip2', shape: [300, 100], weights, centroids }]);
    const layer = report.layers[0];
    expect(layer.nonzeros).toBe(2700);
    expect(layer.huffmanSavingBits).toBeGreaterThan(0);
    expect(layer.totalBits).toBeLessThan(layer.totalBitsFixed);
    expect(report.compressionRatio).toBeGreaterThan(20);
  });
});
