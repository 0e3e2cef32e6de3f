// Dense float32 and int8 matrix products in WebAssembly SIMD (denseProducts.wat, and
// denseProductsRelaxed.wat with relaxed SIMD's 8-bit dot product), for measuring what int8
// arithmetic really gains in a browser. All compute A (rows × n) · B (n × cols) from B given
// transposed (cols × n); each row is padded with zeros to a multiple of 64 bytes.
import { WASM_BASE64 as STANDARD } from './denseProductsWasm';
import { WASM_BASE64 as RELAXED } from './denseProductsRelaxedWasm';
import { compileKernel as compile, ensureMemory } from './wasmModule';

/** 'f32': float32. 'i8': int8 in [-127, 127], standard SIMD. 'i8relaxed': A in [0, 127], Bᵀ in [-127, 127], relaxed SIMD. */
export type DenseProductKind = 'f32' | 'i8' | 'i8relaxed';
type Input<K extends DenseProductKind> = K extends 'f32' ? Float32Array : Int8Array;
type Output<K extends DenseProductKind> = K extends 'f32' ? Float32Array : Int32Array;

/** Whether this JavaScript engine runs the kernel of `kind` (WebAssembly SIMD; relaxed SIMD for 'i8relaxed'). */
export const denseProductsAvailable = (kind: DenseProductKind = 'f32'): boolean => compile(kind === 'i8relaxed' ? RELAXED : STANDARD) !== undefined;

type GemmFn = (a: number, bt: number, out: number, rows: number, cols: number, n: number) => void;

function checkRange(values: Int8Array, min: number, what: string): void {
  for (const v of values) if (v < min) throw new RangeError(`${what} values must be in [${min}, 127], got ${v}`);
}

/**
 * Copies A and Bᵀ into a fresh kernel instance once and returns `run`, which computes the
 * rows × cols product (a view of the kernel's memory, overwritten by the next run). Throws where
 * the kernel cannot run, or for values outside the kind's range.
 */
export function prepareDenseProduct<K extends DenseProductKind>(kind: K, a: Input<K>, bt: Input<K>, rows: number, cols: number, n: number): { run(): Output<K>; paddedN: number } {
  const module = compile(kind === 'i8relaxed' ? RELAXED : STANDARD);
  if (!module) throw new Error(kind === 'i8relaxed' ? 'this JavaScript engine has no relaxed WebAssembly SIMD' : 'this JavaScript engine has no WebAssembly SIMD');
  for (const [v, what] of [[rows, 'rows'], [cols, 'columns'], [n, 'inner size']] as const) if (!Number.isInteger(v) || v < 1) throw new RangeError(`${what} must be a whole number ≥ 1, got ${v}`);
  if (a.length !== rows * n || bt.length !== cols * n) throw new RangeError(`A needs ${rows * n} values and Bᵀ ${cols * n}, got ${a.length} and ${bt.length}`);
  if (kind !== 'f32') {
    checkRange(a as Int8Array, kind === 'i8relaxed' ? 0 : -127, 'A');
    checkRange(bt as Int8Array, -127, 'Bᵀ');
  }
  const size = kind === 'f32' ? 4 : 1;
  const paddedN = Math.ceil((n * size) / 64) * (64 / size);
  const aBytes = rows * paddedN * size;
  const bBytes = cols * paddedN * size;
  const total = aBytes + bBytes + rows * cols * 4;
  const ex = new WebAssembly.Instance(module, {}).exports as unknown as { memory: WebAssembly.Memory; gemmF32: GemmFn; gemmI8: GemmFn };
  ensureMemory(ex.memory, total);
  const heap = kind === 'f32' ? new Float32Array(ex.memory.buffer) : new Int8Array(ex.memory.buffer);
  for (let r = 0; r < rows; r++) heap.set(a.subarray(r * n, (r + 1) * n), r * paddedN);
  for (let c = 0; c < cols; c++) heap.set(bt.subarray(c * n, (c + 1) * n), aBytes / size + c * paddedN);
  const outOffset = aBytes + bBytes;
  const gemm = kind === 'f32' ? ex.gemmF32 : ex.gemmI8;
  return {
    paddedN,
    run: () => {
      gemm(0, aBytes, outOffset, rows, cols, paddedN);
      return (kind === 'f32' ? new Float32Array(ex.memory.buffer, outOffset, rows * cols) : new Int32Array(ex.memory.buffer, outOffset, rows * cols)) as Output<K>;
    },
  };
}
