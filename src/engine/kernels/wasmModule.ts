// The kernels' compiled WebAssembly modules, from the base64 bytes in their generated …Wasm.ts,
// and the one way their memories grow.

const modules = new Map<string, WebAssembly.Module | null>();

/** The module of `base64` (compiled once), or undefined where WebAssembly or a feature it uses (SIMD) is missing. */
export function compileKernel(base64: string): WebAssembly.Module | undefined {
  if (!modules.has(base64)) {
    const bytes = typeof WebAssembly === 'undefined' ? undefined : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    modules.set(base64, bytes && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null);
  }
  return modules.get(base64) ?? undefined;
}

const PAGE = 65536;

/** Grows `memory` by whole 64 KiB pages until it holds at least `bytes` bytes. */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
}
