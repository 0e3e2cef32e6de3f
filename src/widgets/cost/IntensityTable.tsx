import { DEVICES, layerCost, roofline, type LayerSpec } from '../../engine';
import { formatIntensity } from './format';
import './cost.css';

/** The lecture's fp16 examples, after NVIDIA's GPU performance guide, computed by the engine. */
const LECTURE_ROWS: { label: string; spec: LayerSpec; batch: number; lecture: string }[] = [
  { label: 'Linear 1024 → 4096, batch 512', spec: { kind: 'dense', inputs: 1024, units: 4096 }, batch: 512, lecture: '315' },
  { label: 'Linear 1024 → 4096, batch 1', spec: { kind: 'dense', inputs: 1024, units: 4096 }, batch: 1, lecture: '1' },
  { label: 'Max pooling 3×3, stride 1, same padding', spec: { kind: 'maxpool', inputShape: [56, 56, 64], poolSize: [3, 3], strides: [1, 1], padding: 'same' }, batch: 1, lecture: '2.25' },
  { label: 'ReLU', spec: { kind: 'relu', inputShape: [4096] }, batch: 1, lecture: '0.25' },
  { label: 'Layer normalisation', spec: { kind: 'layernorm', inputShape: [512, 1024] }, batch: 1, lecture: '< 10' },
];

/** The lecture's table of fp16 intensities on an A100, recomputed, with the bound each one implies. */
export function IntensityTable() {
  const a100 = DEVICES['a100-fp16'];
  return (
    <div className="cost-table-wrap cost-widget" tabIndex={0} role="region" aria-label="Arithmetic intensity of common layers on an A100">
      <table className="cost-table" data-testid="intensity-table">
        <caption className="muted">
          fp16 (2 bytes per number). Ridge of the A100 (312 TFLOP/s, 1,555 GB/s): {formatIntensity(a100.peakFlops / a100.bandwidth)} FLOP/B.
        </caption>
        <thead>
          <tr><th scope="col">Operation</th><th scope="col">Lecture (FLOP/B)</th><th scope="col">Computed (FLOP/B)</th><th scope="col">Time limited by</th></tr>
        </thead>
        <tbody>
          {LECTURE_ROWS.map(({ label, spec, batch, lecture }) => {
            const c = layerCost(spec, { batch, bytesPerElement: 2 });
            const { bound } = roofline(c.intensity, a100.peakFlops, a100.bandwidth);
            return (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="num">{lecture}</td>
                <td className="num">{formatIntensity(c.intensity)}</td>
                <td>{bound === 'memory' ? 'memory access' : 'arithmetic'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
