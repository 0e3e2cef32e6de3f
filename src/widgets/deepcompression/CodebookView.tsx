import { max as d3max, scaleLinear } from 'd3';
import { useId, useMemo } from 'react';
import { histogramBins } from '../live/histogramBins';
import type { LayerCodebook } from '../../runtime/contract/deepCompression';
import { param, useUrlState } from '../urlState';
import { layerName } from './format';
import { INITS } from './pipelineSettings';
import { usePipelineRun } from './resultStore';
import './deepcompression.css';

const W = 660;
const H = 280;
const M = { top: 10, right: 12, bottom: 96, left: 48 };
const ROW = 16;

// The layer's weight name; empty (or one the latest run's model lacks) means its first layer.
const schema = { layer: param.string('') };

function Histogram({ codebook, init }: { codebook: LayerCodebook; init: string }) {
  const { bins, x, y, lo, hi } = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of codebook.kept) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const x = scaleLinear().domain([lo, hi]).nice().range([M.left, W - M.right]);
    const bins = histogramBins(codebook.kept, x, 90);
    const y = scaleLinear().domain([0, d3max(bins, (b) => b.length) ?? 1]).nice().range([H - M.bottom, M.top]);
    return { bins, x, y, lo, hi };
  }, [codebook]);
  const clustered = codebook.clustered[init as keyof LayerCodebook['clustered']].centroids;
  const axisY = H - M.bottom;
  const summary = `${codebook.kept.length.toLocaleString('en-US')} kept weights of ${layerName(codebook.name)} from ${lo.toFixed(3)} to ${hi.toFixed(3)}; ` +
    `${clustered.length} shared values after k-means from the ${init} start, ${codebook.tuned.length} after fine-tuning.`;
  return (
    <figure className="dc-hist">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Histogram of the kept weights with their centroids: ${summary}`}>
        {bins.map((b, i) => (
          <rect key={i} className="dc-hist-bar" x={x(b.x0)} y={y(b.length)} width={Math.max(0, x(b.x1) - x(b.x0) - 0.5)} height={axisY - y(b.length)} />
        ))}
        <g data-testid="centroids-kmeans">
          {Array.from(clustered, (c, i) => <line key={i} className="dc-centroid-kmeans" x1={x(c)} x2={x(c)} y1={M.top} y2={axisY} />)}
        </g>
        <g data-testid="centroids-tuned">
          {Array.from(codebook.tuned, (c, i) => <line key={i} className="dc-centroid-tuned" x1={x(c)} x2={x(c)} y1={M.top + 20} y2={axisY} />)}
        </g>
        <g className="axis">
          <line x1={M.left} x2={W - M.right} y1={axisY} y2={axisY} />
          {x.ticks(8).map((t) => <text key={t} x={x(t)} y={axisY + 13} textAnchor="middle">{t}</text>)}
          {y.ticks(4).map((t) => <text key={t} x={M.left - 6} y={y(t) + 4} textAnchor="end">{t}</text>)}
          <text transform={`translate(12 ${(axisY + M.top) / 2}) rotate(-90)`} textAnchor="middle">count</text>
        </g>
        {INITS.map((name, r) => (
          <g key={name} transform={`translate(0 ${axisY + 26 + r * ROW})`}>
            <text x={M.left - 6} y={4} textAnchor="end">{name}</text>
            {Array.from(codebook.initial[name], (c, i) => <circle key={i} className="dc-init-mark" cx={x(c)} cy={0} r={2.2} />)}
          </g>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle">weight value · dots: where each initialisation starts the centroids</text>
      </svg>
      <figcaption className="muted">{summary}</figcaption>
    </figure>
  );
}

/**
 * The codebook of one layer: a histogram of its weights after pruning, the shared values after
 * k-means and after fine-tuning, and where the linear, density and random initialisations start.
 * Reads the latest run of the pipeline widget. URL state: `dccb.layer`.
 */
export function CodebookView({ id = 'dccb' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const run = usePipelineRun();
  const selectId = useId();
  const title = 'Codebook view';
  const layers = run?.result.codebooks.map((c) => c.name) ?? [];
  const layer = layers.includes(url.layer) ? url.layer : layers[0] ?? '';
  const codebook = run?.result.codebooks.find((c) => c.name === layer);
  const init = run?.plan.share.init ?? 'linear';
  return (
    <section className="widget" aria-label={title}>
      <h3>{title}</h3>
      <div className="controls">
        <label htmlFor={selectId}>Layer
          <select id={selectId} value={layer} disabled={!run} onChange={(e) => setUrl({ layer: e.target.value })}>
            {layers.map((l) => <option key={l} value={l}>{layerName(l)}</option>)}
          </select>
        </label>
      </div>
      {!run && <p className="muted">Run the pipeline above first; this view shows the codebooks of its latest run.</p>}
      {codebook && codebook.kept.length === 0 && <p role="status">{layerName(codebook.name)} has no weight left after pruning, so it has no codebook.</p>}
      {codebook && codebook.kept.length > 0 && (
        <>
          <p className="dc-legend">
            <span><span className="dc-swatch dc-swatch-kmeans" />after k-means ({init} start)</span>
            <span><span className="dc-swatch dc-swatch-tuned" />after fine-tuning</span>
          </p>
          <Histogram codebook={codebook} init={init} />
          <div className="live-table-wrap" tabIndex={0} role="region" aria-label="k-means from each start">
            <table className="live-table dc-table" aria-label={`k-means from each start on ${layerName(codebook.name)}`}>
              <thead>
                <tr><th scope="col">Start</th><th scope="col">Smallest centroid</th><th scope="col">Largest centroid</th><th scope="col">Sum of squared errors</th></tr>
              </thead>
              <tbody>
                {INITS.map((name) => {
                  const c = codebook.clustered[name];
                  return (
                    <tr key={name} data-init={name}>
                      <th scope="row">{name}</th>
                      <td>{c.centroids[0]?.toFixed(4)}</td>
                      <td>{c.centroids[c.centroids.length - 1]?.toFixed(4)}</td>
                      <td data-testid="kmeans-sse" data-value={c.sse}>{c.sse.toPrecision(4)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="muted">The kept weights range from {codebook.kept.reduce((a, b) => Math.min(a, b)).toFixed(4)} to {codebook.kept.reduce((a, b) => Math.max(a, b)).toFixed(4)}: only the linear start puts centroids out at both ends, where the few large weights are.</p>
        </>
      )}
    </section>
  );
}
