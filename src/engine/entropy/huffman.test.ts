import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalCodes, huffmanCodeLengths, huffmanDecode, huffmanEncode } from './huffman';
import { averageCodeLength, entropyBits } from './entropy';

const kraftSum = (lengths: ArrayLike<number>) => Array.from(lengths).reduce((s, l) => s + (l > 0 ? 2 ** -l : 0), 0);
const cost = (freq: number[], lengths: ArrayLike<number>) => freq.reduce((s, f, i) => s + f * lengths[i], 0);

/** Cheapest Σ f·l over every length assignment that satisfies Kraft's inequality (tiny alphabets). */
function bruteForceCost(freq: number[]): number {
  const n = freq.length;
  let best = Infinity;
  const lengths = new Array<number>(n).fill(1);
  const visit = (i: number) => {
    if (i === n) {
      if (kraftSum(lengths) <= 1) best = Math.min(best, cost(freq, lengths));
      return;
    }
    for (let l = 1; l < n; l++) {
      lengths[i] = l;
      visit(i + 1);
    }
  };
  visit(0);
  return best;
}

const frequencies = fc.array(fc.nat(1000), { minLength: 1, maxLength: 40 });

describe('huffmanCodeLengths', () => {
  it('matches the CLRS example: a:45 b:13 c:12 d:16 e:9 f:5 → 1, 3, 3, 3, 4, 4', () => {
    expect(Array.from(huffmanCodeLengths([45, 13, 12, 16, 9, 5]))).toEqual([1, 3, 3, 3, 4, 4]);
  });

  it('gives no code to unused symbols and one bit to a lone symbol', () => {
    expect(Array.from(huffmanCodeLengths([0, 7, 0]))).toEqual([0, 1, 0]);
    expect(Array.from(huffmanCodeLengths([0, 0]))).toEqual([0, 0]);
    expect(Array.from(huffmanCodeLengths([]))).toEqual([]);
  });

  it('breaks ties the same way every time: earlier symbols merge first', () => {
    expect(Array.from(huffmanCodeLengths([1, 1, 1]))).toEqual([2, 2, 1]);
    expect(Array.from(huffmanCodeLengths([5, 5, 5, 5]))).toEqual([2, 2, 2, 2]);
  });

  it('satisfies Kraft with equality whenever two or more symbols are used', () => {
    fc.assert(
      fc.property(frequencies, (freq) => {
        const used = freq.filter((f) => f > 0).length;
        fc.pre(used >= 2);
        expect(kraftSum(huffmanCodeLengths(freq))).toBe(1);
      }),
    );
  });

  it('averages between H and H + 1 bits per symbol (two or more symbols used)', () => {
    fc.assert(
      fc.property(frequencies, (freq) => {
        fc.pre(freq.filter((f) => f > 0).length >= 2); // one symbol: H = 0 but the code needs 1 bit
        const h = entropyBits(freq);
        const avg = averageCodeLength(freq, huffmanCodeLengths(freq));
        expect(avg).toBeGreaterThanOrEqual(h - 1e-12);
        expect(avg).toBeLessThan(h + 1);
      }),
    );
  });

  it('is optimal: no prefix code of any lengths costs less (brute force, ≤ 5 symbols)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 2, maxLength: 5 }), (freq) => {
        expect(cost(freq, huffmanCodeLengths(freq))).toBe(bruteForceCost(freq));
      }),
    );
  });

  it('rejects negative or NaN frequencies', () => {
    expect(() => huffmanCodeLengths([1, -1])).toThrow('frequency of symbol 1 must be a finite number ≥ 0, got -1');
    expect(() => huffmanCodeLengths([NaN])).toThrow(/got NaN/);
  });
});

describe('canonicalCodes', () => {
  it('reproduces the DEFLATE example: lengths A2 B1 C3 D3 → 10, 0, 110, 111', () => {
    expect(Array.from(canonicalCodes([2, 1, 3, 3]))).toEqual([0b10, 0b0, 0b110, 0b111]);
  });

  it('gives prefix-free codes of the requested lengths', () => {
    fc.assert(
      fc.property(frequencies, (freq) => {
        const lengths = huffmanCodeLengths(freq);
        const codes = canonicalCodes(lengths);
        const words = Array.from(lengths, (l, s) => (l ? codes[s].toString(2).padStart(l, '0') : '')).filter((w) => w);
        words.forEach((w, i) => words.forEach((v, j) => i !== j && expect(v.startsWith(w)).toBe(false)));
      }),
    );
  });

  it('refuses lengths that cannot form a prefix code', () => {
    expect(() => canonicalCodes([1, 1, 1])).toThrow(/cannot form a prefix code/);
  });
});

describe('huffmanEncode and huffmanDecode', () => {
  it('round-trip random messages', () => {
    const message = fc.integer({ min: 1, max: 300 }).chain((m) => fc.array(fc.nat(m - 1), { maxLength: 400 }).map((s) => ({ m, s })));
    fc.assert(
      fc.property(message, ({ m, s }) => {
        const symbols = Uint16Array.from(s);
        const freq = new Array<number>(m).fill(0);
        for (const x of symbols) freq[x]++;
        const lengths = huffmanCodeLengths(freq);
        const { bytes, bitLength } = huffmanEncode(symbols, lengths);
        expect(bitLength).toBe(cost(freq, lengths));
        expect(bytes.length).toBe(Math.ceil(bitLength / 8));
        expect(huffmanDecode(bytes, bitLength, lengths, symbols.length)).toEqual(symbols);
      }),
    );
  });

  it('codes "face" with the canonical CLRS code a 0, b 100, c 101, d 110, e 1110, f 1111', () => {
    const lengths = huffmanCodeLengths([45, 13, 12, 16, 9, 5]);
    const { bytes, bitLength } = huffmanEncode(Uint8Array.of(5, 0, 2, 4), lengths);
    // f a c e = 1111 0 101 1110 (same lengths as CLRS's tree, canonical bit patterns).
    expect(bitLength).toBe(12);
    expect(Array.from(bytes)).toEqual([0b1111_0101, 0b1110_0000]);
  });

  it('reports symbols without a code, truncated streams and invalid codes', () => {
    expect(() => huffmanEncode(Uint8Array.of(2), [1, 1, 0])).toThrow('symbol 2 (at position 0) has no Huffman code: its frequency was 0');
    expect(() => huffmanDecode(Uint8Array.of(0), 2, [1, 1], 3)).toThrow(/ends early/);
    expect(() => huffmanDecode(Uint8Array.of(0xff), 8, [0, 1], 1)).toThrow('invalid Huffman code at symbol 0');
  });
});
