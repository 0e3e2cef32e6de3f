import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeCompressedModel, encodeCompressedModel, MAX_LAYER_ELEMENTS } from './format';
import { ByteWriter } from './byteIO';
import { crc32 } from './crc32';
import type { CompressedLayer } from './layerCoding';
import { seededRandom } from '../random';

/** A random pruned, clustered layer: each weight is 0 or one of k random centroids. */
function randomLayer(seed: number, shape: number[], k: number, density: number, indexBits?: number): CompressedLayer {
  const random = seededRandom(seed);
  const centroids = Float32Array.from({ length: k }, () => random() * 2 - 1);
  const n = shape.reduce((a, b) => a * b, 1);
  const weights = Float32Array.from({ length: n }, () => (random() < density ? centroids[Math.floor(random() * k)] : 0));
  const bias = Float32Array.from({ length: shape[shape.length - 1] }, () => random() - 0.5);
  return { name: `layer ${seed}`, shape, weights, centroids, bias, ...(indexBits ? { indexBits } : {}) };
}

/** Bit-for-bit equality of two float32 arrays (stricter than ===: tells −0 from +0). */
function sameBits(a: Float32Array | undefined, b: Float32Array | undefined): boolean {
  if (!a || !b) return a === b;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The centroids some weight equals, first copies only, in order: the codebook a file keeps. */
function usedCentroids(layer: CompressedLayer): Float32Array {
  const values = new Set(Array.from(layer.weights).filter((w) => w !== 0));
  return layer.centroids.filter((c, j) => values.has(c) && layer.centroids.indexOf(c) === j);
}

function expectSameLayers(decoded: CompressedLayer[], original: CompressedLayer[]) {
  expect(decoded.length).toBe(original.length);
  decoded.forEach((layer, l) => {
    expect(layer.name).toBe(original[l].name);
    expect(layer.shape).toEqual(original[l].shape);
    expect(sameBits(layer.weights, original[l].weights)).toBe(true);
    expect(sameBits(layer.centroids, usedCentroids(original[l]))).toBe(true);
    expect(sameBits(layer.bias, original[l].bias)).toBe(true);
  });
}

describe('encodeCompressedModel / decodeCompressedModel', () => {
  it('round-trip random layers to identical float32 weights', () => {
    const layerArb = fc.record({
      seed: fc.nat(),
      shape: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
      k: fc.integer({ min: 1, max: 40 }),
      density: fc.double({ min: 0, max: 1, noNaN: true }),
      indexBits: fc.integer({ min: 1, max: 8 }),
    });
    fc.assert(
      fc.property(fc.array(layerArb, { maxLength: 4 }), (specs) => {
        const layers = specs.map((s) => randomLayer(s.seed, s.shape, s.k, s.density, s.indexBits));
        expectSameLayers(decodeCompressedModel(encodeCompressedModel(layers)), layers);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips a layer with a single centroid, one with no non-zero weight, and one without bias', () => {
    const single = { name: 'k=1', shape: [3, 3], weights: Float32Array.of(0, 0.5, 0.5, 0, 0, 0.5, 0, 0, 0), centroids: Float32Array.of(0.5) };
    const empty = { name: 'all pruned', shape: [2, 5], weights: new Float32Array(10), centroids: Float32Array.of(0.1, 0.2), bias: Float32Array.of(1, 2, 3, 4, 5) };
    const noCodebook = { name: 'nothing', shape: [4], weights: new Float32Array(4), centroids: new Float32Array(0) };
    const layers = [single, empty, noCodebook];
    expectSameLayers(decodeCompressedModel(encodeCompressedModel(layers)), layers);
  });

  it('keeps long runs of zeros exact with filler entries and unicode names', () => {
    const weights = new Float32Array(5000);
    weights[0] = weights[4999] = weights[1234] = -0.25;
    const layer = { name: 'fc₁ — ünïcode', shape: [50, 100], weights, centroids: Float32Array.of(-0.25), indexBits: 2 };
    const [decoded] = decodeCompressedModel(encodeCompressedModel([layer]));
    expect(decoded.weights).toEqual(weights);
    expect(decoded.name).toBe(layer.name);
    expect(decoded.indexBits).toBe(2);
  });

  // Written by the encoder before empty clusters were dropped: 4 centroids, 2 used, and a filler.
  const FILE_WITH_EMPTY_CLUSTERS = '434c4d5a01000000010000005200000003006f6c6402020000000500000002040000000000003f0000003e000080be0000403f0400000002020202080000003901000200020600000070050000000000803f000080bf0000003f0000004000004040640b96f7';
  const emptyClustersLayer = {
    name: 'old', shape: [2, 5], weights: Float32Array.of(0.5, 0, 0, 0, 0, 0, 0, -0.25, 0, 0.5),
    centroids: Float32Array.of(0.5, 0.125, -0.25, 0.75), bias: Float32Array.of(1, -1, 0.5, 2, 3), indexBits: 2,
  };

  it('drops empty clusters and renumbers the codes: 2 of 4 centroids stored, 10 bytes fewer', () => {
    const old = Uint8Array.from(FILE_WITH_EMPTY_CLUSTERS.match(/../g)!, (h) => Number.parseInt(h, 16));
    const bytes = encodeCompressedModel([emptyClustersLayer]);
    const [layer] = decodeCompressedModel(bytes);
    expect(Array.from(layer.centroids)).toEqual([0.5, -0.25]);
    expect(Array.from(layer.weights)).toEqual(Array.from(emptyClustersLayer.weights));
    // Two float32 centroids (8 bytes) and their two code lengths (2 bytes) are gone.
    expect(bytes.length).toBe(old.length - 10);
    // A duplicated centroid is used once: the copy is dropped too.
    const [dup] = decodeCompressedModel(encodeCompressedModel([{ ...emptyClustersLayer, centroids: Float32Array.of(0.5, 0.5, -0.25) }]));
    expect(Array.from(dup.centroids)).toEqual([0.5, -0.25]);
  });

  it('still reads a file written before empty clusters were dropped (same format, v1)', () => {
    const old = Uint8Array.from(FILE_WITH_EMPTY_CLUSTERS.match(/../g)!, (h) => Number.parseInt(h, 16));
    const [layer] = decodeCompressedModel(old);
    expect(Array.from(layer.centroids)).toEqual([0.5, 0.125, -0.25, 0.75]);
    expect(Array.from(layer.weights)).toEqual(Array.from(emptyClustersLayer.weights));
    expect(Array.from(layer.bias!)).toEqual([1, -1, 0.5, 2, 3]);
  });

  it('writes fixed-width codes when asked: a file of exactly the bytes counted by hand, read by the same decoder', () => {
    // Entries at 0, 3 (filler: the gap of 6 is more than 2 bits hold), 7 and 9: gaps of 2 bits,
    // cluster symbols 0.5, filler, −0.25, 0.5 from 3 symbols at ⌈log₂ 3⌉ = 2 bits: 8 + 8 bits.
    const bytes = encodeCompressedModel([emptyClustersLayer], 'fixed');
    // Header 16 + name 5 + shape 9 + index bits 1 + codebook 4 + 8 + entries 4
    // + gap stream 4 + 4 + 1 + cluster stream 3 + 4 + 1 + bias 4 + 20 + checksum 4.
    expect(bytes.length).toBe(92);
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(51, true)).toBe(8); // the gap stream's bit count
    expect(view.getUint32(59, true)).toBe(8); // the cluster stream's
    expect(Array.from(decodeCompressedModel(bytes)[0].weights)).toEqual(Array.from(emptyClustersLayer.weights));
    // Huffman coding gives the frequent 0.5 a 1-bit code: 6 cluster bits instead of 8.
    const huffman = encodeCompressedModel([emptyClustersLayer]);
    expect(new DataView(huffman.buffer).getUint32(59, true)).toBe(6);
  });

  it('round-trips random layers with fixed-width codes, never shorter than the Huffman-coded file', () => {
    for (let seed = 0; seed < 30; seed++) {
      const layer = randomLayer(seed, [16, 20], 1 + (seed % 40), (seed % 10) / 10, 1 + (seed % 8));
      const huffman = encodeCompressedModel([layer]);
      const fixed = encodeCompressedModel([layer], 'fixed');
      expectSameLayers(decodeCompressedModel(fixed), [layer]);
      // Huffman coding can only save bits over fixed-width codes (code tables are the same size).
      expect(huffman.length).toBeLessThanOrEqual(fixed.length);
    }
  });

  it('writes the header fields at their documented offsets', () => {
    const bytes = encodeCompressedModel([randomLayer(1, [4, 4], 3, 0.5)]);
    const view = new DataView(bytes.buffer);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('CLMZ');
    expect(view.getUint16(4, true)).toBe(1);
    expect(view.getUint32(8, true)).toBe(1);
    expect(view.getUint32(12, true)).toBe(bytes.length - 20);
  });

  // Its time is measured by `npm run bench -- engine` (container), not asserted here.
  it('compresses a LeNet-300-100-sized pruned, 5-bit model more than 25 times', () => {
    const layers = [randomLayer(1, [784, 300], 32, 0.08), randomLayer(2, [300, 100], 32, 0.09), randomLayer(3, [100, 10], 32, 0.26)];
    const bytes = encodeCompressedModel(layers);
    const decoded = decodeCompressedModel(bytes);
    expectSameLayers(decoded, layers);
    const denseBytes = layers.reduce((s, l) => s + 4 * (l.weights.length + l.bias!.length), 0);
    // ~8 % kept at ≈ 5 + 5 bits each (uniform random clusters leave Huffman little to gain).
    expect(denseBytes / bytes.length).toBeGreaterThan(25);
  });
});

describe('decodeCompressedModel on bad files', () => {
  const good = encodeCompressedModel([randomLayer(5, [8, 8], 4, 0.3)]);

  it('says when the file ends early', () => {
    expect(() => decodeCompressedModel(good.slice(0, good.length - 10))).toThrow(`the file ends early: expected ${good.length} bytes, got ${good.length - 10}`);
    expect(() => decodeCompressedModel(good.slice(0, 9))).toThrow('the file ends early: expected at least 16 bytes, got 9');
    expect(() => decodeCompressedModel(new Uint8Array(0))).toThrow(/ends early/);
  });

  it('recognises a file that is not a model file', () => {
    expect(() => decodeCompressedModel(new TextEncoder().encode('{"format": "layers-model"}'))).toThrow('not a Compression Lab model file');
  });

  it('names a newer version it cannot read', () => {
    const newer = good.slice();
    newer[4] = 2;
    expect(() => decodeCompressedModel(newer)).toThrow('made by a newer version (v2); this page reads v1');
  });

  it('detects corruption with the checksum', () => {
    for (const at of [20, good.length - 5, good.length - 1]) {
      const corrupted = good.slice();
      corrupted[at] ^= 0x10;
      expect(() => decodeCompressedModel(corrupted)).toThrow('the file is corrupted (checksum mismatch)');
    }
  });

  it('refuses extra bytes after the end', () => {
    const longer = new Uint8Array(good.length + 3);
    longer.set(good);
    expect(() => decodeCompressedModel(longer)).toThrow('the file has 3 unexpected bytes after its end');
  });
});

describe('encodeCompressedModel on bad layers', () => {
  const base = { name: 'fc', shape: [2, 2], weights: Float32Array.of(0, 0.5, 0, 0.25), centroids: Float32Array.of(0.25, 0.5) };

  it('rejects weights that are not centroids, wrong shapes and NaN', () => {
    expect(() => encodeCompressedModel([{ ...base, weights: Float32Array.of(0, 0.5, 0, 0.3) }])).toThrow(
      /layer "fc": weight 3 \(0.30000001192092896\) is not one of the centroids; cluster the weights first/,
    );
    expect(() => encodeCompressedModel([{ ...base, shape: [3, 2] }])).toThrow('layer "fc": shape [3,2] has 6 elements but there are 4 weights');
    expect(() => encodeCompressedModel([{ ...base, weights: Float32Array.of(0, NaN, 0, 0) }])).toThrow('layer "fc": weight 1 is NaN');
    expect(() => encodeCompressedModel([{ ...base, indexBits: 9 }])).toThrow(/bits must be a whole number from 1 to 8/);
  });
});

/** A model file around hand-written layer bytes, with a correct header and checksum. */
function rawFile(layerCount: number, writeLayers: (w: ByteWriter) => void): Uint8Array {
  const payload = new ByteWriter();
  writeLayers(payload);
  const body = payload.finish();
  const w = new ByteWriter();
  w.bytes(Uint8Array.from('CLMZ', (c) => c.charCodeAt(0)));
  w.u16(1); w.u16(0); w.u32(layerCount); w.u32(body.length);
  w.bytes(body);
  const withoutCrc = w.finish();
  w.u32(crc32(withoutCrc));
  return w.finish();
}

interface RawLayer { shape: number[]; k?: number; centroids?: number[]; entries: number; gapLengths?: number[]; gapBits?: number; clusterLengths?: number[]; clusterBits?: number; bias?: number[] }

/** One layer written field by field, as the format's comment lays it out (index bits 1). */
function writeRaw(w: ByteWriter, l: RawLayer): void {
  w.u16(1); w.bytes(Uint8Array.of(0x41));
  w.u8(l.shape.length); l.shape.forEach((d) => w.u32(d));
  w.u8(1);
  const centroids = l.centroids ?? [0.5];
  w.u32(l.k ?? centroids.length); w.f32s(Float32Array.from(centroids));
  w.u32(l.entries);
  w.bytes(Uint8Array.from(l.gapLengths ?? [1, 0])); w.u32(l.gapBits ?? 0); w.bytes(new Uint8Array(Math.ceil((l.gapBits ?? 0) / 8)));
  w.bytes(Uint8Array.from(l.clusterLengths ?? [1, 0])); w.u32(l.clusterBits ?? 0); w.bytes(new Uint8Array(Math.ceil((l.clusterBits ?? 0) / 8)));
  w.u32(l.bias?.length ?? 0); if (l.bias) w.f32s(Float32Array.from(l.bias));
}

describe('hostile model files', () => {
  it('reads a well-formed hand-written layer (the helper writes the format right)', () => {
    const [layer] = decodeCompressedModel(rawFile(1, (w) => writeRaw(w, { shape: [2, 2], entries: 4, bias: [1] })));
    expect(Array.from(layer.weights)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('refuses counts that claim more entries than the tensor or the bits hold, before allocating', () => {
    expect(() => decodeCompressedModel(rawFile(1, (w) => writeRaw(w, { shape: [2, 2], entries: 0xffffffff }))))
      .toThrow('layer 1 ("A"): 4294967295 stored entries claimed for a tensor of 4 elements');
    expect(() => decodeCompressedModel(rawFile(1, (w) => writeRaw(w, { shape: [4096, 4096], entries: 4_000_000, gapLengths: [1, 1], gapBits: 8 }))))
      .toThrow('4000000 stored entries claimed but the gap stream has only 8 bits');
  });

  it('refuses tensors above 64 M elements and names the limit', () => {
    expect(MAX_LAYER_ELEMENTS).toBe(67_108_864);
    expect(() => decodeCompressedModel(rawFile(1, (w) => writeRaw(w, { shape: [65536, 65536, 4], entries: 0 }))))
      .toThrow(/has 1\.72e\+10 elements; this page reads tensors of at most 67,108,864 \(64 M\)/);
    expect(() => decodeCompressedModel(rawFile(1, (w) => writeRaw(w, { shape: [2, 0], entries: 0 })))).toThrow(/dimension of 0/);
  });

  it('refuses non-finite codebook values and biases', () => {
    expect(() => decodeCompressedModel(rawFile(1, (w) => writeRaw(w, { shape: [2], centroids: [Number.NaN], entries: 2 }))))
      .toThrow('centroid 0 is NaN, not a finite number');
    expect(() => decodeCompressedModel(rawFile(1, (w) => writeRaw(w, { shape: [2], entries: 2, bias: [0, Infinity] }))))
      .toThrow('bias 1 is Infinity, not a finite number');
  });

  it('answers a layer count far beyond the payload with "ends early", not a hang', () => {
    const started = Date.now();
    expect(() => decodeCompressedModel(rawFile(0xffffffff, (w) => writeRaw(w, { shape: [2], entries: 2 })))).toThrow(/ends early/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
