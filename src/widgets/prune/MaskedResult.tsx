import type { PruneOutcome } from '../../runtime/contract/prune';
import { formatBytes } from '../cost/format';
import { formatInt, formatPercent } from '../live/format';
import { OneClassNote } from './OneClassNote';
import { layerOf } from './common';

const FORMAT_NAMES: Record<string, string> = {
  dense: 'dense float32 (zeros stored)',
  bitmask: 'bitmask + values',
  csr32: 'CSR, 32-bit indices',
  csr16: 'CSR, 16-bit indices',
  relative4: 'relative index, 4-bit gaps',
  relative5: 'relative index, 5-bit gaps',
};

/** A masked (unstructured) pruning result as shown, with its retraining so far. */
export interface MaskedShown {
  outcome: PruneOutcome;
  settings: string;
  description: string;
  retrainedSteps: number;
  /** Accuracy before the first retraining step. */
  before?: number;
}

/**
 * The result of pruning single weights: test accuracy, non-zero parameters and compression, the
 * weights kept per layer and the bytes of the pruned model in each sparse storage format.
 */
export function MaskedResult({ shown, base, stale }: { shown?: MaskedShown; base?: number; stale: boolean }) {
  const o = shown?.outcome;
  return (
    <>
      <div className="prune-results" role="status" aria-live="polite">
        <p>
          Unpruned accuracy: <strong data-testid="base-accuracy" data-value={base}>{base === undefined ? 'not measured yet' : formatPercent(base)}</strong>
          {' · '}Pruned accuracy:{' '}
          {o ? <strong data-testid="prune-accuracy" data-value={o.accuracy}>{formatPercent(o.accuracy)}</strong> : <span className="muted">press “Prune and evaluate”</span>}
          {shown && o && <> ({formatInt(o.correct)} of {formatInt(o.total)} test images{shown.retrainedSteps > 0 && <>, after {formatInt(shown.retrainedSteps)} retraining steps; {formatPercent(shown.before!)} before</>})</>}
        </p>
        {shown && stale && <p className="muted" data-testid="stale">These results are for the last pruning run ({shown.description}); press “Prune and evaluate” for the current settings.</p>}
        {o && <OneClassNote outcome={o} />}
        {o && (
          <p>
            Non-zero parameters: <strong data-testid="nonzero-params" data-value={o.report.nonzeroParams}>{formatInt(o.report.nonzeroParams)}</strong> of {formatInt(o.report.params)}
            {' '}(weights {formatPercent(o.report.kernelSparsity, 1)} pruned; biases kept) — <strong data-testid="compression" data-value={o.report.compression}>{o.report.compression.toFixed(1)}×</strong> fewer.
          </p>
        )}
      </div>
      {o && (
        <div className="live-table-wrap">
          <table className="live-table" aria-label="Weights kept per layer">
            <thead><tr><th scope="col">Layer</th><th scope="col">Weights</th><th scope="col">Kept</th><th scope="col">Kept %</th></tr></thead>
            <tbody>
              {o.report.kernels.map((k) => (
                <tr key={k.weight} data-layer={layerOf(k.weight)}>
                  <th scope="row">{layerOf(k.weight)}</th><td>{formatInt(k.count)}</td><td>{formatInt(k.kept)}</td><td data-testid="kept-fraction" data-value={k.keptFraction}>{formatPercent(k.keptFraction, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="live-table" aria-label="Storage of the pruned model in each format">
            <thead><tr><th scope="col">Storage format (values float32)</th><th scope="col">Bytes</th><th scope="col">vs dense</th></tr></thead>
            <tbody>
              {Object.entries(o.report.bytes).map(([f, b]) => (
                <tr key={f} data-format={f}>
                  <th scope="row">{FORMAT_NAMES[f] ?? f}</th><td data-testid="format-bytes" data-value={b}>{formatBytes(b)}</td><td>{(o.report.bytes.dense / b).toFixed(2)}×</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
