// A model host for node tests, with the job client a page would use (this loads the host and
// its backends, so it lives apart from the plain fixtures).
import { vi } from 'vitest';
import { createJobsClient } from '../../page/jobsClient';
import { createModelHost } from '../host';
import { artifactsOf, publicFetch, smallMlp } from './fixtures';

/**
 * A model host started on `backend` with site files served from public/ under `base`, and the
 * typed job client a page would use, calling the host directly.
 */
export async function startedHost(base: string, backend: 'cpu' | 'wasm' = 'cpu') {
  const host = createModelHost();
  await host.init(backend, base);
  const jobs = createJobsClient(host.run, host.cancel);
  return { host, jobs };
}

/**
 * A started host (site files from public/ under `base`, fetch stubbed: undo with
 * vi.unstubAllGlobals) holding `smallMlp()` under the key "mlp".
 */
export async function hostWithSmallMlp(base: string) {
  vi.stubGlobal('fetch', publicFetch(base));
  const started = await startedHost(base);
  const model = smallMlp();
  await started.jobs.models.load({ kind: 'artifacts', key: 'mlp', artifacts: await artifactsOf(model) });
  model.dispose();
  return started;
}
