/**
 * Number formats: one table of float and integer formats (fp64 … fp8, int32 … uint4) and one
 * generic codec over it. Patterns are unsigned bigints of the format's width; the *Array
 * functions do whole typed arrays with number patterns for formats up to 32 bits.
 */
export {
  FORMATS, FORMAT_NAMES, getFormat, isFloatFormat, isFormatName,
  type Format, type FormatName, type FloatFormat, type FloatFormatName, type IntFormat, type IntFormatName, type SpecialValues,
} from './table';
export { encode, decode, nextUp, nextDown, ulp, roundingError, type RoundingError } from './codec';
export { describe, type Field, type PatternClass, type PatternDescription } from './describe';
export { exactDecimal, shortestDecimal } from './decimal';
export { echoTyped, parseNumber, parsePattern, formatPattern, type DoubleRange, type ParseResult } from './parse';
export { encodeArray, decodeArray } from './array';
export { bracket, numberLine, withinRange, type Binade, type Bracket, type NumberLine } from './neighbours';
export { compareRepeatedSums, roundStochastic, repeatedSum, type RepeatedSums } from './stochastic';
