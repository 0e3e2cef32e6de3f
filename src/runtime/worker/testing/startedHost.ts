// A model host for node tests, with the job client a page would use (this loads the host and
// its backends, so it lives apart from the plain fixtures).
import { createJobsClient } from '../../page/jobsClient';
import { createModelHost } from '../host';

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
