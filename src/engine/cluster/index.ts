// Clustering: scalar k-means and trained weight sharing.
export { type KMeansInit, type KMeansOptions, type KMeansResult, initialCentroids, kmeans1d } from './kmeans1d';
export { shareWeights, sharedWeightGradients } from './sharedWeights';
export { maxClusterBits } from './codebookBits';
