// Starting, driving and stopping the shard workers of data parallelism. The pool sends each
// shard the weights and its part of the batch and waits for every shard's gradient; a cancel, a
// shard's error or the end of the run terminates every shard (no worker outlives its job).
import { abortError } from '../../contract/abort';
import type { BackendInfo } from '../../contract/models';
import type { BackendName } from '../../contract/names';
import type { ZooId } from '../../contract/zoo';
import type { LabelledImages } from '../evaluate';
import type { ShardReply, ShardRequest } from './protocol';

/** One shard as the pool sees it: a real Worker, or an in-process stand-in in node tests. */
export interface ShardEndpoint {
  post(request: ShardRequest, transfer: Transferable[]): void;
  listen(onReply: (reply: ShardReply) => void, onFailure: (message: string) => void): void;
  terminate(): void;
}

export type SpawnShard = (index: number) => ShardEndpoint;

/** A shard in its own Web Worker, with its own tfjs. */
export const spawnWorkerShard: SpawnShard = (index) => {
  const worker = new Worker(new URL('./shard.worker.ts', import.meta.url), { type: 'module', name: `compression-lab-shard-${index + 1}` });
  return {
    post: (request, transfer) => worker.postMessage(request, transfer),
    listen(onReply, onFailure) {
      worker.onmessage = (e: MessageEvent<ShardReply>) => onReply(e.data);
      worker.onerror = (e) => { e.preventDefault(); onFailure(e.message || 'the worker could not start'); };
      worker.onmessageerror = () => onFailure('a message could not be read');
    },
    terminate: () => worker.terminate(),
  };
};

/** What one shard answered for one step. */
export interface ShardAnswer {
  gradients: Float32Array;
  loss: number;
  /** The shard's own time for the step. */
  computeMs: number;
  /** From posting the step to receiving the answer, in the model worker. */
  roundTripMs: number;
  /** Bytes sent to the shard (weights, images, labels) and received from it (gradients). */
  bytesSent: number;
  bytesReceived: number;
}

export interface ShardPool {
  readonly size: number;
  /** The backend each shard runs. */
  readonly backends: BackendInfo[];
  /** Sends every shard the weights and its examples; resolves with every shard's answer, in order. */
  step(step: number, weights: Float32Array, shards: readonly LabelledImages[]): Promise<ShardAnswer[]>;
  /** Terminates every shard (again is harmless). */
  close(): void;
}

/** The array itself if it owns its whole buffer, else a copy: transferring a view would detach the array it is cut from. */
function wholeBuffer(a: Uint8Array): Uint8Array {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : a.slice();
}

let running = 0;

/** How many shard workers are running now, over every pool (0 between jobs). */
export function runningShards(): number {
  return running;
}

/**
 * Starts `count` shards, each with `backend` and the architecture of `model`, and resolves once
 * all are ready. Aborting `signal` terminates them and rejects what is waiting with an AbortError.
 */
export async function startShardPool(count: number, spawn: SpawnShard, options: { model: ZooId; backend: BackendName; signal?: AbortSignal }): Promise<ShardPool> {
  const { signal } = options;
  if (signal?.aborted) throw abortError();
  const endpoints: ShardEndpoint[] = [];
  const waiting: ({ resolve: (r: ShardReply) => void; reject: (e: Error) => void } | undefined)[] = [];
  let failure: Error | undefined;
  let closed = false;

  function close(): void {
    if (closed) return;
    closed = true;
    for (const e of endpoints) e.terminate();
    running -= endpoints.length;
    signal?.removeEventListener('abort', onAbort);
  }
  function fail(error: Error): void {
    if (failure) return;
    failure = error;
    close();
    for (const w of waiting) w?.reject(error);
    waiting.fill(undefined);
  }
  function onAbort(): void {
    fail(abortError());
  }
  function ask(k: number, request: ShardRequest, transfer: Transferable[] = []): Promise<ShardReply> {
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      waiting[k] = { resolve, reject };
      endpoints[k].post(request, transfer);
    });
  }

  signal?.addEventListener('abort', onAbort);
  try {
    for (let k = 0; k < count; k++) {
      const endpoint = spawn(k);
      endpoints.push(endpoint);
      running++;
      endpoint.listen((reply) => {
        const w = waiting[k];
        waiting[k] = undefined;
        if (reply.kind === 'error') fail(new Error(`shard worker ${k + 1}: ${reply.message}`));
        else w?.resolve(reply);
      }, (message) => fail(new Error(`shard worker ${k + 1} failed: ${message}`)));
    }
    const ready = await Promise.all(endpoints.map((_, k) => ask(k, { kind: 'init', model: options.model, backend: options.backend })));
    const backends = ready.map((r) => (r as Extract<ShardReply, { kind: 'ready' }>).backend);
    return {
      size: count,
      backends,
      async step(step, weights, shards) {
        if (shards.length !== count) throw new Error(`${shards.length} shards for ${count} workers`);
        return Promise.all(shards.map(async (shard, k) => {
          // Each shard gets its own copy of the weights, moved (not copied again) by postMessage.
          const own = weights.slice();
          const images = wholeBuffer(shard.images);
          const labels = wholeBuffer(shard.labels);
          const bytesSent = own.byteLength + images.byteLength + labels.byteLength;
          const posted = performance.now();
          const reply = await ask(k, { kind: 'step', step, weights: own, images, labels }, [own.buffer, images.buffer, labels.buffer]);
          const roundTripMs = performance.now() - posted;
          if (reply.kind !== 'gradients' || reply.step !== step) throw new Error(`shard worker ${k + 1} answered out of turn`);
          return { gradients: reply.gradients, loss: reply.loss, computeMs: reply.computeMs, roundTripMs, bytesSent, bytesReceived: reply.gradients.byteLength };
        }));
      },
      close,
    };
  } catch (e) {
    close();
    throw failure ?? e;
  }
}
