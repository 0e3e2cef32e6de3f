import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { ModelWorker } from '../../runtime/page/client';
import { BACKENDS, type BackendName } from '../../runtime/contract/names';
import { param, useUrlState } from '../urlState';
import { acquire, backendState, requestBackend, sharedWorker, subscribe, type BackendState } from './modelWorkerStore';

/** URL key `rt.backend`: the tfjs backend every live widget on the page uses (default wasm). */
const schema = { backend: param.oneOf(BACKENDS, 'wasm') };

export interface ModelWorkerHandle {
  /** The page's one model worker (shared by all live widgets). */
  worker: ModelWorker;
  /** The backend asked for in the URL, and what actually started. */
  backend: BackendState;
  setBackend(name: BackendName): void;
}

/**
 * The page's model worker, running the backend named in the URL (`rt.backend`). Every live widget
 * calls this; the worker starts with the first and stops when the last unmounts.
 */
export function useModelWorker(): ModelWorkerHandle {
  const [url, setUrl] = useUrlState('rt', schema);
  useEffect(() => acquire(), []);
  useEffect(() => requestBackend(url.backend), [url.backend]);
  const backend = useSyncExternalStore(subscribe, backendState);
  const setBackend = useCallback((name: BackendName) => setUrl({ backend: name }), [setUrl]);
  return { worker: sharedWorker(), backend, setBackend };
}
