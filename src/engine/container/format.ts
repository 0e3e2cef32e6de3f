/**
 * The Compression Lab model file (.clmz), version 1. All numbers little-endian.
 *
 *   offset 0   "CLMZ"                      magic
 *          4   u16 version (1)            6  u16 reserved (0)
 *          8   u32 layer count           12  u32 payload length P in bytes
 *         16   payload: the layers, one after another
 *     16 + P   u32 CRC-32 of bytes [0, 16 + P)
 *
 * Each layer:
 *   u16 name length, UTF-8 name | u8 rank, u32 × rank shape | u8 relative-index bits b
 *   u32 k, f32 × k codebook | u32 stored entries (non-zeros + filler zeros)
 *   u8 × 2^b gap code lengths, u32 bit count, gap bits (byte-padded)
 *   u8 × (k + 1) cluster code lengths (symbol k = filler zero), u32 bit count, cluster bits
 *   u32 bias length (0 = no bias), f32 × bias length
 * A stream whose symbols are all the same has one code length 1 and no bits.
 */
import { ByteReader, ByteWriter } from './byteIO';
import { crc32 } from './crc32';
import { type CodedStream, type CompressedLayer, codeLayer, decodeLayerWeights } from './layerCoding';

export const MODEL_FILE_MAGIC = 'CLMZ';
export const MODEL_FILE_VERSION = 1;
const HEADER_BYTES = 16;
const CHECKSUM_BYTES = 4;
const MAGIC_BYTES = Uint8Array.from(MODEL_FILE_MAGIC, (c) => c.charCodeAt(0));

function writeStream(w: ByteWriter, s: CodedStream): void {
  w.bytes(s.lengths);
  w.u32(s.bitLength);
  w.bytes(s.bytes);
}

function readStream(r: ByteReader, alphabet: number): CodedStream {
  const lengths = r.bytes(alphabet);
  const bitLength = r.u32();
  return { lengths, bitLength, bytes: r.bytes(Math.ceil(bitLength / 8)) };
}

/** Serialises pruned, clustered layers (see CompressedLayer) into a model file. */
export function encodeCompressedModel(layers: CompressedLayer[]): Uint8Array {
  const w = new ByteWriter();
  w.bytes(MAGIC_BYTES);
  w.u16(MODEL_FILE_VERSION);
  w.u16(0);
  w.u32(layers.length);
  w.u32(0); // payload length, patched below
  for (const layer of layers) {
    const coded = codeLayer(layer);
    const name = new TextEncoder().encode(layer.name);
    if (name.length > 65535) throw new Error(`layer name too long (${name.length} bytes)`);
    if (layer.shape.length > 255) throw new Error(`layer "${layer.name}": at most 255 dimensions`);
    w.u16(name.length);
    w.bytes(name);
    w.u8(layer.shape.length);
    layer.shape.forEach((d) => w.u32(d));
    w.u8(coded.indexBits);
    w.u32(layer.centroids.length);
    w.f32s(layer.centroids);
    w.u32(coded.entries);
    writeStream(w, coded.gaps);
    writeStream(w, coded.clusters);
    w.u32(layer.bias?.length ?? 0);
    if (layer.bias) w.f32s(layer.bias);
  }
  w.patchU32(12, w.length - HEADER_BYTES);
  const body = w.finish();
  const file = new Uint8Array(body.length + CHECKSUM_BYTES);
  file.set(body);
  new DataView(file.buffer).setUint32(body.length, crc32(body), true);
  return file;
}

/** Checks magic, version, length and checksum, in that order, with messages for a reader. */
function checkEnvelope(bytes: Uint8Array): { layerCount: number; payloadEnd: number } {
  const head = bytes.subarray(0, 4);
  if (head.some((b, i) => b !== MAGIC_BYTES[i])) throw new Error('not a Compression Lab model file');
  if (bytes.length < HEADER_BYTES) throw new Error(`the file ends early: expected at least ${HEADER_BYTES} bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version > MODEL_FILE_VERSION) throw new Error(`made by a newer version (v${version}); this page reads v${MODEL_FILE_VERSION}`);
  if (version < 1) throw new Error(`unknown version v${version}; this page reads v${MODEL_FILE_VERSION}`);
  const payloadEnd = HEADER_BYTES + view.getUint32(12, true);
  const expected = payloadEnd + CHECKSUM_BYTES;
  if (bytes.length < expected) throw new Error(`the file ends early: expected ${expected} bytes, got ${bytes.length}`);
  if (bytes.length > expected) throw new Error(`the file has ${bytes.length - expected} unexpected bytes after its end`);
  if (crc32(bytes.subarray(0, payloadEnd)) !== view.getUint32(payloadEnd, true)) throw new Error('the file is corrupted (checksum mismatch)');
  return { layerCount: view.getUint32(8, true), payloadEnd };
}

/** A layer read from a file: as written, with its relative-index bits filled in. */
export type DecodedLayer = CompressedLayer & { indexBits: number };

/** Reads a model file back into layers with dense weights (identical float32 values). */
export function decodeCompressedModel(bytes: Uint8Array): DecodedLayer[] {
  const { layerCount, payloadEnd } = checkEnvelope(bytes);
  const r = new ByteReader(bytes, HEADER_BYTES, payloadEnd);
  const layers: DecodedLayer[] = [];
  for (let l = 0; l < layerCount; l++) {
    const name = new TextDecoder().decode(r.bytes(r.u16()));
    const shape = Array.from({ length: r.u8() }, () => r.u32());
    const indexBits = r.u8();
    if (indexBits < 1 || indexBits > 8) throw new Error(`layer "${name}": relative index bits must be 1 to 8, got ${indexBits}`);
    const centroids = r.f32s(r.u32());
    const entries = r.u32();
    const gaps = readStream(r, 1 << indexBits);
    const clusters = readStream(r, centroids.length + 1);
    const biasLength = r.u32();
    const bias = biasLength > 0 ? r.f32s(biasLength) : undefined;
    const size = shape.reduce((a, b) => a * b, 1);
    const weights = decodeLayerWeights({ entries, gaps, clusters }, centroids, size);
    layers.push({ name, shape, weights, centroids, indexBits, ...(bias ? { bias } : {}) });
  }
  if (r.position !== payloadEnd) throw new Error(`the file has ${payloadEnd - r.position} bytes that belong to no layer`);
  return layers;
}
