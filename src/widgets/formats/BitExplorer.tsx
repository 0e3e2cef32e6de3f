import { useId, useMemo, useRef } from 'react';
import { decode, describe, encode, FORMAT_NAMES, getFormat, isFloatFormat, nextDown, nextUp, parsePattern, shortestDecimal, type FormatName } from '../../engine';
import { param, useUrlState } from '../urlState';
import { BitGrid } from './BitGrid';
import { FORMAT_LABEL, patternHex, patternLabel } from './display';
import { readEntry } from './entry';
import { FormatSelect } from './FormatSelect';
import { NumberLine } from './NumberLine';
import { PatternFormula } from './PatternFormula';
import { typedTextParam, useBoxText } from './textParam';
import { ValueReadout } from './ValueReadout';
import './formats.css';

interface Props {
  /** Prefix of this explorer's URL parameters, so two explorers on a page keep separate state. */
  urlKey?: string;
  /** The format shown before the reader picks one. */
  format?: FormatName;
  /** The value shown before the reader changes anything. */
  value?: number;
  /** The widget's heading, which also names it for screen readers. */
  title?: string;
}

/**
 * Every bit of a number in any of the course's formats: toggle bits, type a decimal or a hex
 * pattern, step by one ulp, and see what the pattern stores and how. The URL holds the format,
 * the pattern and whatever the reader typed.
 */
export function BitExplorer({ urlKey = 'bx', format = 'fp32', value = 0.1, title = 'Bit explorer' }: Props) {
  const schema = useMemo(
    () => ({ fmt: param.oneOf(FORMAT_NAMES, format), bits: param.string(''), x: typedTextParam, h: typedTextParam }),
    [format],
  );
  const [state, update] = useUrlState(urlKey, schema);
  const name = state.fmt;
  const width = getFormat(name).bits;

  // What the reader typed last decides the pattern: a decimal (x) or a hex pattern (h). Text that
  // cannot be stored leaves the pattern shown before (bits). Typed text is encoded here, at render,
  // with the format in the URL, because the handlers' render may be a frame behind it. A fresh
  // explorer shows `value` as if typed, rounding error and all.
  const typedText = state.x ?? (state.bits || state.h !== null ? null : String(value));
  const entry = typedText === null ? undefined : readEntry(name, typedText);
  const hexEntry = state.h === null ? undefined : parsePattern(name, state.h);
  const before = state.bits ? parsePattern(name, `0x${state.bits}`) : undefined;
  const bits = entry?.value !== undefined ? encode(name, entry.value)
    : hexEntry?.ok ? hexEntry.bits
    : before?.ok ? before.bits : encode(name, value);
  const d = describe(name, bits);

  const [decimalText, setDecimalText] = useBoxText(typedText ?? shortestDecimal(name, bits));
  const [hexText, setHexText] = useBoxText(state.h ?? patternLabel(bits, width));

  // The pattern last set, ahead of the re-render, so keys pressed in quick succession each step
  // from the one before instead of all from the pattern on screen.
  const latest = useRef(bits);
  latest.current = bits;
  const setBits = (next: bigint) => {
    latest.current = next;
    update({ bits: patternHex(next, width), x: null, h: null });
  };
  const step = (direction: -1 | 1) => setBits(direction < 0 ? nextDown(name, latest.current) : nextUp(name, latest.current));

  const typeDecimal = (text: string) => {
    setDecimalText(text);
    update({ x: text, h: null, bits: patternHex(bits, width) });
  };

  const typeHex = (text: string) => {
    setHexText(text);
    update({ h: text, x: null, bits: patternHex(bits, width) });
  };

  // A new format keeps the number: a typed decimal is stored afresh (so 0.1 stays 0.1, not the
  // old format's rounding of it); otherwise the value the old pattern stores is re-encoded.
  const changeFormat = (next: FormatName) => {
    const nextFormat = getFormat(next);
    const keep = decode(name, bits);
    const kept = encode(next, Number.isNaN(keep) && !isFloatFormat(nextFormat) ? 0 : keep);
    update({ fmt: next, bits: patternHex(kept, nextFormat.bits), h: null, x: state.h === null ? typedText : null });
  };

  const down = nextDown(name, bits);
  const up = nextUp(name, bits);
  const ids = { title: useId(), decimal: useId(), hex: useId(), messages: useId() };
  // The typed number, when the pattern came from typing one that fp64 itself can hold.
  const typed = entry?.beyondDouble ? undefined : entry?.value;
  const error = entry?.error ?? (hexEntry && !hexEntry.ok ? hexEntry.message : undefined);

  return (
    <section className="widget bit-explorer" aria-labelledby={ids.title}>
      <h3 id={ids.title}>{title}</h3>
      <div className="controls">
        <FormatSelect value={name} options={FORMAT_NAMES} onChange={changeFormat} />
        <label htmlFor={ids.decimal}>
          Decimal
          <input id={ids.decimal} className="num" type="text" inputMode="decimal" spellCheck={false} autoComplete="off"
            value={decimalText} onChange={(e) => typeDecimal(e.target.value)} aria-describedby={ids.messages} />
        </label>
        <label htmlFor={ids.hex}>
          Hex pattern
          <input id={ids.hex} className="num" type="text" spellCheck={false} autoComplete="off"
            value={hexText} onChange={(e) => typeHex(e.target.value)} aria-describedby={ids.messages} />
        </label>
        <div className="ulp-buttons">
          <button type="button" onClick={() => step(-1)} disabled={down === bits || d.class === 'nan'}>−1 ulp</button>
          <button type="button" onClick={() => step(1)} disabled={up === bits || d.class === 'nan'}>+1 ulp</button>
        </div>
      </div>
      <div id={ids.messages}>
        <div role="alert">{error && <p className="error-box">{error} The pattern below is unchanged.</p>}</div>
        <div role="status" aria-live="polite">
          {entry?.notes.map((note) => <p key={note} className="note">{note}</p>)}
        </div>
      </div>
      <BitGrid bits={bits} width={width} fields={d.fields} onChange={setBits} label={`The ${width} bits of the ${FORMAT_LABEL[name]} pattern, most significant first`} />
      <p className="pattern-line num" aria-hidden="true">{patternLabel(bits, width)}</p>
      <PatternFormula name={name} d={d} />
      <ValueReadout name={name} d={d} typed={typed} />
      <NumberLine name={name} bits={bits} typed={typed} onStep={step} />
    </section>
  );
}
