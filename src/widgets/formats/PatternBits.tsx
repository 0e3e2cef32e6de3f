import { describe, type FormatName } from '../../engine';
import { patternBinary } from './display';

/** A pattern's binary digits coloured by field (sign, exponent, mantissa), for compact displays. */
export function PatternBits({ name, bits }: { name: FormatName; bits: bigint }) {
  const d = describe(name, bits);
  const binary = patternBinary(bits, d.width);
  return (
    <span className="pattern-bits num" aria-hidden="true">
      {[...d.fields].sort((a, b) => b.offset - a.offset).map((f) => (
        <span key={f.name} className={`field-${f.name}`}>
          {binary.slice(d.width - f.offset - f.width, d.width - f.offset)}
        </span>
      ))}
    </span>
  );
}
