// One model worker per page, shared by every live widget, with the backend it runs on.
import { createModelWorker, type ModelWorker } from '../../runtime/page/client';
import type { BackendInfo } from '../../runtime/contract/models';
import type { BackendName } from '../../runtime/contract/names';

export type BackendState =
  | { status: 'starting'; requested: BackendName }
  | { status: 'ready'; requested: BackendName; info: BackendInfo }
  | { status: 'error'; requested: BackendName; message: string };

let worker: ModelWorker | undefined;
let users = 0;
let state: BackendState = { status: 'starting', requested: 'wasm' };
let requested: BackendName | undefined;
const listeners = new Set<() => void>();

function setState(next: BackendState) {
  state = next;
  for (const l of listeners) l();
}

/** The page's worker, started on first use. */
export function sharedWorker(): ModelWorker {
  worker ??= createModelWorker();
  return worker;
}

/** Starts `name` in the worker unless it is already the requested backend. */
export function requestBackend(name: BackendName) {
  if (requested === name && worker) return;
  requested = name;
  setState({ status: 'starting', requested: name });
  sharedWorker().init(name).then(
    (info) => { if (requested === name) setState({ status: 'ready', requested: name, info }); },
    (e: Error) => { if (requested === name) setState({ status: 'error', requested: name, message: e.message }); },
  );
}

export function backendState(): BackendState {
  return state;
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Counts widgets using the worker; the last one to leave stops it (after a tick, so a remount keeps it). */
export function acquire(): () => void {
  users++;
  return () => {
    users--;
    setTimeout(() => {
      if (users > 0 || !worker) return;
      worker.terminate();
      worker = undefined;
      requested = undefined;
    }, 0);
  };
}
