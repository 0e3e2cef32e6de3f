/** Smallest and largest exponent k for which 2^k is a finite double (2^-1074 is the least subnormal). */
const MIN_EXPONENT = -1074;
const MAX_EXPONENT = 1023;

/**
 * 2^k for every integer k in [-1074, 1024], built by exact doubling so no entry depends on how
 * Math.pow rounds. Index k + 1074; the last entry, 2^1024, is Infinity.
 */
const TABLE = (() => {
  const t = new Float64Array(MAX_EXPONENT - MIN_EXPONENT + 2);
  t[0] = Number.MIN_VALUE;
  for (let i = 1; i < t.length; i++) t[i] = t[i - 1] * 2;
  return t;
})();

/** 2^k exactly, for integer k in [-1074, 1024] (2^1024 gives Infinity); outside that range, 0 or Infinity. */
export function pow2(k: number): number {
  if (k < MIN_EXPONENT) return 0;
  if (k > MAX_EXPONENT) return Infinity;
  return TABLE[k - MIN_EXPONENT];
}

// A double's exponent field, read through a shared buffer (the high word's index depends on endianness).
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** floor(log2(a)) exactly, for a finite double a > 0 (subnormals included). */
export function exponentOf(a: number): number {
  scratch[0] = a;
  const field = (words[HIGH] >>> 20) & 0x7ff;
  if (field !== 0) return field - 1023;
  // A subnormal double: scale it into the normal range first (exact).
  scratch[0] = a * 2 ** 64;
  return ((words[HIGH] >>> 20) & 0x7ff) - 1023 - 64;
}
