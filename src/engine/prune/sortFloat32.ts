/**
 * Ascending sort of float32 values in O(n): a least-significant-digit radix sort, 4 passes of
 * 8 bits, over the bit patterns made order-preserving (negative values have all bits flipped,
 * positive ones only the sign bit). −0 sorts before +0; NaN must not occur. Several times
 * faster than Float32Array.prototype.sort on the 10⁵–10⁶ weights of a layer.
 */
export function sortFloat32(values: Float32Array): Float32Array {
  const n = values.length;
  let keys = new Uint32Array(n);
  let spare = new Uint32Array(n);
  const bits = new Uint32Array(values.buffer, values.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const b = bits[i];
    keys[i] = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
  }
  const counts = new Uint32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i] >>> shift) & 0xff]++;
    for (let d = 0, start = 0; d < 256; d++) {
      const c = counts[d];
      counts[d] = start;
      start += c;
    }
    for (let i = 0; i < n; i++) spare[counts[(keys[i] >>> shift) & 0xff]++] = keys[i];
    [keys, spare] = [spare, keys];
  }
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    keys[i] = k & 0x80000000 ? (k & 0x7fffffff) >>> 0 : ~k >>> 0;
  }
  return new Float32Array(keys.buffer);
}
