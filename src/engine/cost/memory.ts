import { layerCost } from './layers';
import type { CostOptions, LayerSpec } from './types';

/** The activation memory of one forward pass of a batch, counted from the layers' shapes. */
export interface ActivationMemory {
  /** The batch's input and every layer's output, all held at once (as a training step keeps them for the backward pass). */
  allBytes: number;
  /** The largest input-plus-output of any one layer: the least an inference that frees each tensor once used must hold. */
  largestLayerBytes: number;
  /** The layer where that happens. */
  largestLayer: string;
}

/**
 * Activation bytes of layers run one after another on a batch: allBytes = b·B·(in₁ + Σ outᵢ),
 * largestLayerBytes = b·B·maxᵢ(inᵢ + outᵢ), with b bytes per number and B images.
 */
export function activationMemory(layers: readonly (LayerSpec & { name?: string })[], options: CostOptions = {}): ActivationMemory {
  const batch = options.batch ?? 1;
  const bytes = options.bytesPerElement ?? 4;
  const rows = layers.map((l, i) => ({ name: l.name ?? `layer ${i + 1}`, cost: layerCost(l, options) }));
  if (rows.length === 0) return { allBytes: 0, largestLayerBytes: 0, largestLayer: '' };
  const all = rows.reduce((sum, r) => sum + r.cost.outputElements, rows[0].cost.inputElements);
  const largest = rows.reduce((a, r) => (r.cost.inputElements + r.cost.outputElements > a.cost.inputElements + a.cost.outputElements ? r : a));
  return {
    allBytes: all * batch * bytes,
    largestLayerBytes: (largest.cost.inputElements + largest.cost.outputElements) * batch * bytes,
    largestLayer: largest.name,
  };
}
