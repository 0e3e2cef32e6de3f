import { useId } from 'react';
import type { ModelSummary } from '../../runtime/contract/models';
import { formatInt } from './format';
import { JobStatus } from './JobStatus';
import { useJob } from './useJob';
import { useModelWorker } from './useModelWorker';

/**
 * A file picker for the reader's own tfjs layers model: model.json plus its .bin weight files,
 * chosen together. The model is checked and loaded in the worker under the key "upload";
 * `onLoaded` receives its summary (layers, shapes, parameter counts).
 */
export function ModelUpload({ onLoaded }: { onLoaded?: (summary: ModelSummary | null) => void }) {
  const { worker } = useModelWorker();
  const id = useId();
  const job = useJob<ModelSummary>();

  function choose(files: FileList | null) {
    if (!files || files.length === 0) return;
    const chosen = Array.from(files);
    onLoaded?.(null);
    void job.start(async (signal, progress) => {
      progress('Checking and loading your model');
      const summary = await worker.jobs.models.load({ kind: 'files', files: chosen }, { signal, onProgress: progress });
      onLoaded?.(summary);
      return summary;
    });
  }
  const summary = job.state.status === 'done' ? job.result : undefined;

  return (
    <div className="live-upload">
      <label htmlFor={id}>Your model: choose model.json and its .bin weight files together</label>
      <input id={id} type="file" multiple accept=".json,.bin,application/json,application/octet-stream" onChange={(e) => void choose(e.target.files)} />
      <JobStatus state={job.state} onCancel={job.cancel} failed="Your model could not be loaded" />
      {summary && (
        <p role="status" className="live-upload-ok">
          Loaded: {summary.layers.length} layers, {formatInt(summary.params)} parameters, input [{summary.inputShape.join(', ')}].
        </p>
      )}
    </div>
  );
}
