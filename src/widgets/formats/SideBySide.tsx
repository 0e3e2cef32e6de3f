import { useId, useMemo } from 'react';
import { decode, echoTyped, encode, getFormat, parseNumber, roundingError, type FormatName } from '../../engine';
import { parseField, type FieldRule } from '../input';
import { param, useUrlState } from '../urlState';
import { FORMAT_LABEL, formatQuantity, formatRelative, patternLabel } from './display';
import { StoredValue } from './StoredValue';
import { PatternBits } from './PatternBits';
import { useBoxText } from './textParam';
import './formats.css';

const FLOATS: readonly FormatName[] = ['fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8e4m3', 'fp8e5m2'];
/** Integer rows, each storing round(x / scale) · scale. */
const INTEGERS: readonly FormatName[] = ['int8', 'uint16'];
const SCALE_RULE: FieldRule = { label: 'Integer scale', min: 1e-6, max: 1e6 };

interface Row {
  label: string;
  name: FormatName;
  bits?: bigint;
  stored?: number;
  absolute?: number;
  relative?: number;
  flag?: string;
  detail?: string;
}

/** One number stored in each format at once (fp64, the floats below it, int8 and uint16 with a scale), with what each keeps and loses. */
export function SideBySide({ urlKey = 'sbs', value = '0.1', scale = '0.01' }: { urlKey?: string; value?: string; scale?: string }) {
  const schema = useMemo(() => ({ x: param.string(value), scale: param.string(scale) }), [value, scale]);
  const [state, update] = useUrlState(urlKey, schema);
  const [xText, setXText] = useBoxText(state.x);
  const [scaleText, setScaleText] = useBoxText(state.scale);
  const ids = { title: useId(), x: useId(), scale: useId() };

  const x = parseNumber(state.x);
  const s = parseField(state.scale, SCALE_RULE);
  const scaleError = s.ok ? undefined : s.message;
  const rows = x.ok ? [...FLOATS.map((name) => floatRow(name, x.value)), ...INTEGERS.map((name) => intRow(name, x.value, s.ok ? s.value : undefined))]
    // A decimal beyond fp64 itself has no computable error: show none rather than a false 0.
    .map((r) => (x.beyondDouble ? { ...r, absolute: undefined, relative: undefined } : r)) : [];

  return (
    <section className="widget side-by-side" aria-labelledby={ids.title}>
      <h3 id={ids.title}>Side by side</h3>
      <div className="controls">
        <label htmlFor={ids.x}>
          Number
          <input id={ids.x} className="num" type="text" inputMode="decimal" spellCheck={false} autoComplete="off" value={xText}
            onChange={(e) => { setXText(e.target.value); update({ x: e.target.value }); }} />
        </label>
        <label htmlFor={ids.scale}>
          Integer scale
          <input id={ids.scale} className="num" type="text" inputMode="decimal" spellCheck={false} autoComplete="off" value={scaleText}
            onChange={(e) => { setScaleText(e.target.value); update({ scale: e.target.value }); }} />
        </label>
      </div>
      <div role="alert">
        {!x.ok && <p className="error-box">{x.message}</p>}
        {scaleError && <p className="error-box">{scaleError}</p>}
        {x.ok && x.beyondDouble && (
          <p className="note">
            {echoTyped(state.x)} is {x.beyondDouble === 'overflow' ? 'too large even for fp64, so it reads as ∞' : 'closer to 0 than even fp64’s smallest subnormal, so it reads as 0'};
            its rounding errors are not shown.
          </p>
        )}
      </div>
      {rows.length > 0 && (
        <table className="side-table">
          <caption className="muted">{echoTyped(state.x)} stored in {rows.length} formats (the integers as round(x / scale) · scale)</caption>
          <thead>
            <tr><th scope="col">Format</th><th scope="col">Stored value</th><th scope="col">Pattern</th><th scope="col">Absolute error</th><th scope="col">Relative error</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name} data-format={r.name}>
                <th scope="row" data-label="Format">{r.label}</th>
                <td data-label="Stored value" className="num">
                  <span>
                    {r.stored === undefined ? '—' : getFormat(r.name).kind === 'int' ? formatQuantity(r.stored) : <StoredValue x={r.stored} />}
                    {r.flag && <> <span className="flag">{r.flag}</span></>}
                    {r.detail && <span className="muted"> {r.detail}</span>}
                  </span>
                </td>
                <td data-label="Pattern" className="num">
                  {r.bits === undefined ? '—' : <span>{patternLabel(r.bits, getFormat(r.name).bits)} <PatternBits name={r.name} bits={r.bits} /></span>}
                </td>
                <td data-label="Absolute error" className="num">{r.absolute === undefined ? '—' : formatQuantity(r.absolute)}</td>
                <td data-label="Relative error" className="num">{r.relative === undefined ? '—' : formatRelative(r.relative)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function floatRow(name: FormatName, x: number): Row {
  const bits = encode(name, x);
  const err = roundingError(name, x);
  const flag = err.overflow ? (Number.isFinite(err.stored) ? 'saturated' : 'overflow') : err.underflowToZero ? 'underflow to 0' : undefined;
  return { label: FORMAT_LABEL[name], name, bits, stored: err.stored, absolute: err.absolute, relative: err.relative, flag };
}

/** An integer format with a scale: q = round(x / scale) saturated to the format's range, stored value q · scale. */
function intRow(name: FormatName, x: number, scale: number | undefined): Row {
  const label = FORMAT_LABEL[name];
  if (scale === undefined) return { label, name, detail: 'needs a valid scale' };
  if (Number.isNaN(x)) return { label, name, detail: `${label} has no NaN` };
  const bits = encode(name, x / scale);
  const q = decode(name, bits);
  const stored = q * scale;
  // A magnitude, as the float rows' errors are.
  const absolute = Math.abs(stored - x);
  return {
    label, name, bits, stored, absolute, relative: x === 0 ? 0 : absolute / Math.abs(x),
    flag: roundingError(name, x / scale).overflow ? 'saturated' : undefined, detail: `(q = ${q})`,
  };
}
