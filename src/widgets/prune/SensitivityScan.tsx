import { useId, useState } from 'react';
import { ZOO } from '../../runtime/contract/zoo';
import type { SensitivityPoint } from '../../runtime/contract/prune';
import { LiveWidget } from '../live/LiveWidget';
import { formatInt, formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { CurveChart, type Curve } from './CurveChart';
import { accuracyDomain, layerOf, MODEL_KERNELS, PRUNE_MODELS, type PruneModelId } from './common';
import { DROP_RULE, ScanToSparsities } from './ScanToSparsities';
import './prune.css';

/** Dense where the layers part ways: above 90 % each point removes a large share of what is left. */
export const SCAN_SPARSITIES = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99];
/** The zoomed accuracy axis fits the points up to this sparsity. */
const ZOOM_UP_TO = 0.9;
/** Test images offered, by their text in the URL. */
const IMAGES = { '2000': 2000, '10000': 10000 } as const;
type ImagesText = keyof typeof IMAGES;

const schema = {
  model: param.oneOf(PRUNE_MODELS, 'lenet-300-100'),
  images: param.oneOf(Object.keys(IMAGES) as ImagesText[], '2000'),
  /** Draw the accuracy axis from 0 to 100 % instead of zooming it to the measured points. */
  full: param.boolean(false),
  /** Allowed accuracy drop, in points, when the scan is turned into per-layer sparsities. */
  drop: param.field(1, DROP_RULE),
};

/** The point of a curve measured at sparsity `at`, if it has arrived. */
const pointAt = (c: Curve, at: number) => c.points.find((p) => Math.abs(p.x - at) < 1e-9);

/**
 * Prunes each layer of a live model alone by magnitude at 0…99 % and draws the test accuracy
 * against sparsity, one curve per layer (Han et al. 2015, Fig. 5 style). Points stream in as the
 * worker measures them. A finished scan becomes per-layer sparsities within an allowed accuracy
 * drop, which fill "Prune the live model" (URL prefix `target`). URL state: `ps.model`,
 * `ps.images` (2000 or 10000 test images), `ps.full` (0–100 % axis), `ps.drop` (points).
 */
export function SensitivityScan({ id = 'ps', target = 'pr' }: { id?: string; target?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const job = useJob<{ model: PruneModelId; images: number; points: SensitivityPoint[] }>();
  const ids = { model: useId(), images: useId(), full: useId() };
  const [streamed, setStreamed] = useState<{ model: PruneModelId; images: number; points: SensitivityPoint[] } | undefined>();

  function scan() {
    const model = url.model;
    const images = IMAGES[url.images];
    setStreamed({ model, images, points: [] });
    void job.start(async (signal, progress) => {
      const points = await worker.jobs.prune.sensitivityScan({ key: model, sparsities: [...SCAN_SPARSITIES], images }, {
        signal, onProgress: progress, onPartial: (p) => setStreamed((s) => s && { ...s, points: [...s.points, p] }),
      });
      return { model, images, points };
    });
  }

  const result = streamed && streamed.model === url.model && streamed.points.length > 0 ? streamed : undefined;
  const complete = result && result.points.length === MODEL_KERNELS[result.model].length * SCAN_SPARSITIES.length ? result : undefined;
  const curves = MODEL_KERNELS[url.model].map((k) => ({
    name: layerOf(k),
    points: (result?.points ?? []).filter((p) => p.weight === k).map((p) => ({ x: p.sparsity, y: p.accuracy })),
  }));
  // Zoomed to the points up to 90 %, where the layers are close; the steep fall beyond leaves the chart at the bottom.
  const yDomain = accuracyDomain(curves.flatMap((c) => c.points.filter((p) => p.x <= ZOOM_UP_TO).map((p) => p.y)), url.full);
  const atSparsities = [0.9, 0.99].map((at) => ({
    at, text: curves.map((c) => { const p = pointAt(c, at); return p ? `${c.name} ${formatPercent(p.y, 1)}` : null; }).filter(Boolean).join(', '),
  }));
  const title = 'Sensitivity scan';
  return (
    <LiveWidget title={title}>
      <div className="controls">
        <label htmlFor={ids.model}>Model
          <select id={ids.model} value={url.model} disabled={job.running} onChange={(e) => setUrl({ model: e.target.value as PruneModelId })}>
            {PRUNE_MODELS.map((m) => <option key={m} value={m}>{ZOO[m].name}</option>)}
          </select>
        </label>
        <label htmlFor={ids.images}>Test images
          <select id={ids.images} value={url.images} disabled={job.running} onChange={(e) => setUrl({ images: e.target.value as ImagesText })}>
            <option value="2000">first 2,000 (quick)</option>
            <option value="10000">all 10,000</option>
          </select>
        </label>
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running} onClick={scan}>Run the scan</button>
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} onRetry={scan} failed="The scan failed" cancelled="Scan cancelled; the model is unchanged." />
      {result ? (
        <>
          <label htmlFor={ids.full}>
            <input id={ids.full} type="checkbox" checked={url.full} onChange={(e) => setUrl({ full: e.target.checked })} /> Show the full 0–100 % accuracy scale
          </label>
          <CurveChart
            curves={curves} xDomain={[0, 1]} yDomain={yDomain} xLabel="fraction of this layer's weights pruned" yLabel="test accuracy"
            formatX={(v) => `${Math.round(v * 100)}%`} formatY={(v) => formatPercent(v, url.full ? 0 : 1)} testId="sensitivity-chart"
            label={`Accuracy of ${ZOO[result.model].name} with one layer pruned, on the first ${formatInt(result.images)} test images; accuracy axis ${url.full ? 'from 0 to 100 %' : `zoomed to ${formatPercent(yDomain[0], 1)}–${formatPercent(yDomain[1], 1)}, the range of the points up to 90 %`}`}
          />
          <p className="muted">
            Measured on the first {formatInt(result.images)} test images{result.images < 10000 && ' to keep the scan quick; choose all 10,000 for the exact figures'}.
            {url.full ? ' The accuracy axis runs from 0 to 100 %.' : ' The accuracy axis is zoomed to the points up to 90 %, where the layers are close; the fall beyond runs off the bottom: tick the box for the full 0–100 % scale.'}
            {atSparsities.map(({ at, text }) => text && ` At ${Math.round(at * 100)} %: ${text}.`)}
          </p>
          {complete && <ScanToSparsities model={complete.model} points={complete.points} drop={url.drop} onDrop={(drop) => setUrl({ drop })} disabled={job.running} target={target} />}
          <details>
            <summary>The measured accuracies</summary>
            <div className="live-table-wrap">
              <table className="live-table" aria-label="Test accuracy with one layer pruned, by sparsity" data-testid="sensitivity-table">
                <thead><tr><th scope="col">Pruned</th>{curves.map((c) => <th key={c.name} scope="col">{c.name}</th>)}</tr></thead>
                <tbody>
                  {SCAN_SPARSITIES.map((sp) => (
                    <tr key={sp} data-sparsity={sp}>
                      <th scope="row">{Math.round(sp * 100)} %</th>
                      {curves.map((c) => { const p = pointAt(c, sp); return <td key={c.name} data-layer={c.name} data-value={p?.y}>{p ? formatPercent(p.y) : '…'}</td>; })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      ) : <p className="muted">Press “Run the scan”: {MODEL_KERNELS[url.model].length} layers × {SCAN_SPARSITIES.length} sparsities, each evaluated on the test images.</p>}
    </LiveWidget>
  );
}
