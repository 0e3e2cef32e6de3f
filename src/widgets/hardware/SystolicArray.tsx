import { useEffect, useId, useMemo, useState } from 'react';
import { floatMlpForward, layerSystolic, modelCost, peakOpsPerSecond, SystolicTile, systolicCycles } from '../../engine';
import { ZOO, ZOO_IDS, type ZooId } from '../../runtime/contract/zoo';
import { useZooArchitecture } from '../cost/architecture';
import { formatCount, formatSI } from '../cost/format';
import { NumberField } from '../input';
import { JobStatus, useJob, useModelWorker } from '../live';
import { param, useUrlState } from '../urlState';
import { lenetLayers, pixelsToInput, testImages } from './lenet';
import './hardware.css';

const SIZE = 4;
const SHAPE = { rows: SIZE, cols: SIZE };
const TPU = { rows: 256, cols: 256 };
const TPU_CLOCK = 700e6;
const IMAGE_RULE = { label: 'First test image', min: 0, max: 9996, integer: true };

const schema = { image: param.integer(0, 0, 9996), cycle: param.integer(0, 0, 100_000), model: param.oneOf(ZOO_IDS, 'lenet-300-100') };

interface TileData {
  /** 4 × 100: the second hidden layer's outputs for four test digits (the last layer's inputs). */
  a: Float32Array[];
  /** 100 × 10 kernel of the last layer; the tile uses its first four columns. */
  kernel: Float32Array;
  /** The network's own last-layer sums (logits − bias) of the four digits, columns 0–3. */
  reference: number[][];
  k: number;
  units: number;
}

/** The tile's state after `cycles` cycles, re-simulated from the start (at most ~100 cycles of 16 PEs). */
function tileAt(data: TileData, cycles: number): SystolicTile {
  const tile = new SystolicTile(SHAPE, SIZE, SIZE, data.k, (i, s) => data.a[i][s], (s, j) => data.kernel[s * data.units + j]);
  while (tile.cycle < cycles && !tile.done) tile.step();
  return tile;
}

const show = (v: number) => (Number.isNaN(v) ? '·' : v.toFixed(2));

/**
 * A 4 × 4 output-stationary systolic array computing one tile of LeNet-300-100's last layer
 * cycle by cycle, then the TPU's 256 × 256 array: its peak and the zoo's layers' utilization.
 */
export function SystolicArray() {
  const [state, set] = useUrlState('sys', schema);
  const id = useId();
  const { worker } = useModelWorker();
  const job = useJob<TileData & { image: number }>();
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    void job.start(async (signal, progress) => {
      progress('Loading LeNet-300-100 and four test digits…');
      const [layers, images] = await Promise.all([lenetLayers(worker, signal), testImages(worker, state.image, SIZE, signal)]);
      const outs = images.map((img) => floatMlpForward(layers, pixelsToInput(img.pixels)));
      const last = layers[layers.length - 1];
      return {
        image: state.image,
        a: outs.map((o) => o[o.length - 2]),
        kernel: last.kernel,
        reference: outs.map((o) => Array.from({ length: SIZE }, (_, j) => o[o.length - 1][j] - last.bias[j])),
        k: last.inputs,
        units: last.units,
      };
    });
  }, [worker, state.image]); // eslint-disable-line react-hooks/exhaustive-deps

  const data = job.result?.image === state.image ? job.result : undefined;
  const total = data ? systolicCycles(SIZE, data.k, SIZE, SHAPE) : 0;
  const cycle = Math.min(state.cycle, total);
  const tile = useMemo(() => (data ? tileAt(data, cycle) : undefined), [data, cycle]);

  useEffect(() => {
    if (!playing || !data) return;
    if (cycle >= total) { setPlaying(false); return; }
    const t = setTimeout(() => set({ cycle: cycle + 1 }), 120);
    return () => clearTimeout(t);
  }, [playing, cycle, total, data, set]);

  const maxError = data && tile?.done ? Math.max(...data.reference.flatMap((row, i) => row.map((r, j) => Math.abs(r - tile.acc[i * SIZE + j])))) : undefined;

  return (
    <section className="widget hw-widget" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>A systolic array you can step</h3>
      <p className="muted">
        Rows: the hidden-layer outputs of test digits {state.image}–{state.image + 3} (100 numbers each) enter from the left, one cycle
        later per row. Columns: LeNet-300-100’s last-layer weights for digits 0–3 enter from the top. Each PE keeps one output.
      </p>
      <div className="controls">
        <NumberField rule={IMAGE_RULE} value={state.image} onValue={(image) => set({ image, cycle: 0 })} />
        <button type="button" onClick={() => { setPlaying(false); set({ cycle: Math.min(total, cycle + 1) }); }} disabled={!data || cycle >= total}>Step</button>
        <button type="button" onClick={() => { if (cycle >= total) set({ cycle: 0 }); setPlaying((p) => !p); }} disabled={!data} aria-pressed={playing}>{playing ? 'Pause' : 'Play'}</button>
        <button type="button" onClick={() => { setPlaying(false); set({ cycle: total }); }} disabled={!data}>Run to the end</button>
        <button type="button" onClick={() => { setPlaying(false); set({ cycle: 0 }); }} disabled={!data}>Reset</button>
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} failed="Loading the layer failed" />
      {data && tile && (
        <>
          <label htmlFor={`${id}-cycle`}>Cycle <strong data-testid="sys-cycle">{cycle}</strong> of {total} (= k + rows + cols − 2 = {data.k} + 4 + 4 − 2)</label>
          <input id={`${id}-cycle`} type="range" min={0} max={total} value={cycle} style={{ width: '100%' }}
            onChange={(e) => { setPlaying(false); set({ cycle: Number(e.target.value) }); }} />
          <div className="hw-grid" style={{ gridTemplateColumns: `repeat(${SIZE}, 1fr)` }} role="table" aria-label={`Processing elements at cycle ${cycle}`}>
            {Array.from({ length: SIZE }, (_, i) => (
              <div role="row" key={i} style={{ display: 'contents' }}>
                {Array.from({ length: SIZE }, (_, j) => {
                  const p = i * SIZE + j;
                  const active = !Number.isNaN(tile.a[p]) && !Number.isNaN(tile.b[p]) && cycle > 0;
                  return (
                    <div role="cell" key={j} className={`hw-pe${active ? ' active' : ''}`} data-testid={`pe-${i}-${j}`}>
                      <div>a {show(tile.a[p])} · b {show(tile.b[p])}</div>
                      <div className="acc">{tile.acc[p].toFixed(3)}</div>
                      <div className="muted">{tile.macs[p]} MACs</div>
                    </div>
                  );
                })}
              </div>
            ))}
          </div>
          <p aria-live="polite" data-testid="sys-check">
            {maxError === undefined
              ? `${tile.macs.reduce((s, v) => s + v, 0)} of ${SIZE * SIZE * data.k} multiply-accumulates done.`
              : `Done: the 16 sums equal the network’s own last-layer sums (logits minus bias) to within ${maxError.toExponential(1)}. Utilization ${(100 * (SIZE * SIZE * data.k) / (total * SIZE * SIZE)).toFixed(1)} %.`}
          </p>
        </>
      )}
      <TpuUtilization model={state.model} onModel={(model) => set({ model })} />
    </section>
  );
}

/** The TPU's peak from its MAC count and clock, and each layer's utilization of a 256 × 256 array at batch 1 and 256. */
function TpuUtilization({ model, onModel }: { model: ZooId; onModel: (m: ZooId) => void }) {
  const id = useId();
  const arch = useZooArchitecture(model);
  const rows = useMemo(() => {
    if (arch.status !== 'ready') return [];
    const costs = modelCost(arch.value.specs).layers;
    return arch.value.specs.flatMap((spec, i) => {
      const one = layerSystolic(spec, 1, TPU);
      const many = layerSystolic(spec, 256, TPU);
      return one && many ? [{ name: spec.name, macs: costs[i].macs, one, many }] : [];
    });
  }, [arch]);
  return (
    <>
      <h4>The TPU’s 256 × 256 array</h4>
      <p>
        Peak: 256 × 256 MACs × 2 operations × 700 MHz = <strong data-testid="tpu-peak">{formatSI(peakOpsPerSecond(65_536, TPU_CLOCK), 'OPS')}</strong>.
        The table counts cycles with the same formula on a 256 × 256 output-stationary array.
      </p>
      <label htmlFor={`${id}-model`}>Model{' '}
        <select id={`${id}-model`} value={model} onChange={(e) => onModel(e.target.value as ZooId)}>
          {ZOO_IDS.map((m) => <option key={m} value={m}>{ZOO[m].name}</option>)}
        </select>
      </label>
      {arch.status === 'error' && <div role="alert" className="error-box">{ZOO[model].name} could not be loaded: {arch.message}</div>}
      <div className="cost-table-wrap" tabIndex={0} role="region" aria-label="Utilization of a 256 × 256 array">
        <table className="cost-table" data-testid="tpu-table">
          <thead><tr><th scope="col">Layer</th><th scope="col" className="num">MACs per image</th><th scope="col" className="num">Utilization, batch 1</th><th scope="col" className="num">Utilization, batch 256</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name} data-layer={r.name}>
                <th scope="row">{r.name}</th>
                <td className="num">{formatCount(r.macs)}</td>
                <td className="num" data-testid="util-1">{(100 * r.one.utilization).toPrecision(2)} %</td>
                <td className="num" data-testid="util-256">{(100 * r.many.utilization).toPrecision(2)} %</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
