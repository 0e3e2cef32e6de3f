import { getFormat, isFloatFormat, type FormatName, type PatternDescription } from '../../engine';
import { Tex } from '../lesson';
import { texValue } from './display';

const fieldValue = (d: PatternDescription, name: string): bigint => d.fields.find((f) => f.name === name)?.bits ?? 0n;

/**
 * The rule that turns the current pattern into its value: first in general (with this format's
 * bias and widths), then with this pattern's sign, exponent and mantissa substituted.
 */
export function PatternFormula({ name, d }: { name: FormatName; d: PatternDescription }) {
  const [general, substituted] = formulas(name, d);
  return (
    // Focusable because long patterns (fp64) scroll sideways on narrow screens.
    <div className="pattern-formula" tabIndex={0} role="group" aria-label="How the pattern gives its value">
      <Tex display>{general}</Tex>
      <Tex display>{substituted}</Tex>
    </div>
  );
}

/** Lines of an aligned TeX block: "x &= a \\ &= b". */
const aligned = (...lines: string[]) => `\\begin{aligned} ${lines.join(' \\\\ ')} \\end{aligned}`;

function formulas(name: FormatName, d: PatternDescription): [string, string] {
  const format = getFormat(name);
  const v = texValue(d.value);
  if (!isFloatFormat(format)) {
    const n = format.bits;
    const low = fieldValue(d, 'low');
    if (!format.signed) return [`x = \\sum_{i=0}^{${n - 1}} b_i\\,2^{i}`, `x = ${low}`];
    return [
      `x = -b_{${n - 1}}\\,2^{${n - 1}} + \\sum_{i=0}^{${n - 2}} b_i\\,2^{i}`,
      `x = -${d.sign}\\cdot 2^{${n - 1}} + ${low} = ${v.tex}`,
    ];
  }
  const { bias, mantissaBits: mb, exponentBits: eb } = format;
  const s = d.sign;
  const e = fieldValue(d, 'exponent');
  const m = fieldValue(d, 'mantissa');
  const frac = `\\frac{${m}}{2^{${mb}}}`;
  const signTex = s ? '-' : '';
  switch (d.class) {
    case 'normal': {
      const sig = texValue(d.significand ?? NaN);
      return [
        `x = (-1)^{s}\\cdot 2^{\\,e-${bias}}\\cdot\\left(1+\\frac{m}{2^{${mb}}}\\right)`,
        aligned(
          `x &= (-1)^{${s}}\\cdot 2^{\\,${e}-${bias}}\\cdot\\left(1+${frac}\\right)`,
          `&${sig.rel} ${signTex}2^{${d.exponent}}\\cdot ${sig.tex}`,
          `&${v.rel} ${v.tex}`,
        ),
      ];
    }
    case 'subnormal':
    case 'zero':
      return [
        `x = (-1)^{s}\\cdot 2^{\\,1-${bias}}\\cdot\\left(0+\\frac{m}{2^{${mb}}}\\right)\\quad\\text{when } e = 0`,
        aligned(`x &= (-1)^{${s}}\\cdot 2^{${1 - bias}}\\cdot\\left(0+${frac}\\right)`, `&${v.rel} ${Object.is(d.value, -0) ? '-0' : v.tex}`),
      ];
    case 'infinity':
      return [`e = 2^{${eb}}-1 \\text{ (all ones)},\\; m = 0 \\;\\Rightarrow\\; x = \\pm\\infty`, `s = ${s},\\; e = ${e},\\; m = 0 \\;\\Rightarrow\\; x = ${v.tex}`];
    default:
      return name === 'fp8e4m3'
        ? [`e = ${e},\\; m = ${m} \\text{ (all ones)} \\;\\Rightarrow\\; \\text{NaN}`, `s = ${s},\\; e = ${e},\\; m = ${m} \\;\\Rightarrow\\; x = \\text{NaN}`]
        : [`e = 2^{${eb}}-1 \\text{ (all ones)},\\; m \\neq 0 \\;\\Rightarrow\\; \\text{NaN}`, `s = ${s},\\; e = ${e},\\; m = ${m} \\;\\Rightarrow\\; x = \\text{NaN}`];
  }
}
