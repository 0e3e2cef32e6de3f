import { useId, useState } from 'react';
import { ZOO } from '../../runtime/contract/zoo';
import type { SensitivityPoint } from '../../runtime/contract/prune';
import { LiveWidget } from '../live/LiveWidget';
import { formatInt, formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { CurveChart } from './CurveChart';
import { layerOf, MODEL_KERNELS, PRUNE_MODELS, type PruneModelId } from './common';
import './prune.css';

/** 0 %, 10 %, …, 90 %, 95 %. */
export const SCAN_SPARSITIES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
const IMAGES = ['2000', '10000'] as const;

const schema = {
  model: param.oneOf(PRUNE_MODELS, 'lenet-300-100'),
  images: param.oneOf(IMAGES, '2000'),
};

/**
 * Prunes each layer of a live model alone by magnitude at 0…95 % and draws the test accuracy
 * against sparsity, one curve per layer (Han et al. 2015, Fig. 5 style). Points stream in as the
 * worker measures them. URL state: `ps.model`, `ps.images` (2000 or 10000 test images).
 */
export function SensitivityScan({ id = 'ps' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const job = useJob<{ model: PruneModelId; images: number; points: SensitivityPoint[] }>();
  const ids = { model: useId(), images: useId() };
  const [streamed, setStreamed] = useState<{ model: PruneModelId; images: number; points: SensitivityPoint[] } | undefined>();

  function scan() {
    const model = url.model;
    const images = Number(url.images);
    setStreamed({ model, images, points: [] });
    void job.start(async (signal, progress) => {
      const points = await worker.jobs.prune.sensitivityScan({ key: model, sparsities: [...SCAN_SPARSITIES], images }, {
        signal, onProgress: progress, onPartial: (p) => setStreamed((s) => s && { ...s, points: [...s.points, p] }),
      });
      return { model, images, points };
    });
  }

  const result = streamed && streamed.model === url.model && streamed.points.length > 0 ? streamed : undefined;
  const curves = MODEL_KERNELS[url.model].map((k) => ({
    name: layerOf(k),
    points: (result?.points ?? []).filter((p) => p.weight === k).map((p) => ({ x: p.sparsity, y: p.accuracy })),
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
          <select id={ids.images} value={url.images} disabled={job.running} onChange={(e) => setUrl({ images: e.target.value as (typeof IMAGES)[number] })}>
            <option value="2000">first 2,000 (quick)</option>
            <option value="10000">all 10,000</option>
          </select>
        </label>
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running} onClick={scan}>Run the scan</button>
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} onRetry={scan} failed="The scan failed" cancelled="Scan cancelled; the model is unchanged." />
      {result ? (
        <>
          <CurveChart
            curves={curves} xDomain={[0, 1]} yDomain={[0, 1]} xLabel="fraction of this layer's weights pruned" yLabel="test accuracy"
            formatX={(v) => `${Math.round(v * 100)}%`} formatY={(v) => `${Math.round(v * 100)}%`} testId="sensitivity-chart"
            label={`Accuracy of ${ZOO[result.model].name} with one layer pruned, on the first ${formatInt(result.images)} test images`}
          />
          <p className="muted">
            Measured on the first {formatInt(result.images)} test images{result.images < 10000 && ' to keep the scan quick; choose all 10,000 for the exact figures'}.
            At 90 %: {curves.map((c) => { const p = c.points.find((q) => Math.abs(q.x - 0.9) < 1e-9); return p ? `${c.name} ${formatPercent(p.y, 1)}` : null; }).filter(Boolean).join(', ')}.
          </p>
        </>
      ) : <p className="muted">Press “Run the scan”: {MODEL_KERNELS[url.model].length} layers × {SCAN_SPARSITIES.length} sparsities, each evaluated on the test images.</p>}
    </LiveWidget>
  );
}
