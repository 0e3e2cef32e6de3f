import { useEffect, useState } from 'react';
import { abortError } from '../runtime/contract/abort';
import { JobStatus, useJob, useModelWorker, type ReportProgress } from '../widgets/live';
import { loadOfflineFiles, precacheProgress } from './precacheProgress';

/** How long to wait for the browser to start the service worker before saying it did not. */
const WORKER_START_MS = 15_000;

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

interface Saved {
  /** Bytes of pages, code and models in the service worker's cache; null where it cannot run. */
  siteBytes: number | null;
  images: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); reject(abortError()); }, { once: true });
  });
}

/**
 * Waits, with progress, until the service worker has saved every page, code chunk and model the
 * build lists. The service worker starts saving on the first visit by itself; this shows how far
 * it is. Returns the bytes saved, or null when this browser runs no service worker here.
 */
async function saveSite(signal: AbortSignal, progress: ReportProgress): Promise<number | null> {
  if (!('serviceWorker' in navigator) || typeof caches === 'undefined') return null;
  progress('Reading the list of the course’s files…');
  const list = await loadOfflineFiles(signal);
  const started = Date.now();
  while (!(await navigator.serviceWorker.getRegistration())) {
    if (Date.now() - started > WORKER_START_MS) return null;
    await sleep(250, signal);
  }
  for (;;) {
    const p = await precacheProgress(list);
    progress(`Saving the pages, code and models: ${mb(p.savedBytes)} of ${mb(p.bytes)} MB (${p.savedFiles} of ${p.files} files)`, p.savedBytes / p.bytes);
    if (p.savedFiles === p.files) return p.bytes;
    await sleep(400, signal);
  }
}

/** The download itself; mounted only once asked for, so the home page starts no worker by itself. */
function Downloader() {
  const { worker, backend } = useModelWorker();
  const job = useJob<Saved>();
  const run = () => void job.start(async (signal, progress) => {
    const siteBytes = await saveSite(signal, progress);
    const { images } = await worker.jobs.offline.saveData({}, { signal, onProgress: progress });
    return { siteBytes, images };
  });
  const ready = backend.status === 'ready';
  useEffect(() => { if (ready) run(); }, [ready]);

  const r = job.result;
  return (
    <>
      {!ready && <p role="status">Starting the model worker…</p>}
      <JobStatus state={job.state} onCancel={job.cancel} onRetry={run} failed="The download stopped" cancelled="Cancelled. What was saved stays saved; press the button again to go on." />
      {r && job.state.status === 'done' && (
        <p role="status" data-testid="course-saved">
          {r.siteBytes === null
            ? `✓ The ${r.images.toLocaleString('en-US')} MNIST digits are saved in this browser. This browser does not run the course's service worker here, so the pages themselves still need the network.`
            : `✓ The whole course is saved in this browser: ${mb(r.siteBytes)} MB of pages, code and models, and the ${r.images.toLocaleString('en-US')} MNIST digits. It works without a network from now on.`}
        </p>
      )}
    </>
  );
}

/**
 * "Download the whole course": the pages, code, models (precached by the service worker) and
 * the MNIST digits (kept by the model worker), with progress and cancel, for a class without Wi-Fi.
 */
export function CourseDownload() {
  const [asked, setAsked] = useState(0);
  return (
    <section className="course-download" aria-labelledby="course-download-title">
      <h2 id="course-download-title">Take the course offline</h2>
      <p>
        The site saves its pages, code and trained models on your first visit. The MNIST digits the
        live models use (17.5 MB) are downloaded when a lesson first needs them; this button saves
        everything now, so every lesson works on a train or in a room without Wi-Fi.
      </p>
      <button type="button" onClick={() => setAsked((n) => n + 1)}>Download the whole course</button>
      {asked > 0 && <Downloader key={asked} />}
    </section>
  );
}
