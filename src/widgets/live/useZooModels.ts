import { useEffect, useMemo, useState } from 'react';
import { UPLOAD_KEY } from '../../runtime/contract/names';
import { param } from '../urlState';
import { ZOO, ZOO_IDS, type ZooEntry, type ZooId, type ZooManifest, type ZooSpec } from '../../runtime/contract/zoo';

export interface ZooModels {
  /** Models to offer: the trained ones from public/models/manifest.json, else the specs. */
  models: (ZooSpec & Partial<ZooEntry>)[];
  loading: boolean;
  /** Why the manifest could not be read (the list then shows the specs, untrained facts absent). */
  error?: string;
}

let manifest: Promise<ZooManifest> | undefined;

function fetchManifest(): Promise<ZooManifest> {
  manifest ??= fetch(new URL('models/manifest.json', document.baseURI)).then(async (res) => {
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const json = (await res.json()) as ZooManifest;
    if (!Array.isArray(json.models)) throw new Error('it has no "models" list');
    return json;
  });
  manifest.catch(() => { manifest = undefined; });
  return manifest;
}

/** The zoo's models (restricted to `only` when given), from the manifest the training script wrote. */
export function useZooModels(only?: readonly ZooId[]): ZooModels {
  const [state, setState] = useState<ZooModels>({ models: [], loading: true });
  const key = (only ?? ZOO_IDS).join(',');
  useEffect(() => {
    let live = true;
    const wanted = key.split(',');
    const keep = (id: string) => wanted.includes(id);
    fetchManifest().then(
      (m) => live && setState({ models: m.models.filter((e) => keep(e.id)), loading: false }),
      (e: Error) => live && setState({
        models: ZOO_IDS.filter(keep).map((id) => ZOO[id]),
        loading: false,
        error: `The list of pretrained models could not be read (${e.message}).`,
      }),
    );
    return () => { live = false; };
  }, [key]);
  return state;
}

/** URL schema of a panel's model choice: one of `offered` (plus "upload" when allowed). */
export function useModelSchema(offered: readonly ZooId[], defaultModel: ZooId, allowUpload: boolean) {
  const key = offered.join(',');
  return useMemo(() => {
    const ids = key.split(',');
    return { model: param.oneOf<string>([...ids, ...(allowUpload ? [UPLOAD_KEY] : [])], ids.includes(defaultModel) ? defaultModel : ids[0]) };
  }, [key, defaultModel, allowUpload]);
}
