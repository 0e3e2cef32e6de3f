import { useId, useMemo } from 'react';
import { decode, echoTyped, encode, getFormat, parseNumber, roundingError, type FormatName } from '../../engine';
import { param, useUrlState } from '../urlState';
import { FORMAT_LABEL, formatQuantity, formatRelative, patternLabel } from './display';
import { StoredValue } from './StoredValue';
import { PatternBits } from './PatternBits';
import { useBoxText } from './textParam';
import './formats.css';

const FLOATS: readonly FormatName[] = ['fp32', 'tf32', 'fp16', 'bf16', 'fp8e4m3', 'fp8e5m2'];

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

/** One number stored in each of the smaller formats at once, with what each keeps and loses. */
export function SideBySide({ urlKey = 'sbs', value = '0.1', scale = '0.01' }: { urlKey?: string; value?: string; scale?: string }) {
  const schema = useMemo(() => ({ x: param.string(value), scale: param.string(scale) }), [value, scale]);
  const [state, update] = useUrlState(urlKey, schema);
  const [xText, setXText] = useBoxText(state.x);
  const [scaleText, setScaleText] = useBoxText(state.scale);
  const ids = { title: useId(), x: useId(), scale: useId() };

  const x = parseNumber(state.x);
  const s = parseNumber(state.scale);
  const scaleError = !s.ok ? s.message : !(s.value > 0 && Number.isFinite(s.value)) ? 'The int8 scale must be a positive, finite number.' : undefined;
  const rows = x.ok ? [...FLOATS.map((name) => floatRow(name, x.value)), int8Row(x.value, scaleError ? undefined : (s as { value: number }).value)]
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
          int8 scale
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
          <caption className="muted">{echoTyped(state.x)} stored in seven formats (int8 as round(x / scale) · scale)</caption>
          <thead>
            <tr><th scope="col">Format</th><th scope="col">Stored value</th><th scope="col">Pattern</th><th scope="col">Absolute error</th><th scope="col">Relative error</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name} data-format={r.name}>
                <th scope="row" data-label="Format">{r.label}</th>
                <td data-label="Stored value" className="num">
                  <span>
                    {r.stored === undefined ? '—' : r.name === 'int8' ? formatQuantity(r.stored) : <StoredValue x={r.stored} />}
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

/** int8 with a scale: q = round(x / scale) saturated to [−128, 127], stored value q · scale. */
function int8Row(x: number, scale: number | undefined): Row {
  const label = 'int8';
  if (scale === undefined) return { label, name: 'int8', detail: 'needs a positive scale' };
  if (Number.isNaN(x)) return { label, name: 'int8', detail: 'int8 has no NaN' };
  const bits = encode('int8', x / scale);
  const q = decode('int8', bits);
  const stored = q * scale;
  // A magnitude, as the float rows' errors are.
  const absolute = Math.abs(stored - x);
  return {
    label, name: 'int8', bits, stored, absolute, relative: x === 0 ? 0 : absolute / Math.abs(x),
    flag: roundingError('int8', x / scale).overflow ? 'saturated' : undefined, detail: `(q = ${q})`,
  };
}
