import { useEffect, useId, useMemo, useState } from 'react';
import type { CompressedModelInfo } from '../../runtime/contract/deepCompression';
import { JobStatus } from '../live/JobStatus';
import { TfjsDownload, type TfjsDownloadResult } from '../live/TfjsDownload';
import { formatInt, formatPercent } from '../live/format';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { useChosenCoding } from './pipelineSettings';
import { usePipelineRun } from './resultStore';
import { TakeawaySizes } from './TakeawaySizes';
import './deepcompression.css';

const RELOADED_KEY = 'dc:reloaded';

interface Reloaded {
  name: string;
  info: CompressedModelInfo;
  accuracy: number;
  correct: number;
  total: number;
  /** Test images where the reloaded model and the latest run disagree (undefined: no run to compare with). */
  differing?: number;
}

/**
 * Saves the latest pipeline run as a .clmz file (a download link to a Blob) and loads any .clmz
 * file back into a live model in the worker, showing its test accuracy and whether it predicts
 * exactly what the compressed model did. A bad file gets the decoder's message. The same model
 * can be taken away as a standard tfjs layers model, whose size is set beside the .clmz file's and
 * the paper's. URL state: `dl.tfjs` (how the tfjs files store the kernels).
 */
export function DownloadReload() {
  const run = usePipelineRun();
  const { worker, backend } = useModelWorker();
  const job = useJob<Reloaded>();
  const inputId = useId();
  const coding = useChosenCoding();
  const [tfjs, setTfjs] = useState<TfjsDownloadResult>();
  const file = run?.result.files[coding];
  const href = useMemo(() => (file ? URL.createObjectURL(new Blob([file as BlobPart], { type: 'application/octet-stream' })) : undefined), [file]);
  useEffect(() => () => { if (href) URL.revokeObjectURL(href); }, [href]);
  useEffect(() => () => void worker.dispose(RELOADED_KEY).catch(() => undefined), [worker]);

  function load(file: File) {
    void job.start(async (signal, progress) => {
      progress(`Reading ${file.name}`);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const info = await worker.jobs.deepCompression.loadFile({ bytes, newKey: RELOADED_KEY }, { signal, onProgress: progress });
      const r = await worker.jobs.models.evaluate({ key: RELOADED_KEY }, {
        signal, onProgress: (p) => progress({ ...p, label: p.phase === 'evaluate' ? 'the reloaded model' : undefined }),
      });
      const reference = run?.result.predictions;
      const differing = reference && reference.length === r.predictions.length ? r.predictions.reduce((n, p, i) => n + (p !== reference[i] ? 1 : 0), 0) : undefined;
      return { name: file.name, info, accuracy: r.accuracy, correct: r.correct, total: r.total, differing };
    });
  }

  const title = 'Download and reload';
  const result = job.result;
  return (
    <section className="widget" aria-label={title}>
      <h3>{title}</h3>
      {run && file && href ? (
        <p>
          <a href={href} download={`${run.model}.clmz`} data-testid="clmz-download" data-bytes={file.length}>
            Download the compressed model ({run.model}.clmz, {formatInt(file.length)} bytes, {coding === 'huffman' ? 'Huffman-coded' : 'fixed-width codes: Huffman coding is off above'})
          </a>
        </p>
      ) : (
        <p className="muted">Run the pipeline above to get a file to download. You can load a .clmz file saved earlier at any time.</p>
      )}
      <div className="controls">
        <label htmlFor={inputId}>Load a .clmz file
          <input
            id={inputId} type="file" accept=".clmz,application/octet-stream" disabled={backend.status !== 'ready' || job.running}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) load(file);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} failed="This file could not be loaded" cancelled="Loading cancelled." />
      {result && (
        <div role="status" className="dc-results">
          <p>
            {result.name}: {formatInt(result.info.fileBytes)} bytes, a {result.info.modelId} with{' '}
            {result.info.layers.map((l) => `${l.name.replace(/\/kernel$/, '')} ${formatInt(l.nonzeros)} non-zeros in ${l.clusters} clusters`).join(', ')}.
          </p>
          <p>
            Test accuracy of the reloaded model: <strong data-testid="reloaded-accuracy" data-value={result.accuracy}>{formatPercent(result.accuracy)}</strong> ({formatInt(result.correct)} of {formatInt(result.total)}).
            {result.differing === 0 && <> Its predictions are identical to the compressed model’s on every test image.</>}
            {result.differing !== undefined && result.differing > 0 && <> It disagrees with the latest run on {formatInt(result.differing)} test images (the file comes from another run).</>}
          </p>
        </div>
      )}
      <TfjsDownload id="dl" what="the compressed model" modelKey={run?.key} version={run && String(run.version)} fileBase={run?.model ?? 'model'} onResult={setTfjs} />
      {run && file && <TakeawaySizes run={run} clmzBytes={file.length} coding={coding} tfjs={tfjs} />}
    </section>
  );
}
