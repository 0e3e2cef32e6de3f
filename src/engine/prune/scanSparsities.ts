/**
 * From a sensitivity scan to per-layer sparsities (as the MIT EfficientML lab 1 asks): each layer
 * gets the highest scanned sparsity it tolerates alone, and the whole model's compression follows.
 */
import { prunedCount } from './sparsity';

/** One measured point of a sensitivity scan: `layer` alone pruned to `sparsity` scored `accuracy`. */
export interface ScanPoint {
  layer: string;
  sparsity: number;
  accuracy: number;
}

export interface LayerChoice {
  layer: string;
  /** The chosen sparsity (0 when even the first pruned point drops too far). */
  sparsity: number;
  /** Accuracy at sparsity 0 of this layer's curve. */
  baseline: number;
  /** Accuracy measured at the chosen sparsity. */
  accuracy: number;
}

/** Accuracies are counts over a test set; a drop equal to the threshold in decimal must not fail on rounding. */
const ROUNDING = 1e-9;

/**
 * Per layer (in order of first appearance), the highest scanned sparsity s such that the
 * accuracy at s and at every smaller scanned sparsity stays within `maxDrop` of the layer's
 * accuracy at sparsity 0: baseline − accuracy(s') ≤ maxDrop for all s' ≤ s. Walking up from 0 and
 * stopping at the first point beyond the threshold keeps a noisy curve that recovers at a higher
 * sparsity from being trusted there. `maxDrop` is a fraction (0.01 = one point of accuracy).
 * Every layer needs a point at sparsity 0.
 */
export function sparsitiesFromScan(points: readonly ScanPoint[], maxDrop: number): LayerChoice[] {
  if (!Number.isFinite(maxDrop) || maxDrop < 0) throw new Error(`the allowed accuracy drop must be a number ≥ 0, got ${maxDrop}`);
  const byLayer = new Map<string, ScanPoint[]>();
  for (const p of points) {
    if (!(p.sparsity >= 0 && p.sparsity <= 1)) throw new Error(`sparsity ${p.sparsity} of layer ${p.layer} is outside 0…1`);
    byLayer.set(p.layer, [...(byLayer.get(p.layer) ?? []), p]);
  }
  return [...byLayer].map(([layer, curve]) => {
    const sorted = curve.slice().sort((a, b) => a.sparsity - b.sparsity);
    if (sorted[0].sparsity !== 0) throw new Error(`the scan of layer ${layer} has no point at sparsity 0 to compare with`);
    const baseline = sorted[0].accuracy;
    let chosen = sorted[0];
    for (const p of sorted) {
      if (baseline - p.accuracy > maxDrop + ROUNDING) break;
      chosen = p;
    }
    return { layer, sparsity: chosen.sparsity, baseline, accuracy: chosen.accuracy };
  });
}

export interface ScanSparsities {
  /** All parameters of the model. */
  params: number;
  /** Parameters left: kernel weights kept by magnitude pruning at each sparsity, plus every other parameter. */
  nonzeroParams: number;
  /** params / nonzeroParams. */
  compression: number;
}

/**
 * What pruning each kernel by magnitude to its sparsity leaves of a model with `params`
 * parameters: kernel l loses round(sparsity[l] · weights[l]) weights (as `magnitudeMask` does),
 * everything else (biases) stays.
 */
export function compressionOfSparsities(weights: readonly number[], sparsities: readonly number[], params: number): ScanSparsities {
  if (weights.length !== sparsities.length) throw new Error(`${weights.length} kernels but ${sparsities.length} sparsities`);
  const kernelWeights = weights.reduce((a, b) => a + b, 0);
  if (!(params >= kernelWeights)) throw new Error(`the model's ${params} parameters cannot hold its ${kernelWeights} kernel weights`);
  const pruned = weights.reduce((sum, n, i) => sum + prunedCount(n, sparsities[i]), 0);
  const nonzeroParams = params - pruned;
  return { params, nonzeroParams, compression: params / nonzeroParams };
}
