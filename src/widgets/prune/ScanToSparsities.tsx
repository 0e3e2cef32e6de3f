import { compressionOfSparsities, sparsitiesFromScan } from '../../engine';
import type { SensitivityPoint } from '../../runtime/contract/prune';
import { formatInt, formatPercent } from '../live/format';
import { NumberField } from '../input';
import { useUrlWriter } from '../urlState';
import { layerOf, percentText, type PruneModelId } from './common';
import { PRUNE_MODEL_SCHEMA } from './PruneModel';

/** The allowed-drop field: points of accuracy, read by the shared parser. */
export const DROP_RULE = { label: 'Allowed accuracy drop per layer', min: 0, max: 100, unit: ' points' };

interface Props {
  model: PruneModelId;
  /** A complete scan of `model`. */
  points: SensitivityPoint[];
  /** Allowed drop in points of accuracy (1 = one point). */
  drop: number;
  onDrop(drop: number): void;
  disabled: boolean;
  /** The URL prefix of the "Prune the live model" widget to fill. */
  target: string;
}

/**
 * Turns a finished sensitivity scan into per-layer sparsities (each layer: the highest scanned
 * sparsity whose accuracy stays within the allowed drop, engine `sparsitiesFromScan`), shows the
 * compression they give the whole model, and fills "Prune the live model" with them through its
 * URL state, ready to prune and retrain.
 */
export function ScanToSparsities({ model, points, drop, onDrop, disabled, target }: Props) {
  const fill = useUrlWriter(target, PRUNE_MODEL_SCHEMA);
  const choices = sparsitiesFromScan(points.map((p) => ({ layer: layerOf(p.weight), sparsity: p.sparsity, accuracy: p.accuracy })), drop / 100);
  const weights = choices.map((c) => points.find((p) => layerOf(p.weight) === c.layer)!.weights);
  const total = compressionOfSparsities(weights, choices.map((c) => c.sparsity), points[0].modelParams);
  const list = choices.map((c) => percentText(c.sparsity)).join(',');
  return (
    <div className="scan-to-sparsities">
      <div className="controls">
        <NumberField rule={DROP_RULE} value={drop} onValue={onDrop} disabled={disabled} />
        <button type="button" disabled={disabled} data-testid="use-scan"
          onClick={() => fill({ model, unit: 'weights', method: 'magnitude', scope: 'layer', layers: list })}>
          Use as per-layer sparsities in “Prune the live model”
        </button>
      </div>
      <p data-testid="scan-sparsities" data-layers={list} data-compression={total.compression}>
        Within {drop} point{drop === 1 ? '' : 's'} of the unpruned accuracy, each layer alone:{' '}
        {choices.map((c) => `${c.layer} ${percentText(c.sparsity)} % (${formatPercent(c.accuracy, 1)})`).join(', ')}.
        Together: {formatInt(total.nonzeroParams)} of {formatInt(total.params)} parameters left, <strong>{total.compression.toFixed(1)}×</strong> fewer.
        The layers were scanned one at a time: pruned together they lose more, which retraining must win back.
      </p>
    </div>
  );
}
