import { useEffect, useMemo, useRef, useState } from 'react';
import { im2col, im2colProduct } from '../../engine';
import { NumberField } from '../input';
import { formatInt } from '../live/format';
import { LiveWidget } from '../live/LiveWidget';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { MatrixView } from './MatrixView';
import { kernelOf, useConvSample } from './useConvSample';
import './lowrank.css';

/** The zoo's convolutions: input shape, kernel, stride and padding, as built in worker/models.ts. */
const ZOO_CONVS = [
  { name: 'LeNet-5 conv1', input: [28, 28, 1], kernel: [5, 5], strides: 1, padding: 'same' },
  { name: 'LeNet-5 conv2', input: [14, 14, 6], kernel: [5, 5], strides: 1, padding: 'valid' },
  { name: 'depthwise-separable stem', input: [28, 28, 1], kernel: [3, 3], strides: 2, padding: 'same' },
  { name: 'depthwise-separable pw1 (1×1)', input: [14, 14, 16], kernel: [1, 1], strides: 1, padding: 'valid' },
] as const;

const schema = {
  image: param.number(0),
  row: param.number(14),
  col: param.number(14),
};

/**
 * im2col on a real digit and LeNet-5's first convolution (5×5, six filters, same padding): the
 * unrolled matrix (one row per output pixel), the receptive field of one output pixel as its row,
 * the memory growth for the zoo's convolutions, and the check that one matrix product gives what
 * tfjs's conv2d gives in the worker.
 * URL state: `ic.image`, `ic.row`, `ic.col` (the output pixel shown).
 */
export function Im2colView({ id = 'ic' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const imageOk = Number.isInteger(url.image) && url.image >= 0 && url.image < 10000;
  const { sample, error } = useConvSample('lenet-5', imageOk ? url.image : 0);
  const [reference, setReference] = useState<{ image: number; values: Float32Array }>();
  const canvas = useRef<HTMLCanvasElement>(null);
  const pixelOk = [url.row, url.col].every((v) => Number.isInteger(v) && v >= 0 && v < 28);

  useEffect(() => {
    if (backend.status !== 'ready' || !imageOk) return;
    let live = true;
    void worker.jobs.lowrank.layerOutput({ key: 'lenet-5', layer: 'conv1', index: url.image }).then((r) => { if (live) setReference({ image: url.image, values: r.values }); });
    return () => { live = false; };
  }, [backend.status, worker, url.image, imageOk]);

  const unrolled = useMemo(() => {
    if (!sample) return undefined;
    const kernel = kernelOf(sample.layers, 'conv1');
    const bias = sample.layers.find((l) => l.name === 'conv1')?.weights.find((w) => w.name.endsWith('/bias'));
    if (!kernel) return undefined;
    const u = im2col(Float32Array.from(sample.pixels, (p) => p / 255), [28, 28, 1], [5, 5], { padding: 'same' });
    const output = im2colProduct(u, kernel.values, 6, bias?.values).map((v) => Math.max(0, v)); // conv1 ends in a ReLU
    return { u, output };
  }, [sample]);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !unrolled) return;
    const { u } = unrolled;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    // Drawn transposed: one column of pixels per matrix row (output pixel), 25 rows tall.
    const img = ctx.createImageData(u.rows, u.cols);
    for (let r = 0; r < u.rows; r++) for (let k = 0; k < u.cols; k++) {
      const v = 255 - Math.round(u.matrix[r * u.cols + k] * 255);
      const at = (k * u.rows + r) * 4;
      const chosen = r === url.row * 28 + url.col;
      img.data.set(chosen ? [v, 80, 80, 255] : [v, v, v, 255], at);
    }
    ctx.putImageData(img, 0, 0);
  }, [unrolled, url.row, url.col]);

  const difference = unrolled && reference?.image === url.image
    ? unrolled.output.reduce((t, v, i) => Math.max(t, Math.abs(v - reference.values[i])), 0) : undefined;
  const row = unrolled && pixelOk ? unrolled.u.matrix.subarray((url.row * 28 + url.col) * 25, (url.row * 28 + url.col + 1) * 25) : undefined;
  const growth = ZOO_CONVS.map((c) => {
    const size = c.input[0] * c.input[1] * c.input[2];
    const u = im2col(new Float32Array(size), [...c.input], [...c.kernel], { strides: c.strides, padding: c.padding });
    return { ...c, rows: u.rows, cols: u.cols, ratio: (u.rows * u.cols) / size };
  });

  return (
    <LiveWidget title="im2col on a real digit">
      <div className="controls">
        <NumberField rule={{ label: 'Test image', min: 0, max: 9999, integer: true }} value={url.image} onValue={(image) => setUrl({ image })} />
        <NumberField rule={{ label: 'Output row', min: 0, max: 27, integer: true }} value={url.row} onValue={(r) => setUrl({ row: r })} size={3} />
        <NumberField rule={{ label: 'Output column', min: 0, max: 27, integer: true }} value={url.col} onValue={(c) => setUrl({ col: c })} size={3} />
      </div>
      {error && <div role="alert" className="error-box">{error}</div>}
      {!unrolled && !error && <p className="muted">Loading a test image and LeNet-5's filters from the worker…</p>}
      {unrolled && (
        <>
          <p>
            The 28×28 image becomes a matrix of <strong data-testid="ic-rows" data-value={unrolled.u.rows}>{formatInt(unrolled.u.rows)}</strong> rows (one per output pixel)
            {' '}× <strong data-testid="ic-cols" data-value={unrolled.u.cols}>{unrolled.u.cols}</strong> columns (one per kernel tap): {formatInt(unrolled.u.matrix.length)} numbers for 784 pixels.
            Below, each column of the picture is one row of the matrix; the red one is output pixel ({url.row}, {url.col}).
          </p>
          <canvas ref={canvas} width={unrolled.u.rows} height={unrolled.u.cols} className="prune-canvas" style={{ width: '100%', height: '6rem' }}
            role="img" aria-label={`The im2col matrix of test image ${url.image}: ${unrolled.u.rows} rows of 25 pixel values, drawn as columns`} />
          {row && <MatrixView name={`Row ${url.row * 28 + url.col}: the 5×5 receptive field of output pixel (${url.row}, ${url.col}), zeros outside the image`} rows={[0, 1, 2, 3, 4].map((r) => Array.from(row.subarray(r * 5, r * 5 + 5)))} digits={2} />}
          <p role="status">
            One product of this matrix with the 25×6 kernel (plus bias and ReLU) gives all 784×6 outputs of conv1. Largest difference from tfjs's conv2d in the worker:{' '}
            {difference === undefined ? <span className="muted">waiting for the worker…</span> : <strong data-testid="ic-difference" data-value={difference}>{difference.toExponential(2)}</strong>}.
          </p>
        </>
      )}
      <table className="lowrank-table" data-testid="ic-growth">
        <caption>Memory of the im2col matrix against the layer's input, for the zoo's convolutions</caption>
        <thead><tr><th scope="col">layer</th><th scope="col">input</th><th scope="col">matrix</th><th scope="col">growth</th></tr></thead>
        <tbody>
          {growth.map((g) => (
            <tr key={g.name}><td>{g.name}</td><td>{g.input.join('×')}</td><td>{formatInt(g.rows)}×{g.cols}</td><td data-value={g.ratio}>{g.ratio.toFixed(2)}×</td></tr>
          ))}
        </tbody>
      </table>
    </LiveWidget>
  );
}
