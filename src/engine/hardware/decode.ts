/**
 * Memory-bound decoding of a language model: generating one token reads every weight once
 * (batch 1), so tokens per second cannot exceed bandwidth ÷ bytes of weights, however fast the
 * arithmetic. The KV cache adds what it must read on top.
 */

function requirePositive(value: number, what: string): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${what} must be a positive number, got ${value}`);
}

/** Upper bound of tokens per second: bandwidth (B/s) ÷ (params · bitsPerWeight / 8). */
export function decodeTokensPerSecond(params: number, bitsPerWeight: number, bandwidth: number): number {
  requirePositive(params, 'parameters');
  requirePositive(bitsPerWeight, 'bits per weight');
  requirePositive(bandwidth, 'bandwidth');
  return bandwidth / ((params * bitsPerWeight) / 8);
}

export interface KvCacheShape {
  layers: number;
  /** Key/value heads (fewer than query heads with grouped-query attention). */
  kvHeads: number;
  headDim: number;
  /** Tokens kept (the context length). */
  tokens: number;
  bytesPerValue: number;
  /** Sequences decoded together. Default 1. */
  batch?: number;
}

/** Bytes of the KV cache: 2 (K and V) · layers · kvHeads · headDim · tokens · bytesPerValue · batch. */
export function kvCacheBytes(s: KvCacheShape): number {
  for (const key of ['layers', 'kvHeads', 'headDim', 'tokens', 'bytesPerValue'] as const) requirePositive(s[key], key);
  const batch = s.batch ?? 1;
  requirePositive(batch, 'batch');
  return 2 * s.layers * s.kvHeads * s.headDim * s.tokens * s.bytesPerValue * batch;
}
