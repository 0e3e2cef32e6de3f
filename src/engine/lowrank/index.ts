export {
  truncatedSvd, truncateSvd, factorsFromSvd, lowRankFactors, multiplyFactors, lowRankParams, largestSavingRank, truncationError, engineProduct,
  type Svd, type SvdOptions, type LowRankFactors, type MatrixProduct,
} from './svd';
export { channelDecomposition, channelDecompositionCost, type ChannelDecomposition, type ConvPairCost, type KernelShape } from './channelDecomposition';
