// Deep Compression widgets: the three-stage pipeline on a live model, its codebooks, its bit
// accounting, and the compressed file's download and reload. They share the latest run.
export { DeepCompressionPipeline } from './DeepCompressionPipeline';
export { CodebookView } from './CodebookView';
export { BitAccounting } from './BitAccounting';
export { DownloadReload } from './DownloadReload';
