import { layerCost, resolveOptions } from './layers';
import type { Cost, CostOptions, LayerSpec, ModelCost } from './types';

/**
 * The cost of a sequence of layers run one after the other for a batch: one row per layer
 * (`layerCost`, keeping each spec's optional `name`) and totals. The total bytes assume every
 * layer reads its input from memory and writes its output back (no fusion of layers), so the
 * model's intensity is total flops / total bytes. An error in a layer names its position.
 */
export function modelCost(layers: readonly (LayerSpec & { name?: string })[], options: CostOptions = {}): ModelCost {
  resolveOptions(options);
  const rows = layers.map((layer, i) => {
    try {
      const row = layerCost(layer, options);
      return layer.name === undefined ? row : { name: layer.name, ...row };
    } catch (e) {
      throw new RangeError(`layer ${i + 1}${layer?.name ? ` (${layer.name})` : ''}: ${(e as Error).message}`);
    }
  });
  const sum = (key: 'params' | 'macs' | 'flops' | 'bytes') => rows.reduce((a, r) => a + r[key], 0);
  const bytes = sum('bytes');
  const flops = sum('flops');
  const totals: Cost = { params: sum('params'), macs: sum('macs'), flops, bytes, intensity: bytes === 0 ? 0 : flops / bytes };
  return { ...totals, totals, weightBytes: rows.reduce((a, r) => a + r.weightBytes, 0), layers: rows };
}
