import { decodeArray, encodeArray } from '../formats';

export type CastFormat = 'fp16' | 'bf16' | 'fp8e4m3' | 'fp8e5m2';

const CAST_FORMATS: readonly string[] = ['fp16', 'bf16', 'fp8e4m3', 'fp8e5m2'] satisfies CastFormat[];

/**
 * Each value of x rounded to a narrower float format and widened back to float32: the weights a
 * model stored in that format would hold. Rounding is to nearest, ties to even; overflow gives
 * ±Infinity except in fp8e4m3, which has no infinity and saturates to ±448. NaN stays NaN.
 */
export function castTensor(x: ArrayLike<number>, format: CastFormat): Float32Array {
  if (!CAST_FORMATS.includes(format)) {
    throw new Error(`unknown cast format: ${format} (use ${CAST_FORMATS.join(', ')})`);
  }
  return Float32Array.from(decodeArray(format, encodeArray(format, x)));
}
