import { checkpointedActivations } from '../../engine';
import { NumberField } from '../input';
import { param, useUrlState } from '../urlState';
import { formatBytes, formatPercent } from './format';
import './training.css';

const schema = {
  layers: param.integer(48, 1, 10000),
  mb: param.number(200, 0, 1e6),
  every: param.integer(1, 1, 10000),
};

/** Activation checkpointing over equal layers: what is stored, the peak, and the extra forward work. */
export function Checkpointing() {
  const [s, set] = useUrlState('ckpt', schema);
  const everyOk = s.every <= s.layers;
  const r = everyOk ? checkpointedActivations(s.layers, s.mb * 1e6, s.every) : undefined;
  const best = Math.max(1, Math.round(Math.sqrt(s.layers)));
  return (
    <section className="widget training-widget" aria-label="Activation checkpointing">
      <h3>Activation checkpointing</h3>
      <div className="controls">
        <NumberField rule={{ label: 'Layers', min: 1, max: 10000, integer: true }} value={s.layers} onValue={(layers) => set({ layers })} />
        <NumberField rule={{ label: 'Activations per layer', min: 0, max: 1e6, unit: ' MB' }} value={s.mb} onValue={(mb) => set({ mb })} />
        <NumberField rule={{ label: 'Checkpoint every', min: 1, max: s.layers, integer: true, unit: ' layers' }} value={s.every} onValue={(every) => set({ every })} />
        <button type="button" onClick={() => set({ every: best })}>Every √{s.layers} ≈ {best}</button>
      </div>
      {!everyOk && <p className="training-message" role="alert">Checkpoints can be at most every {s.layers} layers; the model has only {s.layers}.</p>}
      {r && (
        <dl className="training-counts" aria-live="polite">
          <div><dt>Kept from the forward pass</dt><dd data-testid="ckpt-stored">{formatBytes(r.storedBytes)}</dd></div>
          <div><dt>Peak during backward</dt><dd data-testid="ckpt-peak">{formatBytes(r.peakBytes)}</dd></div>
          <div><dt>Without checkpointing</dt><dd>{formatBytes(s.layers * s.mb * 1e6)}</dd></div>
          <div><dt>Forward passes recomputed</dt><dd data-testid="ckpt-extra">{formatPercent(r.extraForward, 0)} of the layers</dd></div>
        </dl>
      )}
    </section>
  );
}
