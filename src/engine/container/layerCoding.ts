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
  /**
   * The codebook as written: the layer's centroids that some weight uses, in their original
   * order. Empty clusters (k-means can leave some, and duplicates of a value are never used) would
   * cost 32 bits each and widen every fixed-width cluster index, so they are dropped and the
   * cluster indices renumbered.
   */
  centroids: Float32Array;
  nonzeros: number;
  /** Stored entries: non-zeros plus filler zeros. */
  entries: number;
  fillerCount: number;
  indexBits: number;
  gaps: CodedStream;
  clusters: CodedStream;
}

export const DEFAULT_INDEX_BITS = 5;

/**
 * How a layer's two index streams are written: Huffman codes (Deep Compression's stage 3), or
 * fixed-width codes of ⌈log₂ symbols⌉ bits (pruning and sharing alone). Both are stored the same
 * way, as code lengths per symbol (a fixed-width code is the canonical code whose used symbols all
 * have the same length), so one decoder reads either.
 */
export type IndexCoding = 'huffman' | 'fixed';

/** Huffman code lengths for the symbols' frequencies. */
function huffmanLengths(symbols: Uint8Array | Uint16Array, alphabet: number): Uint8Array {
  const frequencies = new Float64Array(alphabet);
  for (const s of symbols) frequencies[s]++;
  return huffmanCodeLengths(frequencies);
}

/** ⌈log₂ n⌉ bits for each of the n symbols marked in `inAlphabet` (one symbol: length 1, and no bits are written). */
function fixedLengths(inAlphabet: Uint8Array): Uint8Array {
  const n = inAlphabet.reduce((a, b) => a + b, 0);
  const width = n <= 1 ? 1 : Math.ceil(Math.log2(n));
  return inAlphabet.map((m) => (m ? width : 0));
}

/** Writes symbols with the code `lengths`. With only one symbol in use no bits are needed. */
function codeStream(symbols: Uint8Array | Uint16Array, lengths: Uint8Array): CodedStream {
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
export function codeLayer(layer: CompressedLayer, coding: IndexCoding = 'huffman'): CodedLayer {
  const where = `layer "${layer.name}"`;
  const n = layer.shape.reduce((a, b) => a * b, 1);
  if (layer.shape.some((d) => !Number.isInteger(d) || d < 1)) throw new Error(`${where}: shape [${layer.shape}] must be whole numbers ≥ 1`);
  if (n !== layer.weights.length) throw new Error(`${where}: shape [${layer.shape}] has ${n} elements but there are ${layer.weights.length} weights`);
  const k = layer.centroids.length;
  if (k > 65535) throw new Error(`${where}: at most 65535 centroids, got ${k}`);
  const centroidOf = new Map<number, number>();
  layer.centroids.forEach((c, j) => {
    if (!Number.isFinite(c)) throw new Error(`${where}: centroid ${j} is ${c}`);
    if (!centroidOf.has(c)) centroidOf.set(c, j);
  });
  const mask = new Uint8Array(n);
  const used = new Uint8Array(k);
  layer.weights.forEach((w, i) => {
    if (Number.isNaN(w)) throw new Error(`${where}: weight ${i} is NaN`);
    if (w === 0) return;
    const j = centroidOf.get(w);
    if (j === undefined) throw new Error(`${where}: weight ${i} (${w}) is not one of the centroids; cluster the weights first`);
    mask[i] = 1;
    used[j] = 1;
  });
  // Renumber the used centroids 0, 1, … in their original order.
  const centroids = layer.centroids.filter((_, j) => used[j] === 1);
  const clusterOf = new Map<number, number>();
  centroids.forEach((c, j) => clusterOf.set(c, j));
  layer.bias?.forEach((b, i) => {
    if (!Number.isFinite(b)) throw new Error(`${where}: bias ${i} is ${b}`);
  });
  const indexBits = layer.indexBits ?? DEFAULT_INDEX_BITS;
  const { gaps, fillerCount, positions } = encodeRelativeIndex(mask, indexBits);
  const fillerSymbol = centroids.length;
  const symbols = Uint16Array.from(positions, (p) => (mask[p] ? clusterOf.get(layer.weights[p])! : fillerSymbol));
  return {
    centroids,
    nonzeros: gaps.length - fillerCount,
    entries: gaps.length,
    fillerCount,
    indexBits,
    gaps: codeStream(gaps, coding === 'huffman' ? huffmanLengths(gaps, 1 << indexBits) : fixedLengths(new Uint8Array(1 << indexBits).fill(1))),
    // Fixed width: the k centroids, and the filler symbol only if a filler is stored.
    clusters: codeStream(symbols, coding === 'huffman' ? huffmanLengths(symbols, fillerSymbol + 1) : fixedLengths(Uint8Array.from({ length: fillerSymbol + 1 }, (_, s) => (s < fillerSymbol || fillerCount > 0 ? 1 : 0)))),
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
