import { useId } from 'react';
import { BACKENDS, type BackendName } from '../../runtime/contract/names';
import { describeBackend } from './format';
import type { ModelWorkerHandle } from './useModelWorker';
import { useModelWorker } from './useModelWorker';
import './live.css';

const LABELS: Record<BackendName, string> = {
  wasm: 'WebAssembly (wasm)',
  webgl: 'WebGL (GPU)',
  cpu: 'Plain JavaScript (cpu)',
};

/** Says which backend runs and why, if it is not the one asked for. */
export function BackendStatus({ handle }: { handle: ModelWorkerHandle }) {
  const { backend } = handle;
  if (backend.status === 'starting') return <span role="status" className="muted">Starting {backend.requested}…</span>;
  if (backend.status === 'error') return <div role="alert" className="error-box">No backend could start: {backend.message}</div>;
  const { info } = backend;
  return (
    <span role="status" className="live-backend-status" data-backend={info.name}>
      Running on <strong>{describeBackend(info)}</strong>
      {info.fellBackFrom && <> — {info.fellBackFrom} could not start ({info.reason}), so {info.name} runs instead</>}
    </span>
  );
}

/**
 * Lets the reader pick the tfjs backend of every live widget on the page. The choice is kept in
 * the URL as `rt.backend` (wasm, webgl or cpu; wasm by default).
 */
export function BackendPicker() {
  const h = useModelWorker();
  const id = useId();
  return (
    <div className="live-backend">
      <label htmlFor={id}>Backend</label>
      <select id={id} value={h.backend.requested} onChange={(e) => h.setBackend(e.target.value as BackendName)}>
        {BACKENDS.map((b) => <option key={b} value={b}>{LABELS[b]}</option>)}
      </select>
      <BackendStatus handle={h} />
    </div>
  );
}
