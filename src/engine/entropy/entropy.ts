/** Information measures for symbol frequencies (counts or probabilities). */

function total(frequencies: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < frequencies.length; i++) {
    const f = frequencies[i];
    if (!(f >= 0) || !Number.isFinite(f)) throw new Error(`frequency of symbol ${i} must be a finite number ≥ 0, got ${f}`);
    sum += f;
  }
  if (sum === 0) throw new Error('no symbol has a non-zero frequency');
  return sum;
}

/** Shannon entropy H = −Σ p_i log₂ p_i, in bits per symbol: no prefix code averages fewer. */
export function entropyBits(frequencies: ArrayLike<number>): number {
  const sum = total(frequencies);
  let h = 0;
  for (let i = 0; i < frequencies.length; i++) {
    const p = frequencies[i] / sum;
    if (p > 0) h -= p * Math.log2(p);
  }
  return h;
}

/** Average code length Σ p_i · l_i in bits per symbol. */
export function averageCodeLength(frequencies: ArrayLike<number>, lengths: ArrayLike<number>): number {
  if (frequencies.length !== lengths.length) throw new Error(`${frequencies.length} frequencies but ${lengths.length} code lengths`);
  const sum = total(frequencies);
  let bits = 0;
  for (let i = 0; i < frequencies.length; i++) bits += (frequencies[i] / sum) * lengths[i];
  return bits;
}
