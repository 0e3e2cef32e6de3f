import { useId, useMemo } from 'react';
import { layerCost, type LayerCost, type LayerSpec } from '../../engine';
import { Tex } from '../lesson';
import { param, useUrlState } from '../urlState';
import { formatBytes, formatCount, formatIntensity, formatShape } from './format';
import './cost.css';

const KINDS = ['dense', 'conv2d', 'depthwise', 'grouped', 'pointwise', 'maxpool', 'relu'] as const;
type CalcKind = (typeof KINDS)[number];
const PRECISIONS = ['fp32', 'fp16', 'int8'] as const;
const BYTES = { fp32: 4, fp16: 2, int8: 1 } as const;

const KIND_LABELS: Record<CalcKind, string> = {
  dense: 'Linear (dense)', conv2d: 'Standard convolution', depthwise: 'Depthwise convolution', grouped: 'Group convolution',
  pointwise: 'Pointwise (1×1) convolution', maxpool: 'Max pooling', relu: 'ReLU',
};

// Sizes are kept as the text the reader typed, so a bad value stays visible with its message.
const schema = {
  kind: param.oneOf(KINDS, 'conv2d'),
  precision: param.oneOf(PRECISIONS, 'fp32'),
  batch: param.string('1'),
  inputs: param.string('784'),
  units: param.string('300'),
  h: param.string('28'),
  w: param.string('28'),
  cin: param.string('16'),
  cout: param.string('32'),
  k: param.string('3'),
  s: param.string('1'),
  g: param.string('4'),
  pad: param.oneOf(['valid', 'same'] as const, 'same'),
  n: param.string('4096'),
};
type State = { [K in keyof typeof schema]: (typeof schema)[K]['default'] };
type SizeField = 'batch' | 'inputs' | 'units' | 'h' | 'w' | 'cin' | 'cout' | 'k' | 's' | 'g' | 'n';

const FIELD_LABELS: Record<SizeField, string> = {
  batch: 'Batch size B', inputs: 'Inputs n_in', units: 'Outputs n_out', h: 'Height H', w: 'Width W', cin: 'Input channels C_in',
  cout: 'Output channels C_out', k: 'Kernel k (k×k)', s: 'Stride', g: 'Groups G', n: 'Elements',
};

const FIELDS: Record<CalcKind, SizeField[]> = {
  dense: ['inputs', 'units', 'batch'],
  conv2d: ['h', 'w', 'cin', 'cout', 'k', 's', 'batch'],
  depthwise: ['h', 'w', 'cin', 'k', 's', 'batch'],
  grouped: ['h', 'w', 'cin', 'cout', 'k', 's', 'g', 'batch'],
  pointwise: ['h', 'w', 'cin', 'cout', 'batch'],
  maxpool: ['h', 'w', 'cin', 'k', 's', 'batch'],
  relu: ['n', 'batch'],
};

/** Numbers as typed: NaN for anything that is not a number, so the engine names the problem. */
const num = (text: string) => (text.trim() === '' ? NaN : Number(text));

/** The engine's spec for the calculator's state. */
function specOf(s: State): LayerSpec {
  const image: [number, number, number] = [num(s.h), num(s.w), num(s.cin)];
  const k: [number, number] = [num(s.k), num(s.k)];
  const strides: [number, number] = [num(s.s), num(s.s)];
  switch (s.kind) {
    case 'dense': return { kind: 'dense', inputs: num(s.inputs), units: num(s.units) };
    case 'conv2d': return { kind: 'conv2d', inputShape: image, filters: num(s.cout), kernelSize: k, strides, padding: s.pad };
    case 'depthwise': return { kind: 'conv2d', inputShape: image, filters: num(s.cin), groups: num(s.cin), kernelSize: k, strides, padding: s.pad };
    case 'grouped': return { kind: 'conv2d', inputShape: image, filters: num(s.cout), groups: num(s.g), kernelSize: k, strides, padding: s.pad };
    case 'pointwise': return { kind: 'conv2d', inputShape: image, filters: num(s.cout), kernelSize: [1, 1] };
    case 'maxpool': return { kind: 'maxpool', inputShape: image, poolSize: k, strides, padding: s.pad };
    case 'relu': return { kind: 'relu', inputShape: [num(s.n)] };
  }
}

const n = (x: number | string) => (typeof x === 'number' ? formatCount(x).replace(/,/g, '{,}') : x);

/** TeX lines: each formula in symbols, then with the reader's numbers, then the result. */
function formulas(s: State, c: LayerCost): string[] {
  const B = num(s.batch);
  const [ho, wo] = c.outputShape;
  const bpe = BYTES[s.precision];
  const bytesLine = `\\text{bytes} = b\\,(\\text{params} + B\\,(\\text{in} + \\text{out})) = ${bpe}\\cdot(${n(c.params)} + ${n(B)}\\cdot(${n(c.inputElements)} + ${n(c.outputElements)})) = ${n(c.bytes)}`;
  const flopsLine = `\\text{FLOPs} = 2\\cdot\\text{MACs} = ${n(c.flops)}`;
  const intensity = `I = \\text{FLOPs}/\\text{bytes} = ${formatIntensity(c.intensity)}\\ \\text{FLOP/B}`;
  const conv = (cinPerGroup: string, cinValue: number | string, cout: number | string, k: number | string) => [
    `H_\\text{out} \\times W_\\text{out} = ${ho} \\times ${wo}`,
    `\\text{params} = k_h k_w \\, ${cinPerGroup} \\, C_\\text{out} + C_\\text{out} = ${n(k)}\\cdot${n(k)}\\cdot${cinValue}\\cdot${n(cout)} + ${n(cout)} = ${n(c.params)}`,
    `\\text{MACs} = B \\, H_\\text{out} W_\\text{out} \\, k_h k_w \\, ${cinPerGroup} \\, C_\\text{out} = ${n(B)}\\cdot${n(ho)}\\cdot${n(wo)}\\cdot${n(k)}\\cdot${n(k)}\\cdot${cinValue}\\cdot${n(cout)} = ${n(c.macs)}`,
    flopsLine, bytesLine, intensity,
  ];
  switch (s.kind) {
    case 'dense': return [
      `\\text{params} = n_\\text{in} n_\\text{out} + n_\\text{out} = ${n(num(s.inputs))}\\cdot${n(num(s.units))} + ${n(num(s.units))} = ${n(c.params)}`,
      `\\text{MACs} = B \\, n_\\text{in} n_\\text{out} = ${n(B)}\\cdot${n(num(s.inputs))}\\cdot${n(num(s.units))} = ${n(c.macs)}`,
      flopsLine, bytesLine, intensity,
    ];
    case 'conv2d': return conv('C_\\text{in}', n(num(s.cin)), num(s.cout), num(s.k));
    case 'depthwise': return conv('\\cdot 1 \\cdot', '1', num(s.cin), num(s.k)).map((line) => line.replace(/C_\\text\{out\}/g, 'C'));
    case 'grouped': return conv('\\tfrac{C_\\text{in}}{G}', `\\tfrac{${n(num(s.cin))}}{${n(num(s.g))}}`, num(s.cout), num(s.k));
    case 'pointwise': return conv('C_\\text{in}', n(num(s.cin)), num(s.cout), 1);
    case 'maxpool': return [
      `H_\\text{out} \\times W_\\text{out} = ${ho} \\times ${wo}`,
      `\\text{params}=0,\\quad \\text{MACs}=0`,
      `\\text{FLOPs} = B \\, H_\\text{out} W_\\text{out} \\, C \\, k^2 = ${n(B)}\\cdot${n(ho)}\\cdot${n(wo)}\\cdot${n(num(s.cin))}\\cdot${n(num(s.k))}^2 = ${n(c.flops)}`,
      bytesLine, intensity,
    ];
    case 'relu': return [
      `\\text{params}=0,\\quad \\text{MACs}=0`,
      `\\text{FLOPs} = B \\cdot N = ${n(B)}\\cdot${n(num(s.n))} = ${n(c.flops)}`,
      bytesLine, intensity,
    ];
  }
}

/** "a = b = c" as aligned steps, one per line, so long substitutions fit a phone screen. */
function aligned(line: string): string {
  const [lhs, ...steps] = line.split(' = ');
  return `\\begin{aligned} ${lhs} &= ${steps.join(' \\\\ &= ')} \\end{aligned}`;
}

/** Pick a layer and its sizes; see each formula with the numbers put in, and the result. */
export function LayerCalculator() {
  const [state, set] = useUrlState('calc', schema);
  const id = useId();
  const result = useMemo(() => {
    try {
      const cost = layerCost(specOf(state), { batch: num(state.batch), bytesPerElement: BYTES[state.precision] });
      return { cost, lines: formulas(state, cost) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }, [state]);
  const usesPadding = ['conv2d', 'depthwise', 'grouped', 'maxpool'].includes(state.kind);

  return (
    <section className="widget cost-widget" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Layer calculator</h3>
      <div className="controls">
        <label htmlFor={`${id}-kind`}>
          Layer
          <select id={`${id}-kind`} value={state.kind} onChange={(e) => set({ kind: e.target.value as CalcKind })}>
            {KINDS.map((k) => <option key={k} value={k}>{KIND_LABELS[k]}</option>)}
          </select>
        </label>
        <label htmlFor={`${id}-precision`}>
          Number format
          <select id={`${id}-precision`} value={state.precision} onChange={(e) => set({ precision: e.target.value as State['precision'] })}>
            {PRECISIONS.map((p) => <option key={p} value={p}>{p} ({BYTES[p]} byte{BYTES[p] > 1 ? 's' : ''})</option>)}
          </select>
        </label>
        {usesPadding && (
          <label htmlFor={`${id}-pad`}>
            Padding
            <select id={`${id}-pad`} value={state.pad} onChange={(e) => set({ pad: e.target.value as State['pad'] })}>
              <option value="same">same</option>
              <option value="valid">valid</option>
            </select>
          </label>
        )}
      </div>
      <div className="controls">
        {FIELDS[state.kind].map((field) => (
          <label key={field} htmlFor={`${id}-${field}`}>
            {FIELD_LABELS[field]}
            <input id={`${id}-${field}`} className="cost-size" type="text" inputMode="numeric" value={state[field]}
              aria-invalid={'error' in result} onChange={(e) => set({ [field]: e.target.value })} />
          </label>
        ))}
      </div>
      {'error' in result ? (
        <div role="alert" className="error-box" data-testid="calc-error">These sizes do not make a valid layer: {result.error}.</div>
      ) : (
        <div aria-live="polite">
          <div className="cost-formulas" tabIndex={0} role="region" aria-label="The formulas with your numbers">
            {result.lines.map((line) => <Tex key={line} display>{aligned(line)}</Tex>)}
          </div>
          <dl className="cost-results" data-testid="calc-results">
            <div><dt>Output shape</dt><dd>{formatShape(result.cost.outputShape)}</dd></div>
            <div><dt>Parameters</dt><dd data-testid="calc-params">{formatCount(result.cost.params)}</dd></div>
            <div><dt>MACs</dt><dd data-testid="calc-macs">{formatCount(result.cost.macs)}</dd></div>
            <div><dt>FLOPs</dt><dd>{formatCount(result.cost.flops)}</dd></div>
            <div><dt>Bytes moved</dt><dd>{formatCount(result.cost.bytes)} ({formatBytes(result.cost.bytes)})</dd></div>
            <div><dt>Intensity</dt><dd data-testid="calc-intensity">{formatIntensity(result.cost.intensity)} FLOP/B</dd></div>
          </dl>
        </div>
      )}
    </section>
  );
}
