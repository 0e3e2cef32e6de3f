export {
  truncatedSvd, truncateSvd, factorsFromSvd, lowRankFactors, multiplyFactors, lowRankParams, largestSavingRank, truncationError,
  type Svd, type SvdOptions, type LowRankFactors,
} from './svd';
