import { useId, useState } from 'react';
import type { ModelSummary } from '../../runtime/worker/summary';
import { formatInt } from './format';
import { useModelWorker } from './useModelWorker';

/**
 * A file picker for the reader's own tfjs layers model: model.json plus its .bin weight files,
 * chosen together. The model is checked and loaded in the worker under the key "upload";
 * `onLoaded` receives its summary (layers, shapes, parameter counts).
 */
export function ModelUpload({ onLoaded }: { onLoaded?: (summary: ModelSummary | null) => void }) {
  const { worker } = useModelWorker();
  const id = useId();
  const [state, setState] = useState<{ busy: boolean; error?: string; summary?: ModelSummary }>({ busy: false });

  async function choose(files: FileList | null) {
    if (!files || files.length === 0) return;
    setState({ busy: true });
    onLoaded?.(null);
    try {
      const summary = await worker.loadUploadedModel(files);
      setState({ busy: false, summary });
      onLoaded?.(summary);
    } catch (e) {
      setState({ busy: false, error: (e as Error).message });
    }
  }

  return (
    <div className="live-upload">
      <label htmlFor={id}>Your model: choose model.json and its .bin weight files together</label>
      <input id={id} type="file" multiple accept=".json,.bin,application/json,application/octet-stream" onChange={(e) => void choose(e.target.files)} />
      {state.busy && <p role="status" className="muted">Checking and loading your model…</p>}
      {state.error && <div role="alert" className="error-box">Your model could not be loaded. {state.error}</div>}
      {state.summary && (
        <p role="status" className="live-upload-ok">
          Loaded: {state.summary.layers.length} layers, {formatInt(state.summary.params)} parameters, input [{state.summary.inputShape.join(', ')}].
        </p>
      )}
    </div>
  );
}
