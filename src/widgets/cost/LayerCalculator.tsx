import { useId, useMemo, useRef } from 'react';
import { layerCost, type LayerCost, type LayerSpec } from '../../engine';
import { parseField, type FieldRule } from '../input';
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

/** What each size field accepts, read by the shared parser: whole numbers, never clamped. */
const FIELD_RULES: Record<SizeField, FieldRule> = {
  batch: { label: 'Batch size B', min: 1, max: 65_536, integer: true },
  inputs: { label: 'Inputs n_in', min: 1, max: 1_000_000, integer: true },
  units: { label: 'Outputs n_out', min: 1, max: 1_000_000, integer: true },
  h: { label: 'Height H', min: 1, max: 16_384, integer: true },
  w: { label: 'Width W', min: 1, max: 16_384, integer: true },
  cin: { label: 'Input channels C_in', min: 1, max: 65_536, integer: true },
  cout: { label: 'Output channels C_out', min: 1, max: 65_536, integer: true },
  k: { label: 'Kernel k (k×k)', min: 1, max: 1024, integer: true },
  s: { label: 'Stride', min: 1, max: 1024, integer: true },
  g: { label: 'Groups G', min: 1, max: 65_536, integer: true },
  n: { label: 'Elements', min: 1, max: 1_000_000_000, integer: true },
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

/** The sizes of the fields `kind` uses, each read by parseField; or the messages of those that are not allowed values. */
function readSizes(s: State): { sizes: Record<SizeField, number> } | { errors: string[] } {
  const sizes = {} as Record<SizeField, number>;
  const errors: string[] = [];
  for (const field of FIELDS[s.kind]) {
    const parsed = parseField(s[field], FIELD_RULES[field]);
    if (parsed.ok) sizes[field] = parsed.value;
    else errors.push(parsed.message);
  }
  return errors.length ? { errors } : { sizes };
}

/** The engine's spec for the calculator's state, whose fields `readSizes` accepted. */
function specOf(s: State, v: Record<SizeField, number>): LayerSpec {
  const num = (field: SizeField) => v[field];
  const image: [number, number, number] = [num('h'), num('w'), num('cin')];
  const k: [number, number] = [num('k'), num('k')];
  const strides: [number, number] = [num('s'), num('s')];
  switch (s.kind) {
    case 'dense': return { kind: 'dense', inputs: num('inputs'), units: num('units') };
    case 'conv2d': return { kind: 'conv2d', inputShape: image, filters: num('cout'), kernelSize: k, strides, padding: s.pad };
    case 'depthwise': return { kind: 'conv2d', inputShape: image, filters: num('cin'), groups: num('cin'), kernelSize: k, strides, padding: s.pad };
    case 'grouped': return { kind: 'conv2d', inputShape: image, filters: num('cout'), groups: num('g'), kernelSize: k, strides, padding: s.pad };
    case 'pointwise': return { kind: 'conv2d', inputShape: image, filters: num('cout'), kernelSize: [1, 1] };
    case 'maxpool': return { kind: 'maxpool', inputShape: image, poolSize: k, strides, padding: s.pad };
    case 'relu': return { kind: 'relu', inputShape: [num('n')] };
  }
}

const n = (x: number | string) => (typeof x === 'number' ? formatCount(x).replace(/,/g, '{,}') : x);

/** TeX lines: each formula in symbols, then with the reader's numbers, then the result. */
function formulas(s: State, v: Record<SizeField, number>, c: LayerCost): string[] {
  const num = (field: SizeField) => v[field];
  const B = num('batch');
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
      `\\text{params} = n_\\text{in} n_\\text{out} + n_\\text{out} = ${n(num('inputs'))}\\cdot${n(num('units'))} + ${n(num('units'))} = ${n(c.params)}`,
      `\\text{MACs} = B \\, n_\\text{in} n_\\text{out} = ${n(B)}\\cdot${n(num('inputs'))}\\cdot${n(num('units'))} = ${n(c.macs)}`,
      flopsLine, bytesLine, intensity,
    ];
    case 'conv2d': return conv('C_\\text{in}', n(num('cin')), num('cout'), num('k'));
    case 'depthwise': return conv('\\cdot 1 \\cdot', '1', num('cin'), num('k')).map((line) => line.replace(/C_\\text\{out\}/g, 'C'));
    case 'grouped': return conv('\\tfrac{C_\\text{in}}{G}', `\\tfrac{${n(num('cin'))}}{${n(num('g'))}}`, num('cout'), num('k'));
    case 'pointwise': return conv('C_\\text{in}', n(num('cin')), num('cout'), 1);
    case 'maxpool': return [
      `H_\\text{out} \\times W_\\text{out} = ${ho} \\times ${wo}`,
      `\\text{params}=0,\\quad \\text{MACs}=0`,
      `\\text{FLOPs} = B \\, H_\\text{out} W_\\text{out} \\, C \\, k^2 = ${n(B)}\\cdot${n(ho)}\\cdot${n(wo)}\\cdot${n(num('cin'))}\\cdot${n(num('k'))}^2 = ${n(c.flops)}`,
      bytesLine, intensity,
    ];
    case 'relu': return [
      `\\text{params}=0,\\quad \\text{MACs}=0`,
      `\\text{FLOPs} = B \\cdot N = ${n(B)}\\cdot${n(num('n'))} = ${n(c.flops)}`,
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
  const read = useMemo(() => readSizes(state), [state]);
  type Computed = { cost: LayerCost; lines: string[] } | { error: string };
  const computed = useMemo((): Computed | null => {
    if ('errors' in read) return null;
    try {
      const cost = layerCost(specOf(state, read.sizes), { batch: read.sizes.batch, bytesPerElement: BYTES[state.precision] });
      return { cost, lines: formulas(state, read.sizes, cost) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }, [state, read]);
  // While a field is not an allowed value, the last layer that was computed stays on screen.
  const lastGood = useRef<{ cost: LayerCost; lines: string[] } | null>(null);
  if (computed && 'cost' in computed) lastGood.current = computed;
  const shown: Computed | null = computed && 'error' in computed ? computed : lastGood.current;
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
          <label key={field} htmlFor={`${id}-field-${field}`}>
            {FIELD_RULES[field].label}
            <input id={`${id}-field-${field}`} className="cost-size" type="text" inputMode="numeric" value={state[field]}
              aria-invalid={!parseField(state[field], FIELD_RULES[field]).ok} onChange={(e) => set({ [field]: e.target.value })} />
          </label>
        ))}
      </div>
      {'errors' in read && read.errors.map((m) => <p key={m} role="alert" className="cost-message" data-testid="calc-field-error">{m}</p>)}
      {shown && 'error' in shown && (
        <div role="alert" className="error-box" data-testid="calc-error">These sizes do not make a valid layer: {shown.error}.</div>
      )}
      {shown && 'cost' in shown && (
        <div aria-live="polite">
          <div className="cost-formulas" tabIndex={0} role="region" aria-label="The formulas with your numbers">
            {shown.lines.map((line) => <Tex key={line} display>{aligned(line)}</Tex>)}
          </div>
          <dl className="cost-results" data-testid="calc-results">
            <div><dt>Output shape</dt><dd>{formatShape(shown.cost.outputShape)}</dd></div>
            <div><dt>Parameters</dt><dd data-testid="calc-params">{formatCount(shown.cost.params)}</dd></div>
            <div><dt>MACs</dt><dd data-testid="calc-macs">{formatCount(shown.cost.macs)}</dd></div>
            <div><dt>FLOPs</dt><dd>{formatCount(shown.cost.flops)}</dd></div>
            <div><dt>Bytes moved</dt><dd>{formatCount(shown.cost.bytes)} ({formatBytes(shown.cost.bytes)})</dd></div>
            <div><dt>Intensity</dt><dd data-testid="calc-intensity">{formatIntensity(shown.cost.intensity)} FLOP/B</dd></div>
          </dl>
        </div>
      )}
    </section>
  );
}
