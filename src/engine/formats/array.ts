/**
 * Bulk casts over typed arrays for formats up to 32 bits wide, with patterns as plain numbers in
 * a Uint32Array instead of one bigint per value. Same rounding as `encode` and `decode`.
 */
import { decodeFloatFields, encodeFloatFields, floatCodec, newFloatFields } from './float';
import { intPattern, intValue, roundToInt } from './int';
import { getFormat, type FloatFormat, type Format } from './table';

function narrowFormat(name: string, what: string): Format {
  const f = getFormat(name);
  if (f.bits > 32) throw new Error(`${what} handles formats up to 32 bits; ${f.name} has ${f.bits}`);
  return f;
}

/**
 * out[i] = the pattern of values[i] rounded to the format (as `encode`, but a number), for n = values.length.
 * `out` (length ≥ n) may be passed to avoid allocating. Integer formats throw on NaN.
 */
export function encodeArray(name: string, values: ArrayLike<number>, out = new Uint32Array(values.length)): Uint32Array {
  const f = narrowFormat(name, 'encodeArray');
  const n = values.length;
  if (out.length < n) throw new Error(`encodeArray: out has ${out.length} slots for ${n} values`);
  if (f.kind === 'int') {
    for (let i = 0; i < n; i++) out[i] = intPattern(f, roundToInt(f, values[i]));
    return out;
  }
  const c = floatCodec(f);
  const fields = newFloatFields();
  const signPlace = 2 ** (f.bits - 1);
  const exponentPlace = 2 ** f.mantissaBits;
  for (let i = 0; i < n; i++) {
    encodeFloatFields(c, values[i], fields);
    out[i] = fields.sign * signPlace + fields.biasedExponent * exponentPlace + fields.mantissa;
  }
  return out;
}

const valueTables = new Map<Format, Float64Array>();

/** The value of every pattern of a format up to 16 bits wide, indexed by pattern (built once, at most 512 KiB). */
function valueTable(f: Format): Float64Array {
  let table = valueTables.get(f);
  if (!table) {
    table = new Float64Array(2 ** f.bits);
    if (f.kind === 'int') for (let p = 0; p < table.length; p++) table[p] = intValue(f, p);
    else decodeFloats(f, Uint32Array.from(table, (_, p) => p), table);
    valueTables.set(f, table);
  }
  return table;
}

function decodeFloats(f: FloatFormat, patterns: Uint32Array | Uint16Array | Uint8Array, out: Float64Array): void {
  const c = floatCodec(f);
  const m = f.mantissaBits;
  const signShift = f.bits - 1;
  const exponentMask = 2 ** f.exponentBits - 1;
  const mantissaMask = 2 ** m - 1;
  for (let i = 0; i < patterns.length; i++) {
    const p = patterns[i];
    out[i] = decodeFloatFields(c, p >>> signShift, (p >>> m) & exponentMask, p & mantissaMask);
  }
}

/**
 * out[i] = the value pattern patterns[i] stores (as `decode`), for n = patterns.length.
 * Throws for a pattern wider than the format. `out` (length ≥ n) may be passed to avoid allocating.
 * Formats up to 16 bits decode by table lookup.
 */
export function decodeArray(
  name: string, patterns: Uint32Array | Uint16Array | Uint8Array, out = new Float64Array(patterns.length),
): Float64Array {
  const f = narrowFormat(name, 'decodeArray');
  const n = patterns.length;
  if (out.length < n) throw new Error(`decodeArray: out has ${out.length} slots for ${n} patterns`);
  const limit = 2 ** f.bits;
  for (let i = 0; i < n; i++) {
    if (patterns[i] >= limit) throw new Error(`decodeArray: pattern 0x${patterns[i].toString(16)} at index ${i} is wider than ${f.name} (${f.bits} bits)`);
  }
  if (f.bits <= 16) {
    const table = valueTable(f);
    for (let i = 0; i < n; i++) out[i] = table[patterns[i]];
  } else if (f.kind === 'int') {
    for (let i = 0; i < n; i++) out[i] = intValue(f, patterns[i]);
  } else {
    decodeFloats(f, patterns, out);
  }
  return out;
}
