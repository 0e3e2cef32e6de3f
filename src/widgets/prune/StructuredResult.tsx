import type { StructuredOutcome } from '../../runtime/contract/prune';
import { formatBytes } from '../cost/format';
import { formatInt, formatPercent } from '../live/format';

/** A structurally pruned model as shown: what the job measured, and its retraining so far. */
export interface SmallerShown {
  outcome: StructuredOutcome;
  settings: string;
  description: string;
  retrainedSteps: number;
  /** Test accuracy after the retraining steps (undefined before any). */
  retrained?: number;
}

/** Bytes of `params` float32 numbers: the size of a dense model file. */
const float32Bytes = (params: number) => params * 4;

/**
 * The result of removing whole neurons or filters: units per layer before and after, and the
 * parameters, multiply-accumulates per image and float32 size of the smaller model against the
 * unpruned one, with the test accuracy before and after retraining.
 */
export function StructuredResult({ shown, base, stale }: { shown: SmallerShown; base?: number; stale: boolean }) {
  const o = shown.outcome;
  const keptOne = o.layers.filter((l) => l.keptOne);
  const rows = [
    { id: 'params', name: 'Parameters', before: o.paramsBefore, after: o.paramsAfter, format: formatInt },
    { id: 'macs', name: 'MACs per image', before: o.macsBefore, after: o.macsAfter, format: formatInt },
    { id: 'bytes', name: 'Size (float32)', before: float32Bytes(o.paramsBefore), after: float32Bytes(o.paramsAfter), format: formatBytes },
  ];
  return (
    <div className="prune-results" role="status" aria-live="polite">
      <p>
        Unpruned accuracy: <strong data-testid="base-accuracy" data-value={base}>{base === undefined ? 'not measured yet' : formatPercent(base)}</strong>
        {' · '}after removing units: <strong data-testid="smaller-accuracy" data-value={o.accuracy}>{formatPercent(o.accuracy)}</strong>
        {shown.retrained !== undefined && <>{' · '}after {formatInt(shown.retrainedSteps)} retraining steps: <strong data-testid="smaller-retrained" data-value={shown.retrained}>{formatPercent(shown.retrained)}</strong></>}
        {' '}(all 10,000 test images)
      </p>
      {stale && <p className="muted" data-testid="stale">These results are for the last run ({shown.description}); press “Prune and evaluate” for the current settings.</p>}
      {keptOne.length > 0 && (
        <p className="prune-note" data-testid="kept-one">
          A layer cannot lose every unit, or nothing would reach the classifier: {keptOne.map((l) => l.layer).join(' and ')} {keptOne.length > 1 ? 'each kept' : 'kept'} its strongest one.
        </p>
      )}
      <div className="live-table-wrap">
        <table className="live-table" aria-label="Units kept per layer">
          <thead><tr><th scope="col">Layer</th><th scope="col">Units before</th><th scope="col">Units kept</th></tr></thead>
          <tbody>
            {o.layers.map((l) => (
              <tr key={l.layer} data-layer={l.layer}><th scope="row">{l.layer}</th><td>{formatInt(l.before)}</td><td data-testid="units-kept" data-value={l.after}>{formatInt(l.after)}</td></tr>
            ))}
          </tbody>
        </table>
        <table className="live-table" aria-label="The smaller model against the unpruned one">
          <thead><tr><th scope="col">Cost model</th><th scope="col">Unpruned</th><th scope="col">Smaller</th><th scope="col">Ratio</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-row={r.id}>
                <th scope="row">{r.name}</th><td>{r.format(r.before)}</td>
                <td data-testid={`smaller-${r.id}`} data-value={r.after}>{r.format(r.after)}</td><td>{(r.before / r.after).toFixed(2)}×</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        The smaller model is an ordinary dense network: every library runs it faster and stores it in fewer bytes with no index at all.
        Retraining trains every weight it has left; there is no mask to hold.
      </p>
    </div>
  );
}
