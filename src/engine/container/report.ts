/**
 * Where the bits of a compressed model go, layer by layer: the same accounting as Deep
 * Compression's tables (Han, Mao & Dally 2016, Tables 2–5), from the actual coded streams.
 */
import { encodeCompressedModel } from './format';
import { type CompressedLayer, type IndexCoding, codeLayer } from './layerCoding';

export interface LayerSizeReport {
  name: string;
  weights: number;
  nonzeros: number;
  /** Non-zeros plus filler zeros. */
  storedEntries: number;
  fillerCount: number;
  clusters: number;
  /** The uncompressed layer: float32 weights and bias. */
  denseBits: number;
  /** Relative-index gaps at a fixed b bits each. */
  indexBits: number;
  /** Cluster indices at a fixed ⌈log₂ symbols⌉ bits each (a filler zero is one more symbol). */
  clusterIndexBits: number;
  /** The same two streams after Huffman coding. */
  huffmanIndexBits: number;
  huffmanClusterIndexBits: number;
  /** Fixed-width minus Huffman bits for the two streams (Huffman can only remove bits). */
  huffmanSavingBits: number;
  /** float32 centroids. */
  codebookBits: number;
  /**
   * The code-length tables the decoder needs: 8 bits per symbol of both alphabets. The file
   * stores them whichever coding it uses (a fixed-width code is written as equal lengths).
   */
  codeTableBits: number;
  biasBits: number;
  /** Pruning + quantization without Huffman: indices, cluster indices, codebook, bias. */
  totalBitsFixed: number;
  /** As the file stores it (see ModelSizeReport.coding): the two streams, code tables, codebook, bias. */
  totalBits: number;
}

export interface ModelSizeReport {
  /** How the file codes its index streams; `totalBits` and `fileBytes` count that coding. */
  coding: IndexCoding;
  layers: LayerSizeReport[];
  total: Omit<LayerSizeReport, 'name'>;
  /** Size of the actual file from encodeCompressedModel, headers and checksum included. */
  fileBytes: number;
  /** denseBits / (fileBytes · 8). */
  compressionRatio: number;
}

function reportLayer(layer: CompressedLayer, coding: IndexCoding): LayerSizeReport {
  const coded = codeLayer(layer);
  const k = coded.centroids.length;
  const symbols = k + (coded.fillerCount > 0 ? 1 : 0);
  const indexBits = coded.entries * coded.indexBits;
  const clusterIndexBits = coded.entries * Math.ceil(Math.log2(Math.max(1, symbols)));
  const huffmanIndexBits = coded.gaps.bitLength;
  const huffmanClusterIndexBits = coded.clusters.bitLength;
  const codebookBits = 32 * k;
  const biasBits = 32 * (layer.bias?.length ?? 0);
  const codeTableBits = 8 * (coded.gaps.lengths.length + coded.clusters.lengths.length);
  return {
    name: layer.name,
    weights: layer.weights.length,
    nonzeros: coded.nonzeros,
    storedEntries: coded.entries,
    fillerCount: coded.fillerCount,
    clusters: k,
    denseBits: 32 * layer.weights.length + biasBits,
    indexBits,
    clusterIndexBits,
    huffmanIndexBits,
    huffmanClusterIndexBits,
    huffmanSavingBits: indexBits + clusterIndexBits - huffmanIndexBits - huffmanClusterIndexBits,
    codebookBits,
    codeTableBits,
    biasBits,
    totalBitsFixed: indexBits + clusterIndexBits + codebookBits + biasBits,
    totalBits: (coding === 'huffman' ? huffmanIndexBits + huffmanClusterIndexBits : indexBits + clusterIndexBits) + codeTableBits + codebookBits + biasBits,
  };
}

const COUNTS = [
  'weights', 'nonzeros', 'storedEntries', 'fillerCount', 'clusters', 'denseBits', 'indexBits', 'clusterIndexBits',
  'huffmanIndexBits', 'huffmanClusterIndexBits', 'huffmanSavingBits', 'codebookBits', 'codeTableBits', 'biasBits',
  'totalBitsFixed', 'totalBits',
] as const satisfies readonly (keyof LayerSizeReport)[];

/** Per-layer and total bit accounting, plus the real size of the file written with `coding`. */
export function compressedSizeReport(layers: CompressedLayer[], coding: IndexCoding = 'huffman'): ModelSizeReport {
  const perLayer = layers.map((l) => reportLayer(l, coding));
  const total = Object.fromEntries(COUNTS.map((key) => [key, perLayer.reduce((s, l) => s + l[key], 0)])) as ModelSizeReport['total'];
  const fileBytes = encodeCompressedModel(layers, coding).length;
  return { coding, layers: perLayer, total, fileBytes, compressionRatio: total.denseBits / (fileBytes * 8) };
}
