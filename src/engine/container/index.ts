// Model files: the compressed format (.clmz: pruned + clustered + Huffman-coded layers) and the standard tfjs layers export.
export { crc32 } from './crc32';
export { type CompressedLayer, DEFAULT_INDEX_BITS, type IndexCoding } from './layerCoding';
export { type DecodedLayer, MODEL_FILE_MAGIC, MODEL_FILE_VERSION, decodeCompressedModel, encodeCompressedModel } from './format';
export { type LayerSizeReport, type ModelSizeReport, compressedSizeReport } from './report';
export {
  type TfjsLayersExport, type TfjsManifestEntry, type TfjsTensorReport, type TfjsWeightEncoding, type TfjsWeightIn,
  TFJS_ENCODING_BYTES, TFJS_WEIGHT_ENCODINGS, converterAffineRange, exportTfjsLayersModel, uniformGridOf,
} from './tfjsLayersExport';
