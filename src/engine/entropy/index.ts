// Entropy coding: bit streams, Huffman codes and entropy.
export { BitReader, BitWriter } from './bits';
export { MAX_CODE_LENGTH, canonicalCodes, huffmanCodeLengths, huffmanDecode, huffmanEncode } from './huffman';
export { averageCodeLength, entropyBits } from './entropy';
