// How much of the site the service worker has saved: the build's list of precached files
// (dist/offline-files.json, written by vite.config.ts) against what is in Workbox's cache.

export interface PrecacheProgress {
  files: number;
  savedFiles: number;
  bytes: number;
  savedBytes: number;
}

interface OfflineFiles {
  files: { url: string; size: number }[];
}

/** Reads the build's file list; it is not itself precached, so it needs the network. */
export async function loadOfflineFiles(signal?: AbortSignal): Promise<OfflineFiles> {
  const response = await fetch(new URL('offline-files.json', document.baseURI), { signal, cache: 'no-store' });
  if (!response.ok) throw new Error(`the list of the course's files could not be read (HTTP ${response.status})`);
  return response.json() as Promise<OfflineFiles>;
}

/** Pathnames in Workbox's precache (its keys carry a revision in the query, which is ignored). */
async function precachedPaths(): Promise<Set<string>> {
  const paths = new Set<string>();
  for (const name of await caches.keys()) {
    if (!name.includes('precache')) continue;
    for (const request of await (await caches.open(name)).keys()) paths.add(new URL(request.url).pathname);
  }
  return paths;
}

export async function precacheProgress(list: OfflineFiles): Promise<PrecacheProgress> {
  const saved = await precachedPaths();
  const progress: PrecacheProgress = { files: list.files.length, savedFiles: 0, bytes: 0, savedBytes: 0 };
  for (const { url, size } of list.files) {
    progress.bytes += size;
    if (saved.has(new URL(url, document.baseURI).pathname)) {
      progress.savedFiles += 1;
      progress.savedBytes += size;
    }
  }
  return progress;
}
