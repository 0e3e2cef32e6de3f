function checkPair(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`the two tensors differ in length (${a.length} and ${b.length})`);
  if (a.length === 0) throw new Error('the tensors are empty');
}

/** Mean squared error (1/n) Σ (a_i − b_i)², in the data's unit squared. */
export function mse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkPair(a, b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s / a.length;
}

/**
 * Signal-to-quantization-noise ratio in dB: 10 · log10(Σ x_i² / Σ (x_i − x̂_i)²).
 * Infinity when x̂ equals x exactly (including an all-zero signal reproduced exactly);
 * −Infinity when the signal is all zeros but x̂ is not (there is noise and no signal).
 * Each extra bit of a uniform quantizer adds about 6.02 dB.
 */
export function sqnr(signal: ArrayLike<number>, quantized: ArrayLike<number>): number {
  checkPair(signal, quantized);
  let power = 0;
  let noise = 0;
  for (let i = 0; i < signal.length; i++) {
    power += signal[i] ** 2;
    noise += (signal[i] - quantized[i]) ** 2;
  }
  if (noise === 0) return Infinity;
  return 10 * Math.log10(power / noise);
}
