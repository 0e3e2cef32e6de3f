import { storedText } from './display';

/** A stored value as text that may wrap only before its exponent, never between digits. */
export function StoredValue({ x }: { x: number }) {
  const text = storedText(x);
  const e = text.indexOf('e');
  return <span className="stored-value">{e < 0 ? text : <>{text.slice(0, e)}<wbr />{text.slice(e)}</>}</span>;
}
