import { scaleLinear } from 'd3';
import { useId, type KeyboardEvent } from 'react';
import { getFormat, numberLine, type FormatName } from '../../engine';
import { FORMAT_LABEL, formatQuantity, storedText } from './display';
import { useWidth } from './useWidth';

interface Props {
  name: FormatName;
  bits: bigint;
  /** The number the reader typed (rounded to `bits`), drawn where it falls. */
  typed?: number;
  /** Steps to the next value down (−1) or up (+1), from the arrow keys. */
  onStep: (direction: -1 | 1) => void;
}

const PAD = 14;
const BINADE_Y = 34;
const ZOOM_Y = 118;
const HEIGHT = 160;

/**
 * The stored value on two number lines, as float.exposed draws it: above, its place in its binade
 * (the values from one power of two to the next, all equally spaced); below, zoomed in, its two
 * neighbours, the half-gaps within which every number rounds to it, and where the typed number fell.
 * The line is a slider: the arrow keys step to the neighbouring values.
 */
export function NumberLine({ name, bits, typed, onStep }: Props) {
  const line = numberLine(name, bits, typed);
  const [box, width] = useWidth<HTMLDivElement>(640);
  const ids = { heading: useId(), facts: useId() };
  if (!line) return null;
  const { stored, below, above, gapBelow, gapAbove, binade, typedOffset } = line;
  const format = getFormat(name);
  const left = below ?? stored - (gapAbove ?? 1);
  const right = above !== undefined && Number.isFinite(above) ? above : stored + (gapBelow ?? 1);
  const zoom = scaleLinear().domain([left, right]).range([PAD, width - PAD]);
  const whole = binade && scaleLinear().domain([binade.lo, binade.hi]).range([PAD, width - PAD]);
  const drawTyped = typed !== undefined && typedOffset !== undefined && typed !== stored;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = ({ ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1 } as const)[e.key as 'ArrowLeft'];
    if (step === undefined) return;
    e.preventDefault();
    if ((step < 0 ? below : above) !== undefined) onStep(step);
  };

  const valueText = `${storedText(stored)}, between ${below === undefined ? 'the lower end of the format' : storedText(below)} and ${above === undefined ? 'the upper end of the format' : storedText(above)}`;
  return (
    <section className="number-line" aria-labelledby={ids.heading}>
      <h4 id={ids.heading}>On the number line</h4>
      <div
        ref={box} className="number-line-plot" role="slider" tabIndex={0}
        aria-label={`The stored ${FORMAT_LABEL[name]} value between its neighbours; arrow keys step to the next value`}
        aria-valuemin={binade ? binade.lo : format.kind === 'int' ? format.min : left}
        aria-valuemax={binade ? binade.hi : format.kind === 'int' ? format.max : right}
        aria-valuenow={stored} aria-valuetext={valueText} aria-describedby={ids.facts}
        onKeyDown={onKeyDown}
      >
        <svg width={width} height={HEIGHT} aria-hidden="true">
          {whole && binade && (
            <g className="nl-binade">
              <text x={PAD} y={BINADE_Y - 14}>{formatQuantity(binade.lo)}</text>
              <text x={width - PAD} y={BINADE_Y - 14} textAnchor="end">{formatQuantity(binade.hi)}</text>
              <text x={width / 2} y={BINADE_Y - 14} textAnchor="middle" className="nl-caption">{binade.exponent === undefined ? 'subnormals' : 'binade'}</text>
              <line x1={PAD} x2={width - PAD} y1={BINADE_Y} y2={BINADE_Y} />
              {binade.count <= 64 && Array.from({ length: binade.count }, (_, i) => whole(binade.lo < 0 ? binade.hi - i * binade.spacing : binade.lo + i * binade.spacing)).map((px, i) => (
                <line key={i} className="nl-minor" x1={px} x2={px} y1={BINADE_Y - 4} y2={BINADE_Y + 4} />
              ))}
              <path className="nl-stored" d={`M${whole(stored)},${BINADE_Y - 2}l-6,-9h12z`} />
              <line className="nl-zoom" x1={whole(stored)} x2={PAD} y1={BINADE_Y + 2} y2={ZOOM_Y - 26} />
              <line className="nl-zoom" x1={whole(stored)} x2={width - PAD} y1={BINADE_Y + 2} y2={ZOOM_Y - 26} />
            </g>
          )}
          <g className="nl-near">
            <rect className="nl-rounds-here" x={zoom(stored - (gapBelow ?? 0) / 2)} width={zoom(stored + (gapAbove ?? 0) / 2) - zoom(stored - (gapBelow ?? 0) / 2)} y={ZOOM_Y - 7} height={14} />
            <line x1={PAD} x2={width - PAD} y1={ZOOM_Y} y2={ZOOM_Y} />
            {below !== undefined && <Tick x={zoom(below)} label="next lower" anchor="start" />}
            <Tick x={zoom(stored)} label="stored" anchor="middle" main />
            {above !== undefined && Number.isFinite(above) && <Tick x={zoom(above)} label="next higher" anchor="end" />}
            {above === Infinity && <text x={width - PAD} y={ZOOM_Y - 16} textAnchor="end">next: +∞ →</text>}
            {drawTyped && <path className="nl-typed" d={`M${zoom(typed)},${ZOOM_Y + 10}l6,8l-6,8l-6,-8z`} />}
            {drawTyped && <text x={zoom(typed)} y={ZOOM_Y + 40} textAnchor={zoom(typed) < width / 2 ? 'start' : 'end'}>typed</text>}
          </g>
        </svg>
      </div>
      <dl className="readout" id={ids.facts}>
        {binade && (
          <div className="readout-row">
            <dt>{binade.exponent === undefined ? 'Subnormal range' : 'Binade'}</dt>
            <dd className="num" data-testid="binade">
              [{formatQuantity(binade.lo)}, {formatQuantity(binade.hi)}): {binade.count.toLocaleString('en-US')} values
            </dd>
          </div>
        )}
        <div className="readout-row">
          <dt>Spacing (ulp)</dt>
          <dd className="num" data-testid="spacing">
            {gapBelow !== undefined && gapAbove !== undefined && gapBelow !== gapAbove
              ? `${formatQuantity(gapBelow)} below, ${formatQuantity(gapAbove)} above`
              : formatQuantity(gapAbove ?? gapBelow ?? NaN)}
          </dd>
        </div>
        {typed !== undefined && typedOffset !== undefined && (
          <div className="readout-row">
            <dt>Typed value</dt>
            <dd data-testid="typed-position">
              {typedOffset === 0 ? 'stored exactly' : `${formatQuantity(Math.abs(typedOffset))} of a gap ${typedOffset > 0 ? 'above' : 'below'} the stored value`}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function Tick({ x, label, anchor, main = false }: { x: number; label: string; anchor: 'start' | 'middle' | 'end'; main?: boolean }) {
  return (
    <g className={main ? 'nl-tick main' : 'nl-tick'}>
      <line x1={x} x2={x} y1={ZOOM_Y - 12} y2={ZOOM_Y + 12} />
      <text x={x} y={ZOOM_Y - 18} textAnchor={anchor}>{label}</text>
    </g>
  );
}
