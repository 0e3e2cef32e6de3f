import { useMemo } from 'react';
import { matMul, seededRandom, tensorParallelDense } from '../../engine';
import { NumberField } from '../input';
import { param, useUrlState } from '../urlState';
import './training.css';

// A Dense layer the size of LeNet-300-100's second one (300 → 100) on a batch of 8 inputs.
const ROWS = 8;
const K = 300;
const M = 100;

const schema = { parts: param.integer(4, 1, 100), split: param.oneOf(['columns', 'rows'] as const, 'columns') };

/** One Dense layer split over simulated devices by columns or by rows, checked against the whole product. */
export function TensorParallel() {
  const [s, set] = useUrlState('tp', schema);
  const { x, w, whole } = useMemo(() => {
    const random = seededRandom(8);
    const x = Float32Array.from({ length: ROWS * K }, () => random());
    const w = Float32Array.from({ length: K * M }, () => (random() - 0.5) * 0.1);
    return { x, w, whole: Float32Array.from(matMul(x, w, ROWS, K, M)) };
  }, []);
  const limit = s.split === 'columns' ? M : K;
  const ok = s.parts <= limit;
  const r = ok ? tensorParallelDense(x, w, ROWS, K, M, s.parts, s.split) : undefined;
  const maxDiff = r ? r.y.reduce((d, v, i) => Math.max(d, Math.abs(v - whole[i])), 0) : 0;
  const each = s.split === 'columns' ? `${K} × about ${Math.round(M / s.parts)} weights and computes ${ROWS} × about ${Math.round(M / s.parts)} outputs`
    : `about ${Math.round(K / s.parts)} × ${M} weights and computes a partial sum of all ${ROWS} × ${M} outputs`;
  return (
    <section className="widget training-widget" aria-label="Tensor parallelism of one Dense layer">
      <h3>Tensor parallelism of one Dense layer (300 → 100, batch of 8)</h3>
      <div className="controls">
        <label>Split W by{' '}
          <select value={s.split} onChange={(e) => set({ split: e.target.value as typeof s.split })}>
            <option value="columns">columns (each device some outputs; concatenate)</option>
            <option value="rows">rows (each device some inputs; add the partial sums)</option>
          </select>
        </label>
        <NumberField rule={{ label: 'Devices', min: 1, max: 100, integer: true }} value={s.parts} onValue={(parts) => set({ parts })} />
      </div>
      {!ok && <p className="training-message" role="alert">By {s.split} the layer splits into at most {limit} devices.</p>}
      {r && (
        <p className="training-result" aria-live="polite">
          Each of {s.parts} devices holds {each}. Largest difference from the unsplit product:{' '}
          <strong data-testid="tp-diff">{maxDiff === 0 ? '0 (identical)' : maxDiff.toExponential(1)}</strong>
          {s.split === 'rows' && s.parts > 1 ? '; the sums are added in another order, so float rounding may differ slightly.' : '.'}
        </p>
      )}
    </section>
  );
}
