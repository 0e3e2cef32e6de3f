// A fixed sparse matrix times many dense ones: the first layer of an MLP over a fixed set of
// mostly blank images (81 % of MNIST's pixels are 0), evaluated again after every change of the
// weights. Only the non-zero inputs are multiplied, in WebAssembly with 128-bit SIMD: LeNet-300-100's
// first layer over the 10,000 test images takes 40–60 ms here, where tfjs's dense product made the
// whole evaluation take 200–440 ms (bench/engine.bench.ts compares it with the TypeScript loop
// that stands in where SIMD is missing, same float32 arithmetic). sparseProduct runs the same kernel
// with a new sparse matrix every call, for training's first layer (a new batch every step).
import type { CsrMatrix } from '../prune/csr';
import { WASM_BASE64 } from './sparseTimesDenseWasm';
import { compileKernel, ensureMemory } from './wasmModule';

export interface SparseTimesDense {
  /** Rows and columns of the sparse matrix A. */
  readonly rows: number;
  readonly inner: number;
  /** Whether the WebAssembly SIMD kernel runs (else the TypeScript loop). */
  readonly simd: boolean;
  /**
   * Takes a dense row-major B of inner × cols and a bias of cols values (or none), copied now, and
   * returns a function giving rows [first, first + count) of A · B + bias, row-major count × cols.
   * Each output starts at its bias and adds the products of A's non-zeros in column order, every
   * step rounded to float32. The result is a view of the kernel's memory that the next call
   * overwrites: copy it to keep it (a fresh array per call costs more in page faults than the
   * product itself here). Preparing another B invalidates the functions returned before.
   */
  prepare(b: Float32Array, cols: number, bias?: Float32Array): (first: number, count: number) => Float32Array;
}

function checkMatrix(a: CsrMatrix): void {
  const nnz = a.values.length;
  if (a.rowPtr.length !== a.rows + 1 || a.rowPtr[0] !== 0 || a.rowPtr[a.rows] !== nnz || a.colIndex.length !== nnz) {
    throw new Error(`not a CSR matrix of ${a.rows} rows: ${a.rowPtr.length} row offsets for ${nnz} values and ${a.colIndex.length} column indices`);
  }
  for (let r = 0; r < a.rows; r++) if (a.rowPtr[r] > a.rowPtr[r + 1]) throw new Error(`row offsets of a CSR matrix must not decrease (row ${r})`);
  for (let k = 0; k < nnz; k++) if (a.colIndex[k] >= a.cols) throw new Error(`column index ${a.colIndex[k]} is outside the matrix's ${a.cols} columns`);
}

function checkDense(inner: number, b: Float32Array, cols: number, bias: Float32Array | undefined): void {
  if (!Number.isInteger(cols) || cols < 1) throw new Error(`the dense matrix needs at least one column, got ${cols}`);
  if (b.length !== inner * cols) throw new Error(`the dense matrix of ${inner} × ${cols} needs ${inner * cols} values, got ${b.length}`);
  if (bias && bias.length !== cols) throw new Error(`the bias needs ${cols} values, got ${bias.length}`);
}

function checkRows(rows: number, first: number, count: number): void {
  if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 0 || first + count > rows) {
    throw new Error(`rows ${first} to ${first + count} are outside the sparse matrix's ${rows} rows`);
  }
}

/** Each output row starts at the bias (or zero), `stride` floats apart. */
function fillBias(out: Float32Array, rows: number, stride: number, bias: Float32Array | undefined): void {
  if (!bias) return;
  for (let r = 0; r < rows; r++) out.set(bias, r * stride);
}

/**
 * The TypeScript kernel: the wasm one's arithmetic, one column at a time. (The engine's csrMatMul
 * does the same product but sums in float64; this one rounds every step to float32 like the
 * wasm kernel, so the two paths give the same bits.)
 */
function multiplyTs(a: CsrMatrix, b: Float32Array, cols: number, bias: Float32Array | undefined, first: number, count: number): Float32Array {
  const out = new Float32Array(count * cols);
  fillBias(out, count, cols, bias);
  for (let r = 0; r < count; r++) {
    const o = r * cols;
    for (let k = a.rowPtr[first + r]; k < a.rowPtr[first + r + 1]; k++) {
      const v = a.values[k];
      const row = a.colIndex[k] * cols;
      for (let j = 0; j < cols; j++) out[o + j] += Math.fround(v * b[row + j]);
    }
  }
  return out;
}

/**
 * Keeps A (CSR) ready for products A · B + bias with many B: in WebAssembly memory when SIMD is
 * available (`simd: false` forces the TypeScript loop). B's rows are padded to a multiple of four
 * columns inside the kernel.
 */
export function sparseTimesDense(a: CsrMatrix, { simd = true }: { simd?: boolean } = {}): SparseTimesDense {
  checkMatrix(a);
  const module = simd ? compileKernel(WASM_BASE64) : undefined;
  const { rows, cols: inner } = a;
  if (!module) {
    return { rows, inner, simd: false, prepare(b, cols, bias) {
      checkDense(inner, b, cols, bias);
      const [bCopy, biasCopy] = [b.slice(), bias?.slice()];
      return (first, count) => {
        checkRows(rows, first, count);
        return multiplyTs(a, bCopy, cols, biasCopy, first, count);
      };
    } };
  }
  const k = wasmKernel(module);
  const placed = k.placeA(a);
  let generation = 0;
  return { rows, inner, simd: true, prepare(b, cols, bias) {
    checkDense(inner, b, cols, bias);
    const mine = ++generation;
    const padded = k.placeB(placed, b, cols);
    const biasCopy = bias?.slice();
    return (first, count) => {
      if (mine !== generation) throw new Error('another dense matrix was prepared since; prepare this one again');
      checkRows(rows, first, count);
      return k.multiply(placed, padded, cols, biasCopy, first, count);
    };
  } };
}

/**
 * Products A · B + bias where both A (CSR) and B change from call to call (training's first
 * layer: a new batch of images and new weights every step). Same arithmetic and result view as
 * sparseTimesDense, which is the cheaper choice when A stays fixed: here A is copied every call.
 */
export interface SparseProduct {
  /** Whether the WebAssembly SIMD kernel runs (else the TypeScript loop). */
  readonly simd: boolean;
  /**
   * A · B + bias for a dense row-major B of a.cols × cols, row-major a.rows × cols. The result is
   * a view of the kernel's memory that the next call overwrites.
   */
  multiply(a: CsrMatrix, b: Float32Array, cols: number, bias?: Float32Array): Float32Array;
}

/** One reusable kernel for products whose sparse operand changes every call. */
export function sparseProduct({ simd = true }: { simd?: boolean } = {}): SparseProduct {
  const module = simd ? compileKernel(WASM_BASE64) : undefined;
  const k = module && wasmKernel(module);
  return { simd: k !== undefined, multiply(a, b, cols, bias) {
    checkMatrix(a);
    checkDense(a.cols, b, cols, bias);
    if (!k) return multiplyTs(a, b, cols, bias, 0, a.rows);
    const placed = k.placeA(a);
    return k.multiply(placed, k.placeB(placed, b, cols), cols, bias, 0, a.rows);
  } };
}

/** Where A sits in a kernel's memory (row offsets, column indices, values), and where B starts. */
interface PlacedA {
  rows: number;
  inner: number;
  rowPtrAt: number;
  colAt: number;
  valuesAt: number;
  bAt: number;
}

/**
 * One instance of the SIMD kernel. Its memory holds A from byte 0, then B with rows padded to a
 * multiple of four columns, then the output; it grows as needed.
 */
function wasmKernel(module: WebAssembly.Module) {
  const instance = new WebAssembly.Instance(module);
  const memory = instance.exports.memory as WebAssembly.Memory;
  const run = instance.exports.multiply as (...args: number[]) => void;
  const ensure = (bytes: number) => ensureMemory(memory, bytes);
  return {
    /** Copies A's arrays into memory (they are not kept). */
    placeA(a: CsrMatrix): PlacedA {
      const nnz = a.values.length;
      const rowPtrAt = 0;
      const colAt = rowPtrAt + (a.rows + 1) * 4;
      const valuesAt = colAt + nnz * 4;
      const bAt = Math.ceil((valuesAt + nnz * 4) / 16) * 16;
      ensure(bAt);
      new Uint32Array(memory.buffer, rowPtrAt, a.rows + 1).set(a.rowPtr);
      new Uint32Array(memory.buffer, colAt, nnz).set(a.colIndex);
      new Float32Array(memory.buffer, valuesAt, nnz).set(a.values);
      return { rows: a.rows, inner: a.cols, rowPtrAt, colAt, valuesAt, bAt };
    },
    /** Copies B (inner × cols) after A and returns its padded width. */
    placeB(at: PlacedA, b: Float32Array, cols: number): number {
      const padded = Math.ceil(cols / 4) * 4;
      ensure(at.bAt + at.inner * padded * 4);
      const bIn = new Float32Array(memory.buffer, at.bAt, at.inner * padded);
      if (padded === cols) bIn.set(b);
      else for (let r = 0; r < at.inner; r++) bIn.set(b.subarray(r * cols, (r + 1) * cols), r * padded);
      return padded;
    },
    /** Rows [first, first + count) of A · B + bias, as a view of the memory after B. */
    multiply(at: PlacedA, padded: number, cols: number, bias: Float32Array | undefined, first: number, count: number): Float32Array {
      const outAt = at.bAt + at.inner * padded * 4;
      ensure(outAt + count * padded * 4);
      const out = new Float32Array(memory.buffer, outAt, count * padded).fill(0);
      fillBias(out, count, padded, bias);
      run(at.rowPtrAt, at.colAt, at.valuesAt, at.bAt, outAt, first, count, padded * 4);
      // Close the padding up in place (row r moves down from r · padded to r · cols).
      if (padded !== cols) for (let r = 1; r < count; r++) out.copyWithin(r * cols, r * padded, r * padded + cols);
      return out.subarray(0, count * cols);
    },
  };
}
