// The compressed model file format (.clmz): pruned + clustered + Huffman-coded layers.
export { crc32 } from './crc32';
export { type CompressedLayer, DEFAULT_INDEX_BITS, type IndexCoding } from './layerCoding';
export { type DecodedLayer, MODEL_FILE_MAGIC, MODEL_FILE_VERSION, decodeCompressedModel, encodeCompressedModel } from './format';
export { type LayerSizeReport, type ModelSizeReport, compressedSizeReport } from './report';
