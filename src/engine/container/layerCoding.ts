/**
 * How one pruned and clustered layer becomes bit streams (Deep Compression's pipeline):
 * the kept positions as relative-index gaps with filler zeros, the cluster index of every stored
 * entry (symbol k marks a filler zero), each stream Huffman-coded with its own code lengths.
 */
import { decodeRelativeIndex, encodeRelativeIndex } from '../prune/relativeIndex';
import { huffmanCodeLengths, huffmanDecode, huffmanEncode } from '../entropy/huffman';

export interface CompressedLayer {
  name: string;
  /** Kernel shape, e.g. Dense [in, out] or Conv [kh, kw, in, out]. */
  shape: number[];
  /** Pruned and clustered: every non-zero equals one of `centroids`. −0 counts as 0. */
  weights: Float32Array;
  /** The codebook (shared values), float32. */
  centroids: Float32Array;
  bias?: Float32Array;
  /** Bits per relative-index gap, 1–8 (default 5, the paper's choice for FC layers). */
  indexBits?: number;
}

/** A Huffman-coded stream: code lengths per symbol and the bits. */
export interface CodedStream {
  lengths: Uint8Array;
  bytes: Uint8Array;
  bitLength: number;
}

export interface CodedLayer {
  nonzeros: number;
  /** Stored entries: non-zeros plus filler zeros. */
  entries: number;
  fillerCount: number;
  indexBits: number;
  gaps: CodedStream;
  clusters: CodedStream;
}

export const DEFAULT_INDEX_BITS = 5;

/** Huffman-codes symbols 0 … alphabet − 1. With only one symbol in use no bits are needed. */
function codeStream(symbols: Uint8Array | Uint16Array, alphabet: number): CodedStream {
  const frequencies = new Float64Array(alphabet);
  for (const s of symbols) frequencies[s]++;
  const lengths = huffmanCodeLengths(frequencies);
  if (lengths.filter((l) => l > 0).length <= 1) return { lengths, bytes: new Uint8Array(0), bitLength: 0 };
  return { lengths, ...huffmanEncode(symbols, lengths) };
}

function decodeStream(stream: CodedStream, count: number): Uint16Array {
  const used = Array.from(stream.lengths.keys()).filter((s) => stream.lengths[s] > 0);
  if (count > 0 && used.length === 0) throw new Error('a coded stream has entries but no code');
  if (used.length === 1) return new Uint16Array(count).fill(used[0]);
  return huffmanDecode(stream.bytes, stream.bitLength, stream.lengths, count);
}

/** Checks a layer and turns it into coded streams; errors name the layer. */
export function codeLayer(layer: CompressedLayer): CodedLayer {
  const where = `layer "${layer.name}"`;
  const n = layer.shape.reduce((a, b) => a * b, 1);
  if (layer.shape.some((d) => !Number.isInteger(d) || d < 1)) throw new Error(`${where}: shape [${layer.shape}] must be whole numbers ≥ 1`);
  if (n !== layer.weights.length) throw new Error(`${where}: shape [${layer.shape}] has ${n} elements but there are ${layer.weights.length} weights`);
  const k = layer.centroids.length;
  if (k > 65535) throw new Error(`${where}: at most 65535 centroids, got ${k}`);
  const clusterOf = new Map<number, number>();
  layer.centroids.forEach((c, j) => {
    if (!Number.isFinite(c)) throw new Error(`${where}: centroid ${j} is ${c}`);
    if (!clusterOf.has(c)) clusterOf.set(c, j);
  });
  const mask = new Uint8Array(n);
  layer.weights.forEach((w, i) => {
    if (Number.isNaN(w)) throw new Error(`${where}: weight ${i} is NaN`);
    if (w !== 0 && !clusterOf.has(w)) throw new Error(`${where}: weight ${i} (${w}) is not one of the centroids; cluster the weights first`);
    mask[i] = w !== 0 ? 1 : 0;
  });
  layer.bias?.forEach((b, i) => {
    if (!Number.isFinite(b)) throw new Error(`${where}: bias ${i} is ${b}`);
  });
  const indexBits = layer.indexBits ?? DEFAULT_INDEX_BITS;
  const { gaps, fillerCount, positions } = encodeRelativeIndex(mask, indexBits);
  const symbols = Uint16Array.from(positions, (p) => (mask[p] ? clusterOf.get(layer.weights[p])! : k));
  return {
    nonzeros: gaps.length - fillerCount,
    entries: gaps.length,
    fillerCount,
    indexBits,
    gaps: codeStream(gaps, 1 << indexBits),
    clusters: codeStream(symbols, k + 1),
  };
}

/** Rebuilds the dense weights of a layer of `size` elements from its coded streams. */
export function decodeLayerWeights(coded: Pick<CodedLayer, 'entries' | 'gaps' | 'clusters'>, centroids: Float32Array, size: number): Float32Array {
  const positions = decodeRelativeIndex(decodeStream(coded.gaps, coded.entries), size);
  const symbols = decodeStream(coded.clusters, coded.entries);
  const weights = new Float32Array(size);
  symbols.forEach((s, e) => {
    if (s > centroids.length) throw new Error(`cluster index ${s} does not exist (k = ${centroids.length})`);
    if (s < centroids.length) weights[positions[e]] = centroids[s];
  });
  return weights;
}
