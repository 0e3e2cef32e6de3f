/**
 * Deep Compression's relative-index storage of a sparse tensor (Han, Mao & Dally 2016, §2):
 * walk the flattened tensor and, for each stored entry, write how far it is from the previous
 * stored entry in a fixed number of bits instead of its absolute position.
 *
 * Convention used here: `gaps[k]` is the number of pruned positions skipped between stored
 * entry k − 1 and stored entry k (for k = 0: from the start). With b bits a gap is 0 … 2^b − 1,
 * i.e. a position difference of 1 … 2^b — "a difference of 8 fits in 3 bits", as the paper puts
 * it. A longer run of zeros is cut by a filler entry: a zero that is stored as if it were a
 * weight, at most 2^b positions after the previous entry. Zeros after the last kept weight are
 * not stored (the tensor size is known).
 */

function checkBits(bits: number): number {
  if (!Number.isInteger(bits) || bits < 1 || bits > 8) throw new Error(`relative index bits must be a whole number from 1 to 8, got ${bits}`);
  return (1 << bits) - 1;
}

/**
 * Encodes the kept positions of `mask` (non-zero = kept). Returns the gap of every stored entry,
 * how many of them are fillers, and the flat position of every stored entry (fillers included).
 */
export function encodeRelativeIndex(mask: ArrayLike<number>, bits: number): { gaps: Uint8Array; fillerCount: number; positions: Uint32Array } {
  const maxGap = checkBits(bits);
  const gaps: number[] = [];
  const positions: number[] = [];
  let fillerCount = 0;
  let previous = -1;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0) continue;
    let run = i - previous - 1;
    while (run > maxGap) {
      previous += maxGap + 1;
      gaps.push(maxGap);
      positions.push(previous);
      fillerCount++;
      run -= maxGap + 1;
    }
    gaps.push(run);
    positions.push(i);
    previous = i;
  }
  return { gaps: Uint8Array.from(gaps), fillerCount, positions: Uint32Array.from(positions) };
}

/** Flat positions of the stored entries described by `gaps`, in a tensor of `size` elements. */
export function decodeRelativeIndex(gaps: ArrayLike<number>, size: number): Uint32Array {
  const positions = new Uint32Array(gaps.length);
  let position = -1;
  for (let k = 0; k < gaps.length; k++) {
    position += gaps[k] + 1;
    if (position >= size) throw new Error(`relative index runs past the end of the tensor (entry ${k} at position ${position}, size ${size})`);
    positions[k] = position;
  }
  return positions;
}
