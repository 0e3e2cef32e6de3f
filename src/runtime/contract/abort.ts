// Cancellation, shared by the worker and the page (no tfjs here).

/** An Error named "AbortError", as fetch throws on abort. It keeps its name across comlink. */
export function abortError(): Error {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}

export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

/**
 * Resolves after the event loop has run once, so a worker can receive messages (a cancel call)
 * between batches: awaiting tfjs data resolves at once on wasm and cpu and would never let them in.
 * A MessageChannel round trip avoids the 4 ms minimum of nested setTimeout.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
