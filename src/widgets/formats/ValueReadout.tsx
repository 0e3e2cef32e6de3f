import type { ReactNode } from 'react';
import { decode, exactDecimal, nextDown, nextUp, roundingError, shortestDecimal, type FormatName, type PatternDescription } from '../../engine';
import { CLASS_LABEL, formatQuantity, formatRelative } from './display';
import { StoredValue } from './StoredValue';

interface Props {
  name: FormatName;
  d: PatternDescription;
  /** The number the reader typed, when the pattern came from typing; its rounding error is shown. */
  typed?: number;
}

function Row({ term, children, id, className = 'num' }: { term: string; children: ReactNode; id?: string; className?: string }) {
  return (
    <div className="readout-row">
      <dt>{term}</dt>
      <dd data-testid={id} className={className}>{children}</dd>
    </div>
  );
}

/** What the current pattern stores: value, exact and shortest decimals, rounding error, neighbours. */
export function ValueReadout({ name, d, typed }: Props) {
  const value = d.value;
  const error = typed !== undefined && !Number.isNaN(typed) ? roundingError(name, typed) : undefined;
  return (
    <dl className="readout">
      <Row term="Class" id="class" className="">{CLASS_LABEL[d.class] ?? d.class}</Row>
      <Row term="Stored value" id="stored"><StoredValue x={value} /></Row>
      {d.class !== 'integer' && (
        <>
          <Row term="Exact decimal" id="exact" className="num exact">{Number.isFinite(value) ? exactDecimal(value) : '—'}</Row>
          <Row term="Shortest decimal" id="shortest">{shortestDecimal(name, d.bits)}</Row>
        </>
      )}
      {error && (
        <Row term="Rounding error" id="rounding-error">
          {formatQuantity(error.absolute)} absolute, {formatRelative(error.relative)} relative
        </Row>
      )}
      {d.class !== 'nan' && <Neighbour term="Next down" name={name} d={d} bits={nextDown(name, d.bits)} />}
      {d.class !== 'nan' && <Neighbour term="Next up" name={name} d={d} bits={nextUp(name, d.bits)} />}
    </dl>
  );
}

function Neighbour({ term, name, d, bits }: { term: string; name: FormatName; d: PatternDescription; bits: bigint }) {
  if (bits === d.bits) return <Row term={term} className="">none: this is the end of the format</Row>;
  const other = decode(name, bits);
  const gap = other - d.value;
  const distance = Number.isFinite(gap) ? `${gap > 0 ? '+' : ''}${formatQuantity(gap)} away` : 'infinitely far';
  return <Row term={term}><StoredValue x={other} /> ({distance})</Row>;
}
