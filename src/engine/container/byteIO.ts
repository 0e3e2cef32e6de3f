/** Little-endian byte writing and bounds-checked reading for the model file. */

export class ByteWriter {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  length = 0;

  private reserve(n: number): number {
    if (this.length + n > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + n));
      grown.set(this.buffer);
      this.buffer = grown;
      this.view = new DataView(grown.buffer);
    }
    const at = this.length;
    this.length += n;
    return at;
  }

  // reserve() may replace buffer and view, so it runs before they are read.
  u8(v: number): void {
    const at = this.reserve(1);
    this.view.setUint8(at, v);
  }
  u16(v: number): void {
    const at = this.reserve(2);
    this.view.setUint16(at, v, true);
  }
  u32(v: number): void {
    const at = this.reserve(4);
    this.view.setUint32(at, v, true);
  }
  f32s(values: Float32Array): void {
    const at = this.reserve(4 * values.length);
    values.forEach((v, i) => this.view.setFloat32(at + 4 * i, v, true));
  }
  bytes(b: Uint8Array): void {
    const at = this.reserve(b.length);
    this.buffer.set(b, at);
  }
  /** Overwrites a u32 written earlier at `offset`. */
  patchU32(offset: number, v: number): void {
    this.view.setUint32(offset, v, true);
  }
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

export class ByteReader {
  private readonly view: DataView;
  position: number;

  /** Reads bytes [start, end) of `data`. */
  constructor(
    private readonly data: Uint8Array,
    start = 0,
    private readonly end = data.length,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.position = start;
  }

  private take(n: number): number {
    if (this.position + n > this.end) {
      throw new Error(`the file ends early: expected ${this.position + n} bytes, got ${this.end}`);
    }
    const at = this.position;
    this.position += n;
    return at;
  }

  u8(): number {
    return this.view.getUint8(this.take(1));
  }
  u16(): number {
    return this.view.getUint16(this.take(2), true);
  }
  u32(): number {
    return this.view.getUint32(this.take(4), true);
  }
  f32s(count: number): Float32Array {
    const at = this.take(4 * count);
    return Float32Array.from({ length: count }, (_, i) => this.view.getFloat32(at + 4 * i, true));
  }
  bytes(count: number): Uint8Array {
    const at = this.take(count);
    return this.data.slice(at, at + count);
  }
}
