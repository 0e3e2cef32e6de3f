import {
  TRAINING_OPTIMIZERS, TRAINING_PRECISIONS, ZERO_STAGES, trainingMemory,
  type TrainingMemory, type TrainingOptimizer, type TrainingPrecision, type ZeroStage,
} from '../../engine';
import { NumberField } from '../input';
import { useZooModels } from '../live';
import { param, useUrlState } from '../urlState';
import { formatBytes, formatCount } from './format';
import './training.css';

const CUSTOM = 'custom';

const OPTIMIZER_LABELS: Record<TrainingOptimizer, string> = { sgd: 'SGD', momentum: 'SGD with momentum', adam: 'Adam' };
const PRECISION_LABELS: Record<TrainingPrecision, string> = { fp32: 'fp32', mixed: 'mixed (fp16 + fp32 master copy)' };
const STAGE_LABELS: Record<ZeroStage, string> = {
  0: 'no sharding (plain data parallelism)', 1: 'ZeRO-1: optimizer state sharded', 2: 'ZeRO-2: + gradients', 3: 'ZeRO-3: + weights',
};

const schema = {
  model: param.string('lenet-300-100'),
  params: param.integer(1_000_000_000, 1, 1e13),
  optimizer: param.oneOf(TRAINING_OPTIMIZERS, 'adam'),
  precision: param.oneOf(TRAINING_PRECISIONS, 'mixed'),
  zero: param.oneOf(['0', '1', '2', '3'] as const, '0'),
  workers: param.integer(8, 1, 4096),
};

const ROWS: { key: keyof TrainingMemory; label: string }[] = [
  { key: 'weights', label: 'Weights' },
  { key: 'gradients', label: 'Gradients' },
  { key: 'optimizerState', label: 'Optimizer state (moments, master copy)' },
  { key: 'total', label: 'Total per worker' },
];

/**
 * Memory of the model states per worker (weights, gradients, optimizer state) for a zoo model or
 * a typed parameter count, by optimizer, precision, ZeRO stage and number of workers.
 */
export function MemoryCalculator() {
  const [s, set] = useUrlState('mem', schema);
  const zoo = useZooModels();
  const zooModel = zoo.models.find((m) => m.id === s.model);
  const params = s.model === CUSTOM ? s.params : zooModel?.params;
  const stage = Number(s.zero) as ZeroStage;
  const byStage = params === undefined ? undefined
    : ZERO_STAGES.map((zeroStage) => trainingMemory({ params, optimizer: s.optimizer, precision: s.precision, zeroStage, workers: s.workers }));
  const m = byStage?.[stage];
  const perParam = m && params ? m.total / params : undefined;

  return (
    <section className="widget training-widget" aria-label="Training memory calculator">
      <h3>Training memory calculator</h3>
      <div className="controls">
        <label>Model{' '}
          <select value={s.model} onChange={(e) => set({ model: e.target.value })}>
            {zoo.models.map((z) => <option key={z.id} value={z.id}>{z.name}{z.params ? ` (${formatCount(z.params)} parameters)` : ''}</option>)}
            <option value={CUSTOM}>a size I type</option>
          </select>
        </label>
        {s.model === CUSTOM && <NumberField rule={{ label: 'Parameters', min: 1, max: 1e13, integer: true }} value={s.params} onValue={(params) => set({ params })} size={14} />}
        <label>Optimizer{' '}
          <select value={s.optimizer} onChange={(e) => set({ optimizer: e.target.value as TrainingOptimizer })}>
            {TRAINING_OPTIMIZERS.map((o) => <option key={o} value={o}>{OPTIMIZER_LABELS[o]}</option>)}
          </select>
        </label>
        <label>Precision{' '}
          <select value={s.precision} onChange={(e) => set({ precision: e.target.value as TrainingPrecision })}>
            {TRAINING_PRECISIONS.map((p) => <option key={p} value={p}>{PRECISION_LABELS[p]}</option>)}
          </select>
        </label>
        <label>Sharding{' '}
          <select value={s.zero} onChange={(e) => set({ zero: e.target.value as typeof s.zero })}>
            {ZERO_STAGES.map((z) => <option key={z} value={String(z)}>{STAGE_LABELS[z]}</option>)}
          </select>
        </label>
        <NumberField rule={{ label: 'Data-parallel workers', min: 1, max: 4096, integer: true }} value={s.workers} onValue={(workers) => set({ workers })} />
      </div>
      {zoo.error && s.model !== CUSTOM && <p className="training-message" role="alert">{zoo.error} Choose “a size I type”.</p>}
      {m && params !== undefined && byStage && (
        <>
          <div className="training-table-wrap" tabIndex={0} role="region" aria-label="Memory per worker">
            <table className="training-table" data-testid="memory-table">
              <thead><tr><th scope="col">Per worker, {formatCount(params)} parameters</th><th scope="col" className="num">Bytes</th></tr></thead>
              <tbody>
                {ROWS.map((r) => (
                  <tr key={r.key} className={r.key === 'total' ? 'total' : undefined}>
                    <th scope="row">{r.label}</th>
                    <td className="num" data-testid={`memory-${r.key}`}>{formatBytes(m[r.key])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="training-result" aria-live="polite">
            <strong data-testid="memory-per-param">{Number(perParam!.toPrecision(4))}</strong> bytes per parameter on each worker.
            Across the four stages on {formatCount(s.workers)} worker{s.workers === 1 ? '' : 's'}:{' '}
            {byStage.map((b, z) => <span key={z} className={z === stage ? 'current' : undefined}>{z > 0 && ' → '}{formatBytes(b.total)}</span>)}.
          </p>
        </>
      )}
    </section>
  );
}
