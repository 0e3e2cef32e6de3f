import { useId, useMemo } from 'react';
import { castTensor, directConv3x3, winogradConv2d, winogradTile, type Rounder, type WinogradTile } from '../../engine';
import { NumberField } from '../input';
import { LiveWidget } from '../live/LiveWidget';
import { param, useUrlState } from '../urlState';
import { MatrixView } from './MatrixView';
import { kernelOf, useConvSample } from './useConvSample';
import './lowrank.css';

const STEPS = [
  { name: 'input tile d and filter g', short: 'd, g' },
  { name: 'data transform V = Bᵀ d B', short: 'V' },
  { name: 'filter transform U = G g Gᵀ', short: 'U' },
  { name: 'element-wise product M = U ⊙ V', short: 'M' },
  { name: 'output transform Y = Aᵀ M A', short: 'Y' },
] as const;

const fp16: Rounder = (x) => castTensor([x], 'fp16')[0];
const float32: Rounder = Math.fround;

const schema = {
  m: param.oneOf(['2', '4'] as const, '2'),
  image: param.number(0),
  row: param.number(10),
  col: param.number(10),
  filter: param.number(0),
  step: param.integer(0, 0, STEPS.length - 1),
};

const worst = (a: number[][], b: Float64Array) => a.flat().reduce((t, v, i) => Math.max(t, Math.abs(v - b[i])), 0);

/**
 * Winograd's F(m×m, 3×3) on a real (m+2)×(m+2) patch of an MNIST test digit and a real 3×3
 * filter (the stem of the zoo's depthwise-separable net), step by step: the data and filter
 * transforms, the (m+2)² element-wise products and the output transform, against the 9m² of the
 * direct loop; with the largest difference from the exact result when every step is rounded to
 * float32 and to fp16.
 * URL state: `wg.m` (2 | 4), `wg.image`, `wg.row`, `wg.col` (top-left of the patch), `wg.filter`, `wg.step`.
 */
export function WinogradStepper({ id = 'wg' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const m = Number(url.m) as WinogradTile;
  const t = m + 2;
  const ids = { m: useId() };
  const imageOk = Number.isInteger(url.image) && url.image >= 0 && url.image < 10000;
  const { sample, error } = useConvSample('dsconv', imageOk ? url.image : 0);
  const place = (v: number) => Number.isInteger(v) && v >= 0 && v <= 28 - t;
  const filterOk = Number.isInteger(url.filter) && url.filter >= 0 && url.filter < 16;
  const ok = imageOk && place(url.row) && place(url.col) && filterOk;

  const result = useMemo(() => {
    if (!sample || !ok) return undefined;
    const kernel = kernelOf(sample.layers, 'stem');
    if (!kernel) return undefined;
    const filters = kernel.shape[3];
    const g = [0, 1, 2].map((r) => [0, 1, 2].map((c) => kernel.values[(r * 3 + c) * filters + url.filter]));
    const d = Array.from({ length: t }, (_, r) => Array.from({ length: t }, (_, c) => sample.pixels[(url.row + r) * 28 + url.col + c] / 255));
    const exact = directConv3x3(d.flat(), t, t, g.flat());
    const steps32 = winogradTile(d, g, m, float32);
    const steps16 = winogradTile(d, g, m, fp16);
    // The whole digit, tile by tile, for both tile sizes: one tile is too few outputs to compare.
    const image = Float64Array.from(sample.pixels, (p) => p / 255);
    const imageExact = directConv3x3(image, 28, 28, g.flat());
    const imageError = (tile: WinogradTile) => winogradConv2d(image, 28, 28, g.flat(), tile, fp16).output.reduce((w, v, i) => Math.max(w, Math.abs(v - imageExact[i])), 0);
    return { d, g, exact, steps: steps32, imageError16: { 2: imageError(2), 4: imageError(4) }, error32: worst(steps32.Y, exact), error16: worst(steps16.Y, exact), direct16: worst([Array.from(directConv3x3(d.flat(), t, t, g.flat(), fp16))], exact) };
  }, [sample, ok, url.row, url.col, url.filter, m, t]);

  const step = url.step;
  return (
    <LiveWidget title="Winograd stepper">
      <div className="controls">
        <label htmlFor={ids.m}>Tile
          <select id={ids.m} value={url.m} onChange={(e) => setUrl({ m: e.target.value as '2' | '4' })}>
            <option value="2">F(2×2, 3×3): 4×4 input tile</option>
            <option value="4">F(4×4, 3×3): 6×6 input tile</option>
          </select>
        </label>
        <NumberField rule={{ label: 'Test image', min: 0, max: 9999, integer: true }} value={url.image} onValue={(image) => setUrl({ image })} />
        <NumberField rule={{ label: 'Patch row', min: 0, max: 28 - t, integer: true }} value={url.row} onValue={(row) => setUrl({ row })} size={3} />
        <NumberField rule={{ label: 'Patch column', min: 0, max: 28 - t, integer: true }} value={url.col} onValue={(col) => setUrl({ col })} size={3} />
        <NumberField rule={{ label: 'Stem filter', min: 0, max: 15, integer: true }} value={url.filter} onValue={(filter) => setUrl({ filter })} size={3} />
      </div>
      <div className="controls" role="group" aria-label="Steps">
        <button type="button" disabled={step === 0} onClick={() => setUrl({ step: step - 1 })}>Previous step</button>
        <span data-testid="wg-step" data-value={step}>Step {step + 1} of {STEPS.length}: {STEPS[step].name}</span>
        <button type="button" disabled={step === STEPS.length - 1} onClick={() => setUrl({ step: step + 1 })}>Next step</button>
      </div>
      {error && <div role="alert" className="error-box">{error}</div>}
      {!result && !error && <p className="muted">Loading a test image and the filters from the worker…</p>}
      {result && (
        <>
          <div className="prune-pictures">
            <MatrixView name={`d: ${t}×${t} patch of test image ${url.image} (a ${sample!.label}), rows ${url.row}–${url.row + t - 1}`} rows={result.d} active={step === 0} />
            <MatrixView name={`g: stem filter ${url.filter}`} rows={result.g} active={step === 0} />
            {step >= 1 && <MatrixView name="V = Bᵀ d B" rows={result.steps.V} active={step === 1} />}
            {step >= 2 && <MatrixView name="U = G g Gᵀ" rows={result.steps.U} active={step === 2} />}
            {step >= 3 && <MatrixView name={`M = U ⊙ V (${t * t} multiplications)`} rows={result.steps.M} active={step === 3} testId="wg-products" />}
            {step >= 4 && <MatrixView name={`Y = Aᵀ M A (${m}×${m} outputs)`} rows={result.steps.Y} active={step === 4} testId="wg-output" />}
            {step >= 4 && <MatrixView name="direct loop, exact" rows={Array.from({ length: m }, (_, r) => Array.from(result.exact.subarray(r * m, r * m + m)))} />}
          </div>
          <p role="status">
            Multiplications for these {m * m} outputs: direct loop <strong data-testid="wg-direct-mults" data-value={9 * m * m}>{9 * m * m}</strong>,
            Winograd <strong data-testid="wg-mults" data-value={t * t}>{t * t}</strong> (<span data-testid="wg-saving">{((9 * m * m) / (t * t)).toFixed(2)}×</span> fewer).
            The transforms of d and of the output cost additions only (and multiplications by constants that a real implementation folds into
            shifts or precomputes); G g Gᵀ is computed once per filter.
          </p>
          <p>
            Largest difference from the exact output with every step rounded to float32: <strong data-testid="wg-error32" data-value={result.error32}>{result.error32.toExponential(2)}</strong>;
            {' '}to fp16: <strong data-testid="wg-error16" data-value={result.error16}>{result.error16.toExponential(2)}</strong>
            {' '}(the direct loop in fp16: {result.direct16.toExponential(2)}).
            {' '}Over the whole digit in fp16, the largest difference is <strong data-testid="wg-image-error16-2" data-value={result.imageError16[2]}>{result.imageError16[2].toExponential(2)}</strong> with
            {' '}F(2×2, 3×3) and <strong data-testid="wg-image-error16-4" data-value={result.imageError16[4]}>{result.imageError16[4].toExponential(2)}</strong> with F(4×4, 3×3).
          </p>
        </>
      )}
    </LiveWidget>
  );
}
