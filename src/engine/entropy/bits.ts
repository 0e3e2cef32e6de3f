/**
 * Bit-level writing and reading, most significant bit first (the first bit written is the top
 * bit of byte 0), as prefix codes are usually drawn.
 */

export class BitWriter {
  private buffer = new Uint8Array(64);
  private length = 0;

  /** Appends the low `bits` bits of `value` (0 ≤ bits ≤ 32), highest first. */
  write(value: number, bits: number): void {
    if (!Number.isInteger(bits) || bits < 0 || bits > 32) throw new Error(`can write 0 to 32 bits at a time, not ${bits}`);
    for (let b = bits - 1; b >= 0; b--) this.writeBit((value >>> b) & 1);
  }

  writeBit(bit: number): void {
    const byte = this.length >>> 3;
    if (byte === this.buffer.length) {
      const grown = new Uint8Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    if (bit) this.buffer[byte] |= 0x80 >>> (this.length & 7);
    this.length++;
  }

  /** Bits written so far. */
  get bitLength(): number {
    return this.length;
  }

  /** The bytes written (the last one padded with zero bits) and the exact number of bits. */
  finish(): { bytes: Uint8Array; bitLength: number } {
    return { bytes: this.buffer.slice(0, Math.ceil(this.length / 8)), bitLength: this.length };
  }
}

export class BitReader {
  private position = 0;

  /** Reads from `bytes`, which hold `bitLength` meaningful bits (default: all of them). */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly bitLength = bytes.length * 8,
  ) {
    if (bitLength > bytes.length * 8) throw new Error(`${bitLength} bits do not fit in ${bytes.length} bytes`);
  }

  readBit(): number {
    if (this.position >= this.bitLength) throw new Error(`the coded data ends early (after ${this.bitLength} bits)`);
    const bit = (this.bytes[this.position >>> 3] >>> (7 - (this.position & 7))) & 1;
    this.position++;
    return bit;
  }

  /** Reads `bits` bits (0 ≤ bits ≤ 32) as an unsigned number, highest first. */
  read(bits: number): number {
    if (!Number.isInteger(bits) || bits < 0 || bits > 32) throw new Error(`can read 0 to 32 bits at a time, not ${bits}`);
    let value = 0;
    for (let b = 0; b < bits; b++) value = value * 2 + this.readBit();
    return value;
  }

  /** Bits not yet read. */
  get remaining(): number {
    return this.bitLength - this.position;
  }
}
