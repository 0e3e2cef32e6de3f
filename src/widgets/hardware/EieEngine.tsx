import { useEffect, useId, useMemo, useState } from 'react';
import { decodeCompressedModel, type DecodedLayer, eieSpmv, encodeCompressedModel, floatMlpForward, pruneAndShare } from '../../engine';
import { formatCount } from '../cost/format';
import { NumberField } from '../input';
import { JobStatus, useJob, useModelWorker } from '../live';
import { param, useUrlState } from '../urlState';
import { lenetLayers, pixelsToInput, testImages } from './lenet';
import './hardware.css';

const PE_CHOICES = ['4', '16', '64'] as const;
const SPARSITY = 0.92;
const CLUSTERS = 64;
const IMAGE_RULE = { label: 'Test image', min: 0, max: 9999, integer: true };
const schema = { pes: param.oneOf(PE_CHOICES, '64'), image: param.integer(0, 0, 9999) };

interface Layer {
  source: string;
  layer: DecodedLayer;
  fileBytes: number;
}

/** LeNet-300-100's first layer pruned by magnitude to 8 % and shared to 64 values, through a .clmz file and back. */
function buildLayer(kernel: Float32Array, inputs: number, units: number): Layer {
  const file = encodeCompressedModel([pruneAndShare('dense1', kernel, [inputs, units], SPARSITY, CLUSTERS)]);
  return { source: 'built here: LeNet-300-100’s dense1, 92 % pruned by magnitude (no retraining), 64 shared values', layer: decodeCompressedModel(file)[0], fileBytes: file.length };
}

/** The first Dense layer of a .clmz file with 784 inputs. */
function layerFromFile(name: string, bytes: Uint8Array): Layer {
  const layer = decodeCompressedModel(bytes).find((l) => l.shape.length === 2 && l.shape[0] === 784);
  if (!layer) throw new Error(`${name} has no Dense layer with 784 inputs (EIE here runs the first layer of an MLP)`);
  return { source: `${name}, layer “${layer.name}”`, layer, fileBytes: bytes.length };
}

/**
 * EIE (Han et al. 2016) on a compressed layer and a real test digit: the non-zero pixels are
 * broadcast to 4, 16 or 64 PEs; per-PE work, load balance and the check against the dense product.
 */
export function EieEngine() {
  const [state, set] = useUrlState('eie', schema);
  const id = useId();
  const { worker } = useModelWorker();
  const build = useJob<Layer>();
  const [pixels, setPixels] = useState<{ image: number; x: Float32Array; label: number }>();

  useEffect(() => {
    void build.start(async (signal, progress) => {
      progress('Loading LeNet-300-100 and compressing its first layer…');
      const [first] = await lenetLayers(worker, signal);
      return buildLayer(first.kernel, first.inputs, first.units);
    });
  }, [worker]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    let live = true;
    testImages(worker, state.image, 1).then(([img]) => live && setPixels({ image: state.image, x: pixelsToInput(img.pixels), label: img.label }), () => undefined);
    return () => { live = false; };
  }, [worker, state.image]);

  const layer = build.result;
  const x = pixels?.image === state.image ? pixels.x : undefined;
  const runs = useMemo(() => {
    if (!layer || !x) return undefined;
    const [inputs, units] = layer.layer.shape;
    const dense = floatMlpForward([{ kernel: layer.layer.weights, bias: new Float32Array(units), inputs, units, relu: false }], x)[0];
    return PE_CHOICES.map((p) => {
      const r = eieSpmv(layer.layer, x, Number(p));
      return { pes: p, r, maxError: Math.max(...Array.from(r.y, (v, j) => Math.abs(v - dense[j]))) };
    });
  }, [layer, x]);
  const shown = runs?.find((r) => r.pes === state.pes);
  const nonzeros = layer ? layer.layer.weights.reduce((n, w) => n + (w !== 0 ? 1 : 0), 0) : 0;

  function load(file: File) {
    void build.start(async (_signal, progress) => {
      progress(`Reading ${file.name}`);
      return layerFromFile(file.name, new Uint8Array(await file.arrayBuffer()));
    });
  }

  return (
    <section className="widget hw-widget" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>EIE on a compressed layer</h3>
      <div className="controls">
        <NumberField rule={IMAGE_RULE} value={state.image} onValue={(image) => set({ image })} />
        <label htmlFor={`${id}-pes`}>Processing elements{' '}
          <select id={`${id}-pes`} value={state.pes} onChange={(e) => set({ pes: e.target.value as (typeof PE_CHOICES)[number] })}>
            {PE_CHOICES.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <label htmlFor={`${id}-file`}>Or load a .clmz file from lesson 5{' '}
          <input id={`${id}-file`} type="file" accept=".clmz,application/octet-stream" onChange={(e) => { const f = e.target.files?.[0]; if (f) load(f); }} />
        </label>
      </div>
      <JobStatus state={build.state} onCancel={build.cancel} failed="The layer could not be prepared" />
      {layer && (
        <p className="muted" data-testid="eie-source">
          Layer: {layer.source}; {formatCount(nonzeros)} non-zero weights of {formatCount(layer.layer.weights.length)}, a {formatCount(layer.fileBytes)}-byte .clmz file.
        </p>
      )}
      {runs && shown && (
        <>
          <div className="cost-table-wrap" tabIndex={0} role="region" aria-label="EIE runs">
            <table className="cost-table" data-testid="eie-table">
              <thead><tr><th scope="col">PEs</th><th scope="col" className="num">Busiest PE (cycles, with queues)</th><th scope="col" className="num">Lock-step cycles</th><th scope="col" className="num">Load balance</th><th scope="col" className="num">Padding zeros</th><th scope="col" className="num">Largest |y − dense|</th></tr></thead>
              <tbody>
                {runs.map(({ pes, r, maxError }) => (
                  <tr key={pes} data-pes={pes} className={pes === state.pes ? 'current' : undefined}>
                    <th scope="row">{pes}</th>
                    <td className="num">{formatCount(r.queuedCycles)}</td>
                    <td className="num">{formatCount(r.lockstepCycles)}</td>
                    <td className="num" data-testid="eie-balance">{(100 * r.loadBalance).toFixed(1)} %</td>
                    <td className="num">{formatCount(r.paddingPerPe.reduce((a, b) => a + b, 0))}</td>
                    <td className="num" data-testid="eie-error">{maxError.toExponential(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted" data-testid="eie-caption">
            Digit {state.image} (label {pixels?.label}): {shown.r.broadcasts} non-zero pixels of 784 broadcast. A PE does one
                multiply-accumulate per cycle; with queues the busiest PE sets the time, in lock-step every input waits for its slowest PE.
          </p>
          <p>Work of each of the {state.pes} PEs (multiply-accumulates, padding zeros included); the busiest in red:</p>
          <div className="hw-work" role="img" data-testid="eie-bars"
            aria-label={`Work per PE from ${Math.min(...shown.r.workPerPe)} to ${shown.r.queuedCycles} multiply-accumulates`}>
            {Array.from(shown.r.workPerPe, (w, p) => (
              <span key={p} className={w === shown.r.queuedCycles ? 'busiest' : undefined} style={{ height: `${(100 * w) / Math.max(1, shown.r.queuedCycles)}%` }} title={`PE ${p}: ${w}`} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
