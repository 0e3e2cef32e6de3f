import { useEffect, useId, useMemo } from 'react';
import { TFJS_ENCODING_BYTES, TFJS_WEIGHT_ENCODINGS, type TfjsWeightEncoding } from '../../engine';
import type { TfjsExportResult } from '../../runtime/contract/tfjsExport';
import { param, useUrlState } from '../urlState';
import { formatInt, formatPercent } from './format';
import { JobStatus } from './JobStatus';
import { useJob } from './useJob';
import { useModelWorker } from './useModelWorker';
import './live.css';

export const ENCODING_NAMES: Record<TfjsWeightEncoding, string> = {
  uint8: 'uint8 (affine, 1 byte)',
  uint16: 'uint16 (affine, 2 bytes)',
  float16: 'float16 (2 bytes)',
  float32: 'float32 (4 bytes, as is)',
};

/** A finished export, with the model version it was made from. */
export interface TfjsDownloadResult {
  version: string;
  encoding: TfjsWeightEncoding;
  result: TfjsExportResult;
}

/** A download link to bytes held in the page; the object URL is freed when the bytes change or the link goes. */
function useObjectUrl(data: BlobPart | undefined, type: string): string | undefined {
  const href = useMemo(() => (data === undefined ? undefined : URL.createObjectURL(new Blob([data], { type }))), [data, type]);
  useEffect(() => () => { if (href) URL.revokeObjectURL(href); }, [href]);
  return href;
}

/** How many of the rebuilt model's predictions the page keeps in the DOM. */
const SHOWN_PREDICTIONS = 1000;

const formatError = (e: number) => (e === 0 ? '0' : e.toPrecision(2));

/**
 * "Take it away": writes the worker's model under `modelKey` as a standard tfjs layers model
 * (model.json + one weight file, kernels stored in the chosen encoding with the tfjs converter's
 * manifest entries), offers both files for download, and says what the reader gets: the files'
 * sizes, the largest change any weight took, and the accuracy of the model rebuilt from exactly
 * those bytes. `version` names the model now under the key; files made from an older one are
 * withdrawn. URL state: `<id>.tfjs` (uint8, uint16, float16, float32).
 */
export function TfjsDownload({ id, modelKey, version, fileBase, what, defaultEncoding = 'uint8', onResult }: {
  id: string;
  /** The worker key of the model to export; undefined while there is none. */
  modelKey: string | undefined;
  version: string | undefined;
  /** The downloaded files' common name, e.g. "lenet-300-100-int8"; the encoding is appended. */
  fileBase: string;
  /** The model in words, e.g. "the quantized model". */
  what: string;
  defaultEncoding?: TfjsWeightEncoding;
  onResult?: (r: TfjsDownloadResult | undefined) => void;
}) {
  const schema = useMemo(() => ({ tfjs: param.oneOf(TFJS_WEIGHT_ENCODINGS, defaultEncoding, 'tfjs weight storage') }), [defaultEncoding]);
  const [url, setUrl] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const job = useJob<TfjsDownloadResult>();
  const selectId = useId();
  const made = job.result;
  const fresh = made !== undefined && made.version === version;
  const result = fresh ? made.result : undefined;
  const jsonHref = useObjectUrl(result?.jsonText, 'application/json');
  const binHref = useObjectUrl(result?.weightData as BlobPart | undefined, 'application/octet-stream');
  useEffect(() => onResult?.(fresh ? made : undefined), [onResult, fresh, made]);

  function make() {
    if (!modelKey || version === undefined) return;
    const encoding = url.tfjs;
    const made = version;
    void job.start(async (signal, progress) => {
      const result = await worker.jobs.tfjsExport.layersModel({ key: modelKey, encoding, fileName: `${fileBase}-${encoding}` }, { signal, onProgress: progress });
      return { version: made, encoding, result };
    });
  }

  // The digits predicted for the first test images, for a script (or the e2e test) running the files elsewhere to compare with.
  const firstPredictions = useMemo(() => result && Array.from(result.predictions.subarray(0, SHOWN_PREDICTIONS)).join(''), [result]);
  const rounded = result?.tensors.filter((t) => t.step !== undefined && !t.gridKept) ?? [];
  const worst = result?.tensors.reduce((m, t) => Math.max(m, t.maxError), 0) ?? 0;
  return (
    <fieldset className="tfjs-download" data-testid="tfjs-download">
      <legend>Take it away as a tfjs model</legend>
      <div className="controls">
        <label htmlFor={selectId}>Kernels stored as
          <select id={selectId} value={url.tfjs} onChange={(e) => setUrl({ tfjs: e.target.value as TfjsWeightEncoding })}>
            {TFJS_WEIGHT_ENCODINGS.map((e) => <option key={e} value={e}>{ENCODING_NAMES[e]}</option>)}
          </select>
        </label>
        <button type="button" disabled={!modelKey || version === undefined || backend.status !== 'ready' || job.running} onClick={make}>
          Make the tfjs files
        </button>
      </div>
      {!modelKey && <p className="muted">Run the widget above first: the files are written from {what}.</p>}
      <JobStatus state={job.state} onCancel={job.cancel} failed="The tfjs files could not be made" cancelled="Cancelled; no files were made." />
      {made && !fresh && <p className="muted" data-testid="tfjs-stale">{what[0].toUpperCase() + what.slice(1)} has changed since the last files were made; make them again to download it.</p>}
      {result && jsonHref && binHref && made && (
        <div role="status">
          <p>
            Download both into one folder:{' '}
            <a href={jsonHref} download={result.jsonName} data-testid="tfjs-json" data-bytes={new TextEncoder().encode(result.jsonText).length}>{result.jsonName}</a>{' '}
            ({formatInt(new TextEncoder().encode(result.jsonText).length)} bytes) and{' '}
            <a href={binHref} download={result.binName} data-testid="tfjs-bin" data-bytes={result.weightData.length}>{result.binName}</a>{' '}
            ({formatInt(result.weightData.length)} bytes: kernels as {made.encoding}, {formatInt(TFJS_ENCODING_BYTES[made.encoding])} byte{TFJS_ENCODING_BYTES[made.encoding] > 1 && 's'} a weight, biases as float32).
            Plain tfjs loads them with <code>tf.loadLayersModel(&apos;…/{result.jsonName}&apos;)</code>.
          </p>
          <p>
            Rebuilt from these two files in the worker, the model scores{' '}
            <strong data-testid="tfjs-accuracy" data-value={result.accuracy} data-correct={result.correct} data-predictions={firstPredictions}>{formatPercent(result.accuracy)}</strong>{' '}
            ({formatInt(result.correct)} of {formatInt(result.total)} test images){' '}
            <span data-testid="tfjs-differing" data-value={result.differing}>
              {result.differing === 0 ? `and predicts the same digit as ${what} on every one` : `and predicts another digit than ${what} on ${formatInt(result.differing)} of them`}
            </span>.
            {' '}Largest change of a weight: <span data-testid="tfjs-max-error" data-value={worst}>{formatError(worst)}</span>
            {rounded.length > 0
              ? ` (${rounded.length === 1 ? 'one kernel was' : `${rounded.length} kernels were`} rounded onto tfjs's one grid per tensor, ${made.encoding === 'uint8' ? '256' : '65,536'} levels from its min to its max; half a step at most).`
              : made.encoding === 'float32' ? ' (stored as they are).' : made.encoding === 'float16' ? ' (each rounded to the nearest float16).' : ' (every kernel already sat on one uniform grid, which the file keeps).'}
          </p>
        </div>
      )}
    </fieldset>
  );
}
