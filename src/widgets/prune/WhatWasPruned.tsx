import { useEffect, useId, useRef, useState } from 'react';
import { LiveWidget } from '../live/LiveWidget';
import { formatPercent } from '../live/format';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { followUrl, percentText, readSparsity } from './common';
import './prune.css';

const MODEL = 'lenet-300-100';
const RETRAINED_KEY = `${MODEL}:retrained`;
const HIDDEN = 300;
const SIDE = 28;
const COLUMNS = 20;

const schema = {
  source: param.oneOf(['oneShot', 'retrained'] as const, 'oneShot'),
  sparsity: param.number(0.9),
};

interface Weights {
  dense1: Float32Array;
  dense2: Float32Array;
  accuracy?: number;
  label: string;
}

/** The canvas colours of the current theme (CSS variables on the element). */
function themeColours(el: Element) {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { positive: v('--accent', '#1f6feb'), negative: v('--sign', '#d1242f'), empty: v('--bg', '#ffffff'), kept: v('--fg', '#000000') };
}

/** Draws each hidden neuron's 784 incoming weights as a 28×28 tile: colour = sign, strength = |w|, background = pruned. */
function drawNeurons(canvas: HTMLCanvasElement, kernel: Float32Array) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const c = themeColours(canvas);
  ctx.fillStyle = c.empty;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  let max = 0;
  for (const w of kernel) max = Math.max(max, Math.abs(w));
  if (max === 0) return;
  for (let n = 0; n < HIDDEN; n++) {
    const ox = (n % COLUMNS) * (SIDE + 1);
    const oy = Math.floor(n / COLUMNS) * (SIDE + 1);
    for (let p = 0; p < SIDE * SIDE; p++) {
      const w = kernel[p * HIDDEN + n];
      if (w === 0) continue;
      ctx.globalAlpha = Math.min(1, 0.15 + (Math.abs(w) / max) * 2.5);
      ctx.fillStyle = w > 0 ? c.positive : c.negative;
      ctx.fillRect(ox + (p % SIDE), oy + Math.floor(p / SIDE), 1, 1);
    }
  }
  ctx.globalAlpha = 1;
}

/** Draws a grid of values ≥ 0 as cells, darkest at the largest value. */
function drawHeat(canvas: HTMLCanvasElement, values: ArrayLike<number>, columns: number) {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const c = themeColours(canvas);
  ctx.fillStyle = c.empty;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = c.kept;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === 0) continue;
    ctx.globalAlpha = values[i] / max;
    ctx.fillRect(i % columns, Math.floor(i / columns), 1, 1);
  }
  ctx.globalAlpha = 1;
}

function keptPerPixel(kernel: Float32Array): Float32Array {
  const out = new Float32Array(SIDE * SIDE);
  for (let p = 0; p < out.length; p++) {
    let kept = 0;
    for (let n = 0; n < HIDDEN; n++) if (kernel[p * HIDDEN + n] !== 0) kept++;
    out[p] = kept / HIDDEN;
  }
  return out;
}

/**
 * What magnitude pruning removes from LeNet-300-100: every first-layer neuron's surviving
 * weights as a 28×28 picture, how many weights each input pixel keeps, and the sparsity pattern
 * of the second layer. URL state: `pw.source` (one-shot pruning here, or the model of the
 * “Prune and retrain” widget), `pw.sparsity` (fraction).
 */
export function WhatWasPruned({ id = 'pw' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const job = useJob<Weights>();
  const neurons = useRef<HTMLCanvasElement>(null);
  const pixels = useRef<HTMLCanvasElement>(null);
  const second = useRef<HTMLCanvasElement>(null);
  const [text, setText] = useState(() => percentText(url.sparsity));
  const ids = { source: useId(), sparsity: useId(), message: useId() };
  useEffect(() => setText(followUrl(url.sparsity)), [url.sparsity]);
  const checked = readSparsity(text);
  const w = job.result;

  useEffect(() => {
    if (!w) return;
    if (neurons.current) drawNeurons(neurons.current, w.dense1);
    if (pixels.current) drawHeat(pixels.current, keptPerPixel(w.dense1), SIDE);
    if (second.current) drawHeat(second.current, Float32Array.from(w.dense2, (v) => (v === 0 ? 0 : 1)), 100);
  }, [w]);

  function show() {
    const source = url.source;
    const sparsity = url.sparsity;
    void job.start(async (signal, progress) => {
      let key = RETRAINED_KEY;
      let accuracy: number | undefined;
      let label = 'the model pruned and retrained in “Prune and retrain”';
      if (source === 'oneShot') {
        key = `${MODEL}:view`;
        accuracy = (await worker.jobs.prune.prune({ key: MODEL, newKey: key, spec: { method: 'magnitude', sparsity } }, { signal, onProgress: progress })).accuracy;
        label = `one-shot magnitude pruning to ${formatPercent(sparsity, 0)} per layer, no retraining`;
      }
      try {
        const [dense1, dense2] = [await worker.jobs.quant.weightValues({ key, weight: 'dense1/kernel' }), await worker.jobs.quant.weightValues({ key, weight: 'dense2/kernel' })];
        return { dense1, dense2, accuracy, label };
      } catch (e) {
        if (source === 'retrained') throw new Error('there is no retrained model yet: run “Prune and retrain” above first, or choose one-shot pruning');
        throw e;
      }
    });
  }

  const kept1 = w ? w.dense1.reduce((n, v) => n + (v === 0 ? 0 : 1), 0) / w.dense1.length : 0;
  const border = w ? (() => { const k = keptPerPixel(w.dense1); let s = 0; let n = 0; for (let p = 0; p < k.length; p++) { const x = p % SIDE; const y = Math.floor(p / SIDE); if (x < 3 || x > 24 || y < 3 || y > 24) { s += k[p]; n++; } } return s / n; })() : 0;
  const title = 'What was pruned';
  return (
    <LiveWidget title={title}>
      <div className="controls">
        <label htmlFor={ids.source}>Show
          <select id={ids.source} value={url.source} disabled={job.running} onChange={(e) => setUrl({ source: e.target.value as 'oneShot' | 'retrained' })}>
            <option value="oneShot">one-shot magnitude pruning</option>
            <option value="retrained">the result of “Prune and retrain”</option>
          </select>
        </label>
        {url.source === 'oneShot' && (
          <label htmlFor={ids.sparsity}>Sparsity, %
            <input id={ids.sparsity} type="text" inputMode="decimal" size={6} value={text} disabled={job.running} aria-invalid={!checked.ok} aria-describedby={checked.ok ? undefined : ids.message}
              onChange={(e) => { setText(e.target.value); const r = readSparsity(e.target.value); if (r.ok) setUrl({ sparsity: r.value }); }} />
          </label>
        )}
        <button type="button" className="primary" disabled={backend.status !== 'ready' || job.running || (url.source === 'oneShot' && !checked.ok)} onClick={show}>Show the weights</button>
      </div>
      {url.source === 'oneShot' && !checked.ok && <div id={ids.message} role="alert" className="error-box">{checked.message}</div>}
      <JobStatus state={job.state} onCancel={job.cancel} failed="Could not show the weights" />
      {w && (
        <>
          <p data-testid="pruned-view-summary">
            {w.label}: {formatPercent(kept1, 1)} of the first layer's weights survive{w.accuracy !== undefined && <>, test accuracy {formatPercent(w.accuracy)}</>}.
            Pixels within 3 of the border keep {formatPercent(border, 1)} of their weights on average.
          </p>
          <div className="prune-pictures">
            <figure>
              <canvas ref={neurons} className="prune-canvas" width={COLUMNS * (SIDE + 1)} height={(HIDDEN / COLUMNS) * (SIDE + 1)} style={{ width: `${COLUMNS * (SIDE + 1) * 1.5}px` }}
                role="img" aria-label={`The incoming weights of all 300 first-layer neurons as 28×28 pictures; ${formatPercent(kept1, 1)} survive, mostly in the centre where digits are drawn.`} />
              <figcaption className="muted">Each tile is one of the 300 neurons of dense1: its 784 incoming weights laid out like the image (blue positive, red negative in the light theme; empty = pruned).</figcaption>
            </figure>
            <figure>
              <canvas ref={pixels} className="prune-canvas" width={SIDE} height={SIDE} style={{ width: '168px' }}
                role="img" aria-label={`How many of its 300 outgoing weights each input pixel keeps; border pixels keep ${formatPercent(border, 1)} on average.`} />
              <figcaption className="muted">Per input pixel: the share of its 300 weights kept (darkest = the pixel that keeps the most).</figcaption>
            </figure>
            <figure>
              <canvas ref={second} className="prune-canvas" width={100} height={HIDDEN} style={{ width: '150px' }}
                role="img" aria-label="Sparsity pattern of dense2: 300 rows (inputs) by 100 columns (neurons), dark where a weight is kept." />
              <figcaption className="muted">dense2's 300 × 100 weights: dark = kept. Each row is one dense1 neuron; a nearly blank row is a neuron the next layer has almost stopped listening to.</figcaption>
            </figure>
          </div>
        </>
      )}
    </LiveWidget>
  );
}
