import { useEffect, useId, useRef, useState } from 'react';
import { isAbortError } from '../../runtime/contract/abort';
import { UPLOAD_KEY } from '../../runtime/contract/names';
import type { EvaluateProgressEvent, EvaluationResult } from '../../runtime/worker/host';
import { ZOO_IDS, type ZooId } from '../../runtime/contract/zoo';
import { useUrlState } from '../urlState';
import { BackendPicker } from './BackendPicker';
import { describeBackend, formatInt, formatMs, formatPercent } from './format';
import { ModelUpload } from './ModelUpload';
import { useModelWorker } from './useModelWorker';
import { useModelSchema, useZooModels } from './useZooModels';
import './live.css';

export interface EvaluatePanelProps {
  /** Zoo models to offer (all four by default). */
  models?: readonly ZooId[];
  defaultModel?: ZooId;
  /** Offer "your own model" (file upload). Default true. */
  allowUpload?: boolean;
  /** Show the backend picker inside the panel. Default true. */
  showBackend?: boolean;
  /** URL prefix of this panel's state (`<id>.model`); give two panels on a page different ids. */
  id?: string;
  title?: string;
}

type Run =
  | { status: 'idle' }
  | { status: 'running'; progress?: EvaluateProgressEvent }
  | { status: 'done'; result: EvaluationResult; tensors: number; seq: number }
  | { status: 'cancelled' }
  | { status: 'error'; message: string };

function progressText(p: EvaluateProgressEvent | undefined): string {
  if (!p) return 'Starting…';
  if (p.phase === 'data') return `Downloading the test images: ${(p.loaded / 1e6).toFixed(1)} of ${(p.total / 1e6).toFixed(1)} MB`;
  return `Evaluating: ${formatInt(p.done)} of ${formatInt(p.total)} images`;
}

/**
 * Scores a zoo model (or the reader's own) on the 10,000 MNIST test images in the page's model
 * worker, with progress and cancel, and shows accuracy, time, backend and the worker's tensor
 * count. URL state: `<id>.model` (a zoo id, or "upload"), plus `rt.backend`.
 */
export function EvaluatePanel({ models, defaultModel = 'lenet-300-100', allowUpload = true, showBackend = true, id = 'eval', title = 'Evaluate a model on the test set' }: EvaluatePanelProps) {
  const offered = models ?? ZOO_IDS;
  const schema = useModelSchema(offered, defaultModel, allowUpload);
  const [url, setUrl] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const zoo = useZooModels(offered);
  const [run, setRun] = useState<Run>({ status: 'idle' });
  const [uploaded, setUploaded] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const runs = useRef(0);
  const selectId = useId();
  const progressId = useId();

  useEffect(() => () => controller.current?.abort(), []);
  useEffect(() => setRun({ status: 'idle' }), [url.model]);

  const entry = zoo.models.find((m) => m.id === url.model);
  const running = run.status === 'running';
  const canRun = !running && backend.status === 'ready' && (url.model !== UPLOAD_KEY || uploaded);

  async function evaluate() {
    const c = new AbortController();
    controller.current = c;
    setRun({ status: 'running' });
    try {
      const result = await worker.evaluate(url.model, { signal: c.signal, onProgress: (progress) => setRun({ status: 'running', progress }) });
      const { numTensors } = await worker.memory();
      setRun({ status: 'done', result, tensors: numTensors, seq: ++runs.current });
    } catch (e) {
      setRun(isAbortError(e) ? { status: 'cancelled' } : { status: 'error', message: (e as Error).message });
    } finally {
      if (controller.current === c) controller.current = null;
    }
  }

  const fraction = run.status === 'running' && run.progress
    ? run.progress.phase === 'data' ? run.progress.loaded / run.progress.total : run.progress.done / run.progress.total
    : undefined;

  return (
    <section className="widget live-panel" aria-label={title}>
      <h3>{title}</h3>
      {showBackend && <BackendPicker />}
      <div className="controls">
        <label htmlFor={selectId}>
          Model
          <select id={selectId} value={url.model} onChange={(e) => setUrl({ model: e.target.value })} disabled={running}>
            {offered.map((m) => <option key={m} value={m}>{zoo.models.find((z) => z.id === m)?.name ?? m}</option>)}
            {allowUpload && <option value={UPLOAD_KEY}>Your own model (upload)…</option>}
          </select>
        </label>
        <button type="button" className="primary" onClick={() => void evaluate()} disabled={!canRun}>
          Evaluate on 10,000 test images
        </button>
        <button type="button" onClick={() => controller.current?.abort()} disabled={!running}>Cancel</button>
      </div>
      {entry && url.model !== UPLOAD_KEY && (
        <p className="muted live-model-note">
          {entry.architecture}{entry.params !== undefined && <>, {formatInt(entry.params)} parameters</>}
          {entry.testAccuracy !== undefined && <>; {formatPercent(entry.testAccuracy)} after training</>}.
        </p>
      )}
      {zoo.error && <p className="muted">{zoo.error}</p>}
      {url.model === UPLOAD_KEY && <ModelUpload onLoaded={(s) => setUploaded(s !== null)} />}
      {running && (
        <div className="live-progress">
          <label htmlFor={progressId}>{progressText(run.progress)}</label>
          <progress id={progressId} className="progress" max={1} value={fraction} />
        </div>
      )}
      {run.status === 'cancelled' && <p role="status">Evaluation cancelled.</p>}
      {run.status === 'error' && <div role="alert" className="error-box">The evaluation failed: {run.message}</div>}
      {run.status === 'done' && (
        <div role="status" className="live-result" data-run={run.seq}>
          <p className="live-big">
            Test accuracy <strong data-testid="accuracy">{formatPercent(run.result.accuracy)}</strong>
          </p>
          <p>
            {formatInt(run.result.correct)} of {formatInt(run.result.total)} images right, in{' '}
            <strong data-testid="eval-time" data-ms={run.result.ms.toFixed(1)}>{formatMs(run.result.ms)}</strong> on{' '}
            {backend.status === 'ready' && backend.info.name === run.result.backend ? describeBackend(backend.info) : run.result.backend} (download not counted).
          </p>
          <p className="muted">Tensors in the worker’s memory: <span data-testid="tensors">{run.tensors}</span></p>
        </div>
      )}
    </section>
  );
}
