/**
 * Huffman coding (Huffman 1952) with canonical codes, as Deep Compression uses for the cluster
 * indices and relative-index gaps (Han, Mao & Dally 2016, §4). Symbols are 0 … m − 1.
 */
import { BitReader, BitWriter } from './bits';

/** Longest code supported (codes are held in 32-bit words). */
export const MAX_CODE_LENGTH = 32;

function checkFrequencies(frequencies: ArrayLike<number>): void {
  for (let i = 0; i < frequencies.length; i++) {
    const f = frequencies[i];
    if (!(f >= 0) || !Number.isFinite(f)) throw new Error(`frequency of symbol ${i} must be a finite number ≥ 0, got ${f}`);
  }
}

/**
 * Optimal prefix-code lengths in bits for each symbol. Zero-frequency symbols get length 0 (no
 * code); a single used symbol gets length 1. Ties are broken deterministically: among equal
 * weights the node created first (symbols in index order, then merged nodes in creation order)
 * is taken first.
 */
export function huffmanCodeLengths(frequencies: ArrayLike<number>): Uint8Array {
  checkFrequencies(frequencies);
  const m = frequencies.length;
  const lengths = new Uint8Array(m);
  const used: number[] = [];
  for (let i = 0; i < m; i++) if (frequencies[i] > 0) used.push(i);
  if (used.length === 1) lengths[used[0]] = 1;
  if (used.length <= 1) return lengths;

  // Nodes 0 … u − 1 are the used symbols, u … 2u − 2 the merged nodes, in creation order.
  const u = used.length;
  const weight = new Float64Array(2 * u - 1);
  const parent = new Int32Array(2 * u - 1);
  used.forEach((s, i) => (weight[i] = frequencies[s]));
  const before = (a: number, b: number) => weight[a] < weight[b] || (weight[a] === weight[b] && a < b);
  const heap = new MinHeap(before);
  for (let i = 0; i < u; i++) heap.push(i);
  for (let node = u; node < 2 * u - 1; node++) {
    const a = heap.pop();
    const b = heap.pop();
    weight[node] = weight[a] + weight[b];
    parent[a] = parent[b] = node;
    heap.push(node);
  }
  // A parent is always created after its children, so walking down from the root works.
  const depth = new Int32Array(2 * u - 1);
  for (let node = 2 * u - 3; node >= 0; node--) depth[node] = depth[parent[node]] + 1;
  used.forEach((s, i) => {
    if (depth[i] > MAX_CODE_LENGTH) throw new Error(`a Huffman code of ${depth[i]} bits is longer than the ${MAX_CODE_LENGTH} supported`);
    lengths[s] = depth[i];
  });
  return lengths;
}

/** Binary min-heap of node ids ordered by `before`. */
class MinHeap {
  private items: number[] = [];
  constructor(private readonly before: (a: number, b: number) => boolean) {}

  push(x: number): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.before(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }

  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < a.length && this.before(a[l], a[best])) best = l;
        if (r < a.length && this.before(a[r], a[best])) best = r;
        if (best === i) break;
        [a[i], a[best]] = [a[best], a[i]];
        i = best;
      }
    }
    return top;
  }
}

/** Symbols with a code, ordered by (length, symbol): the canonical order. */
function canonicalOrder(lengths: ArrayLike<number>): number[] {
  const order: number[] = [];
  for (let s = 0; s < lengths.length; s++) {
    const l = lengths[s];
    if (!Number.isInteger(l) || l < 0 || l > MAX_CODE_LENGTH) throw new Error(`code length of symbol ${s} must be 0 to ${MAX_CODE_LENGTH}, got ${l}`);
    if (l > 0) order.push(s);
  }
  order.sort((a, b) => lengths[a] - lengths[b] || a - b);
  let kraft = 0;
  for (const s of order) kraft += 2 ** -lengths[s];
  if (kraft > 1) throw new Error('these code lengths cannot form a prefix code (Σ 2^−length > 1)');
  return order;
}

/**
 * Canonical prefix codes from code lengths (as in DEFLATE): codes of each length are
 * consecutive numbers in symbol order, and shorter codes come first. Code of symbol s is the
 * low lengths[s] bits of codes[s]; symbols of length 0 get 0 (no code).
 */
export function canonicalCodes(lengths: ArrayLike<number>): Uint32Array {
  const codes = new Uint32Array(lengths.length);
  let code = 0;
  let length = 0;
  for (const s of canonicalOrder(lengths)) {
    code *= 2 ** (lengths[s] - length);
    length = lengths[s];
    codes[s] = code;
    code++;
  }
  return codes;
}

/** Writes each symbol's canonical code; the bit stream and its exact length in bits. */
export function huffmanEncode(symbols: Uint8Array | Uint16Array, lengths: ArrayLike<number>): { bytes: Uint8Array; bitLength: number } {
  const codes = canonicalCodes(lengths);
  const writer = new BitWriter();
  for (let i = 0; i < symbols.length; i++) {
    const s = symbols[i];
    if (!(lengths[s] > 0)) throw new Error(`symbol ${s} (at position ${i}) has no Huffman code: its frequency was 0`);
    writer.write(codes[s], lengths[s]);
  }
  return writer.finish();
}

/** Reads `count` symbols coded with the canonical code for `lengths`. */
export function huffmanDecode(bytes: Uint8Array, bitLength: number, lengths: ArrayLike<number>, count: number): Uint16Array {
  const order = canonicalOrder(lengths);
  const perLength = new Uint32Array(MAX_CODE_LENGTH + 1);
  for (const s of order) perLength[lengths[s]]++;
  const maxLength = order.length ? lengths[order[order.length - 1]] : 0;
  const reader = new BitReader(bytes, bitLength);
  const out = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    // Walk down one length at a time: codes of length l are first … first + perLength[l] − 1.
    let code = 0;
    let first = 0;
    let index = 0;
    let symbol = -1;
    for (let l = 1; l <= maxLength; l++) {
      code = code * 2 + reader.readBit();
      if (code - first < perLength[l]) {
        symbol = order[index + code - first];
        break;
      }
      index += perLength[l];
      first = (first + perLength[l]) * 2;
    }
    if (symbol < 0) throw new Error(`invalid Huffman code at symbol ${i}`);
    out[i] = symbol;
  }
  return out;
}
