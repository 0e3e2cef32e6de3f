// The layer specs of a zoo model or a reader's own model.json for the cost widgets, counted in
// the model worker (building a tfjs model to read its layers never happens on the page).
import { useEffect, useState } from 'react';
import type { Architecture } from '../../runtime/contract/models';
import type { ZooId } from '../../runtime/contract/zoo';
import type { ModelWorker } from '../../runtime/page/client';
import { useModelWorker } from '../live/useModelWorker';

export type { Architecture };

const cache = new Map<ZooId, Promise<Architecture>>();

/** A zoo model's specs, from its model.json (or the course's code when that cannot be read). */
function zooArchitecture(worker: ModelWorker, id: ZooId): Promise<Architecture> {
  let pending = cache.get(id);
  if (!pending) {
    pending = worker.jobs.models.architecture({ kind: 'zoo', id });
    cache.set(id, pending);
    pending.catch(() => cache.delete(id)); // a failure can be retried
  }
  return pending;
}

export type Loaded<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

/** The specs of zoo model `id`, loading in the background. */
export function useZooArchitecture(id: ZooId): Loaded<Architecture> {
  const { worker } = useModelWorker();
  const [state, setState] = useState<{ id: ZooId; loaded: Loaded<Architecture> }>({ id, loaded: { status: 'loading' } });
  useEffect(() => {
    let live = true;
    zooArchitecture(worker, id).then(
      (value) => live && setState({ id, loaded: { status: 'ready', value } }),
      (e: Error) => live && setState({ id, loaded: { status: 'error', message: e.message } }),
    );
    return () => { live = false; };
  }, [worker, id]);
  return state.id === id ? state.loaded : { status: 'loading' };
}
