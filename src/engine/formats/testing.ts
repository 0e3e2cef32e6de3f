// Helpers for the tests in this folder (not exported from the engine): a seeded PRNG and
// DataView conversions used as the independent reference for fp32 and fp64.

export { seededUint32 } from '../random';

const view = new DataView(new ArrayBuffer(8));

export function float64Bits(x: number): bigint {
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

export function float64FromBits(bits: bigint): number {
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
}

/** The float32 pattern DataView stores for x (it rounds to nearest, ties to even). */
export function float32Bits(x: number): number {
  view.setFloat32(0, x);
  return view.getUint32(0);
}

export function float32FromBits(bits: number): number {
  view.setUint32(0, bits);
  return view.getFloat32(0);
}

/** A double with random sign and mantissa and an unbiased exponent drawn from [lo, hi]. */
export function randomDouble(next: () => number, lo = -1074, hi = 1023): number {
  const e = lo + (next() % (hi - lo + 1));
  const hiWord = (next() & 0x800fffff) | ((Math.max(e + 1023, 0) & 0x7ff) << 20);
  return float64FromBits((BigInt(hiWord >>> 0) << 32n) | BigInt(next()));
}
