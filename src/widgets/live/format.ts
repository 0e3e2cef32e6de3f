// Number formatting shared by the live widgets (display only; no computation).
import type { BackendInfo } from '../../runtime/contract/models';

export const formatPercent = (fraction: number, digits = 2) => `${(fraction * 100).toFixed(digits)}%`;

export const formatInt = (n: number) => n.toLocaleString('en-US');

/** Milliseconds with sensible precision: "0.042 ms", "3.1 ms", "840 ms", "1.25 s". */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(3)} ms`;
}

/** "wasm (SIMD, 2 threads)", "webgl", "cpu". */
export function describeBackend(info: BackendInfo): string {
  if (info.name !== 'wasm') return info.name;
  const parts = [info.simd ? 'SIMD' : 'no SIMD', `${info.threads ?? 1} thread${info.threads === 1 ? '' : 's'}`];
  return `wasm (${parts.join(', ')})`;
}
