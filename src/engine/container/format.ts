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
 *   u32 k, f32 × k codebook (only centroids some weight uses; files written before that rule may
 *     hold unused ones, which read the same) | u32 stored entries (non-zeros + filler zeros)
 *   u8 × 2^b gap code lengths, u32 bit count, gap bits (byte-padded); canonical prefix codes, Huffman
 *     or fixed-width (all used symbols the same length)
 *   u8 × (k + 1) cluster code lengths (symbol k = filler zero), u32 bit count, cluster bits
 *   u32 bias length (0 = no bias), f32 × bias length
 * A stream whose symbols are all the same has one code length 1 and no bits.
 */
import { ByteReader, ByteWriter } from './byteIO';
import { crc32 } from './crc32';
import { type CodedStream, type CompressedLayer, type IndexCoding, codeLayer, decodeLayerWeights } from './layerCoding';

export const MODEL_FILE_MAGIC = 'CLMZ';
/** The largest tensor a model file may hold: 64 M elements (256 MB as float32), ample for the course's models. */
export const MAX_LAYER_ELEMENTS = 64 * 2 ** 20;
/** At most this many dimensions per tensor. */
const MAX_RANK = 8;
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

/** Serialises pruned, clustered layers (see CompressedLayer) into a model file, its index streams Huffman-coded or fixed-width. */
export function encodeCompressedModel(layers: CompressedLayer[], coding: IndexCoding = 'huffman'): Uint8Array {
  const w = new ByteWriter();
  w.bytes(MAGIC_BYTES);
  w.u16(MODEL_FILE_VERSION);
  w.u16(0);
  w.u32(layers.length);
  w.u32(0); // payload length, patched below
  for (const layer of layers) {
    const coded = codeLayer(layer, coding);
    const name = new TextEncoder().encode(layer.name);
    if (name.length > 65535) throw new Error(`layer name too long (${name.length} bytes)`);
    if (layer.shape.length > 255) throw new Error(`layer "${layer.name}": at most 255 dimensions`);
    w.u16(name.length);
    w.bytes(name);
    w.u8(layer.shape.length);
    layer.shape.forEach((d) => w.u32(d));
    w.u8(coded.indexBits);
    w.u32(coded.centroids.length);
    w.f32s(coded.centroids);
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

/**
 * Reads a model file back into layers with dense weights (identical float32 values). A hostile or
 * damaged file cannot make it allocate more than its stated limits or loop for long: every count
 * is checked against the shapes and the bytes actually present before anything is allocated, and
 * every error is a sentence naming the layer.
 */
export function decodeCompressedModel(bytes: Uint8Array): DecodedLayer[] {
  const { layerCount, payloadEnd } = checkEnvelope(bytes);
  const r = new ByteReader(bytes, HEADER_BYTES, payloadEnd);
  const layers: DecodedLayer[] = [];
  for (let l = 0; l < layerCount; l++) {
    const name = new TextDecoder().decode(r.bytes(r.u16()));
    const where = `layer ${l + 1} ("${name.slice(0, 40)}")`;
    try {
      layers.push(readLayer(r, name));
    } catch (e) {
      throw new Error(`${where}: ${readable(e)}`);
    }
  }
  if (r.position !== payloadEnd) throw new Error(`the file has ${payloadEnd - r.position} bytes that belong to no layer`);
  return layers;
}

/** A runtime's own wording ("Invalid typed array length") as a sentence a reader can act on. */
function readable(e: unknown): string {
  if (e instanceof RangeError) return 'the file claims sizes this page cannot hold (it is damaged or was not written by Compression Lab)';
  return e instanceof Error ? e.message : String(e);
}

function readLayer(r: ByteReader, name: string): DecodedLayer {
  const rank = r.u8();
  if (rank < 1 || rank > MAX_RANK) throw new Error(`a tensor has 1 to ${MAX_RANK} dimensions, the file says ${rank}`);
  const shape = Array.from({ length: rank }, () => r.u32());
  const size = shape.reduce((a, b) => a * b, 1);
  if (shape.some((d) => d < 1)) throw new Error(`shape [${shape}] has a dimension of 0`);
  if (size > MAX_LAYER_ELEMENTS) {
    throw new Error(`shape [${shape}] has ${size.toExponential(2)} elements; this page reads tensors of at most ${MAX_LAYER_ELEMENTS.toLocaleString('en-US')} (64 M)`);
  }
  const indexBits = r.u8();
  if (indexBits < 1 || indexBits > 8) throw new Error(`relative index bits must be 1 to 8, got ${indexBits}`);
  const k = r.u32();
  if (k > 65535) throw new Error(`at most 65535 centroids, the file says ${k}`);
  const centroids = r.f32s(k);
  const badCentroid = centroids.findIndex((c) => !Number.isFinite(c));
  if (badCentroid >= 0) throw new Error(`centroid ${badCentroid} is ${centroids[badCentroid]}, not a finite number`);
  const entries = r.u32();
  // Each stored entry takes a position of its own, and needs at least one bit unless its stream has one symbol.
  if (entries > size) throw new Error(`${entries} stored entries claimed for a tensor of ${size} elements`);
  const gaps = readStream(r, 1 << indexBits);
  const clusters = readStream(r, k + 1);
  for (const [what, stream] of [['gap', gaps], ['cluster', clusters]] as const) {
    const used = stream.lengths.filter((n) => n > 0).length;
    if (used > 1 && entries > stream.bitLength) throw new Error(`${entries} stored entries claimed but the ${what} stream has only ${stream.bitLength} bits`);
    if (stream.lengths.some((n) => n > 32)) throw new Error(`a ${what} code is longer than 32 bits`);
  }
  const biasLength = r.u32();
  if (biasLength > MAX_LAYER_ELEMENTS) throw new Error(`a bias of ${biasLength} values is beyond this page's limit`);
  const bias = biasLength > 0 ? r.f32s(biasLength) : undefined;
  const badBias = bias ? bias.findIndex((b) => !Number.isFinite(b)) : -1;
  if (bias && badBias >= 0) throw new Error(`bias ${badBias} is ${bias[badBias]}, not a finite number`);
  const weights = decodeLayerWeights({ entries, gaps, clusters }, centroids, size);
  return { name, shape, weights, centroids, indexBits, ...(bias ? { bias } : {}) };
}
