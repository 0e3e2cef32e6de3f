// Loading the layer specs of a zoo model or a reader's own model.json for the cost widgets.
import { useEffect, useState } from 'react';
import { architectureFromJson, specsFromModel, type ModelSpecs } from '../../runtime/worker/specs';
import { buildModel } from '../../runtime/worker/models';
import type { ZooId } from '../../runtime/contract/zoo';

export interface Architecture extends ModelSpecs {
  /** Set when the zoo file could not be read and the architecture came from the code instead. */
  note?: string;
}

const cache = new Map<ZooId, Promise<Architecture>>();

/** The specs of a model.json object; the model built to read them is disposed at once. */
export async function architectureOfJson(json: Record<string, unknown>): Promise<ModelSpecs> {
  const model = await architectureFromJson(json);
  try {
    return specsFromModel(model);
  } finally {
    model.dispose();
  }
}

/**
 * A zoo model's specs, read from public/models/<id>/model.json. If that file cannot be read
 * (the zoo not trained yet, offline), the same architecture is built from its code.
 */
export function zooArchitecture(id: ZooId): Promise<Architecture> {
  let pending = cache.get(id);
  if (!pending) {
    pending = (async () => {
      try {
        const response = await fetch(`${import.meta.env.BASE_URL}models/${id}/model.json`);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return await architectureOfJson(await response.json());
      } catch (e) {
        const model = buildModel(id, 1);
        try {
          return { ...specsFromModel(model), note: `The file models/${id}/model.json could not be read (${(e as Error).message}); the architecture comes from the course's code.` };
        } finally {
          model.dispose();
        }
      }
    })();
    cache.set(id, pending);
  }
  return pending;
}

export type Loaded<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

/** The specs of zoo model `id`, loading in the background. */
export function useZooArchitecture(id: ZooId): Loaded<Architecture> {
  const [state, setState] = useState<{ id: ZooId; loaded: Loaded<Architecture> }>({ id, loaded: { status: 'loading' } });
  useEffect(() => {
    let live = true;
    zooArchitecture(id).then(
      (value) => live && setState({ id, loaded: { status: 'ready', value } }),
      (e: Error) => live && setState({ id, loaded: { status: 'error', message: e.message } }),
    );
    return () => { live = false; };
  }, [id]);
  return state.id === id ? state.loaded : { status: 'loading' };
}
