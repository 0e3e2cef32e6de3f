import { useId } from 'react';
import type { KernelSpeed as Speed } from '../../runtime/contract/hardware';
import { NumberField, useFieldsValid } from '../input';
import { usePostMeasurement } from '../lesson/measurements';
import { JobStatus, useJob, useModelWorker } from '../live';
import { param, useUrlState } from '../urlState';
import './hardware.css';

const ROWS_RULE = { label: 'Test digits per product', min: 1, max: 1024, integer: true };
const schema = { rows: param.integer(64, 1, 1024) };

/** Measured in the worker: float32 and int8 products of test digits by LeNet-300-100's first layer. */
export function KernelSpeed() {
  const [state, set] = useUrlState('kern', schema);
  const fields = useFieldsValid();
  const id = useId();
  const { worker } = useModelWorker();
  const job = useJob<Speed>();
  const r = job.result;
  usePostMeasurement('hardware.int8Speedup', r && r.f32Ms / r.i8Ms, { rows: String(r?.rows) });
  const macs = r ? r.rows * r.cols * r.n : 0;
  const rows = r ? [
    { kernel: 'float32, engine (WebAssembly SIMD)', ms: r.f32Ms, key: 'f32' },
    { kernel: 'int8, engine (standard SIMD)', ms: r.i8Ms, key: 'i8' },
    { kernel: 'int8, engine (relaxed SIMD dot product)', ms: r.relaxedMs, key: 'relaxed' },
    { kernel: `float32, tfjs matMul (${r.backend})`, ms: r.tfjsMs, key: 'tfjs' },
  ] : [];
  return (
    <section className="widget hw-widget" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>float32 versus int8, measured here</h3>
      <div className="controls">
        <NumberField rule={ROWS_RULE} value={state.rows} onValue={(v) => set({ rows: v })} />
        <button type="button" className="primary" disabled={job.running || !fields.valid} aria-describedby={fields.describedBy}
          onClick={() => void job.start((signal, progress) => worker.jobs.hardware.kernelSpeed({ rows: state.rows }, { signal, onProgress: progress }))}>
          Measure
        </button>
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} failed="The measurement failed" />
      {r && (
        <div className="cost-table-wrap" tabIndex={0} role="region" aria-label="Kernel timings">
          <table className="cost-table" data-testid="kernel-table">
            <thead><tr><th scope="col">Kernel</th><th scope="col" className="num">Median time</th><th scope="col" className="num">GMAC/s</th><th scope="col" className="num">× float32 engine</th></tr></thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} data-kernel={row.key}>
                  <th scope="row">{row.kernel}</th>
                  <td className="num">{row.ms === null ? 'does not run here' : `${row.ms.toFixed(2)} ms`}</td>
                  <td className="num">{row.ms === null ? '—' : (macs / row.ms / 1e6).toFixed(1)}</td>
                  <td className="num" data-testid={`speedup-${row.key}`}>{row.ms === null ? '—' : (r.f32Ms / row.ms).toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
            <caption>
              {r.rows} digits × 784 pixels by 784 × 300 weights ({(macs / 1e6).toFixed(1)} million MACs).
              {r.relaxedMatches === null ? ' Relaxed SIMD does not run in this browser.' : r.relaxedMatches ? ' The relaxed kernel’s sums equal the standard int8 kernel’s exactly.' : ' The relaxed kernel’s sums differ from the standard kernel’s!'}
            </caption>
          </table>
        </div>
      )}
    </section>
  );
}
