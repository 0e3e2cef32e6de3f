import { useId } from 'react';
import { energyEstimate, modelCost, type EnergyEstimate } from '../../engine';
import { ZOO_IDS, type ZooId } from '../../runtime/contract/zoo';
import { useZooArchitecture, type Architecture, type Loaded } from '../cost/architecture';
import { param, useUrlState } from '../urlState';
import { ENERGY_VARIANTS, type EnergyVariant } from './energyVariants';
import { formatPicojoules as joules } from './format';
import './hardware.css';

const schema = { int8: param.boolean(false), onchip: param.boolean(false) };

const PARTS = ['arithmetic', 'sram', 'dram'] as const;
const PART_LABEL = { arithmetic: 'Arithmetic', sram: 'On-chip SRAM', dram: 'DRAM' } as const;

function estimate(variant: EnergyVariant, arch: Architecture, int8: boolean, onchip: boolean): EnergyEstimate {
  const cost = modelCost(arch.specs);
  const bits = int8 ? 8 : 32;
  return energyEstimate(cost, { weightBits: variant.weightBits ?? bits, activationBits: bits, weightsOnChip: onchip, density: variant.density, indexBits: variant.indexBits });
}

/** Loads the four zoo architectures (a fixed list, so the hooks are always called in the same order). */
function useZooArchitectures(): Record<ZooId, Loaded<Architecture>> {
  const out = {} as Record<ZooId, Loaded<Architecture>>;
  for (const id of ZOO_IDS) out[id] = useZooArchitecture(id);
  return out;
}

/**
 * Energy of one inference of each zoo model and of LeNet-300-100 compressed, split into
 * arithmetic, SRAM and DRAM with Horowitz's 45 nm figures; toggles for int8 and on-chip weights.
 */
export function EnergyBars() {
  const [state, set] = useUrlState('energy', schema);
  const id = useId();
  const archs = useZooArchitectures();
  const rows = ENERGY_VARIANTS.map((v) => {
    const arch = archs[v.model];
    return { v, e: arch.status === 'ready' ? estimate(v, arch.value, state.int8, state.onchip) : undefined, error: arch.status === 'error' ? arch.message : undefined };
  });
  const maxTotal = Math.max(1, ...rows.map((r) => r.e?.total ?? 0));

  return (
    <section className="widget hw-widget" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Where the energy goes</h3>
      <div className="controls">
        <label><input type="checkbox" checked={state.int8} onChange={(e) => set({ int8: e.target.checked })} /> int8 weights and activations</label>
        <label><input type="checkbox" checked={state.onchip} onChange={(e) => set({ onchip: e.target.checked })} /> weights fit in on-chip SRAM</label>
      </div>
      <p className="hw-legend" aria-hidden="true">
        {PARTS.map((p) => <span key={p}><span className={`hw-swatch hw-${p}`} />{PART_LABEL[p]}</span>)}
      </p>
      <ul className="hw-bars">
        {rows.map(({ v, e, error }) => (
          <li key={v.id} data-variant={v.id}>
            <div className="hw-bar-label">
              <strong>{v.label}</strong>{' '}
              {e ? <span data-testid="energy-total">{joules(e.total)}</span> : error ? <span role="alert">could not be loaded: {error}</span> : <span className="muted">loading…</span>}
              {e && <span className="muted"> · DRAM <span data-testid="energy-dram-share">{((100 * e.dram) / e.total).toFixed(1)} %</span> · {e.format} MACs</span>}
            </div>
            {e && (
              <div className="hw-bar" role="img" aria-label={`${v.label}: ${PARTS.map((p) => `${PART_LABEL[p]} ${joules(e[p])}`).join(', ')}`}>
                {PARTS.map((p) => <span key={p} className={`hw-${p}`} style={{ width: `${(100 * e[p]) / maxTotal}%` }} />)}
              </div>
            )}
            {v.note && <div className="muted hw-note">{v.note}</div>}
          </li>
        ))}
      </ul>
      <div className="cost-table-wrap" tabIndex={0} role="region" aria-label="Energy per inference, table">
        <table className="cost-table hw-table">
          <thead><tr><th scope="col">Model</th>{PARTS.map((p) => <th key={p} scope="col" className="num">{PART_LABEL[p]}</th>)}<th scope="col" className="num">Total</th></tr></thead>
          <tbody>
            {rows.map(({ v, e }) => e && (
              <tr key={v.id} data-variant={v.id}>
                <th scope="row">{v.label}</th>
                {PARTS.map((p) => <td key={p} className="num" data-part={p}>{joules(e[p])}</td>)}
                <td className="num">{joules(e.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">One image, batch 1. Each weight read once (plus its index bits when pruned); activations read and written in SRAM. Energies per operation: Horowitz, ISSCC 2014, 45 nm.</p>
    </section>
  );
}
