import { useId, useRef, useState } from 'react';
import { UPLOAD_KEY } from '../../runtime/contract/names';
import type { EvaluationResult } from '../../runtime/contract/models';
import { ZOO_IDS, type ZooId } from '../../runtime/contract/zoo';
import { useUrlState } from '../urlState';
import { BackendPicker } from './BackendPicker';
import { JobStatus } from './JobStatus';
import { useJob } from './useJob';
import { describeBackend, formatInt, formatMs, formatPercent } from './format';
import { formatBytes } from '../cost/format';
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

interface Scored {
  result: EvaluationResult;
  /** tfjs tensors in the worker after the evaluation, and the bytes they hold (tf.memory()). */
  tensors: number;
  bytes: number;
  /** Counts finished evaluations, so a test can tell a new result from the last one. */
  seq: number;
  /** Which upload it scored (a new upload hides the old one's score). */
  upload: number;
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
  const job = useJob<Scored>();
  const [uploaded, setUploaded] = useState(false);
  const [uploads, setUploads] = useState(0);
  const runs = useRef(0);
  const selectId = useId();

  const entry = zoo.models.find((m) => m.id === url.model);
  const running = job.running;
  const canRun = !running && backend.status === 'ready' && (url.model !== UPLOAD_KEY || uploaded);

  function evaluate() {
    void job.start(async (signal, progress) => {
      const result = await worker.jobs.models.evaluate({ key: url.model }, { signal, onProgress: progress });
      const { numTensors, numBytes } = await worker.memory();
      return { result, tensors: numTensors, bytes: numBytes, seq: ++runs.current, upload: uploads };
    });
  }
  // The last result stays on screen only while it is the chosen model's.
  const scored = job.result?.result.key === url.model && job.result.upload === uploads ? job.result : undefined;

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
        <button type="button" className="primary" onClick={evaluate} disabled={!canRun}>
          Evaluate on 10,000 test images
        </button>
      </div>
      {entry && url.model !== UPLOAD_KEY && (
        <p className="muted live-model-note">
          {entry.architecture}{entry.params !== undefined && <>, {formatInt(entry.params)} parameters</>}
          {entry.testAccuracy !== undefined && <>; {formatPercent(entry.testAccuracy)} after training</>}.
        </p>
      )}
      {zoo.error && <p className="muted">{zoo.error}</p>}
      {url.model === UPLOAD_KEY && <ModelUpload onLoaded={(s) => { setUploaded(s !== null); if (s === null) setUploads((n) => n + 1); }} />}
      <JobStatus state={job.state} onCancel={job.cancel} failed="The evaluation failed" cancelled="Evaluation cancelled." />
      {scored && (
        <div role="status" className="live-result" data-run={scored.seq}>
          <p className="live-big">
            Test accuracy <strong data-testid="accuracy">{formatPercent(scored.result.accuracy)}</strong>
          </p>
          <p>
            {formatInt(scored.result.correct)} of {formatInt(scored.result.total)} images right, in{' '}
            <strong data-testid="eval-time" data-ms={scored.result.ms.toFixed(1)}>{formatMs(scored.result.ms)}</strong> on{' '}
            {backend.status === 'ready' && backend.info.name === scored.result.backend ? describeBackend(backend.info) : scored.result.backend} (download not counted).
          </p>
          <p className="muted">
            Tensors in the worker’s memory: <span data-testid="tensors" data-bytes={scored.bytes}>{scored.tensors}</span> ({formatBytes(scored.bytes)})
          </p>
        </div>
      )}
    </section>
  );
}
