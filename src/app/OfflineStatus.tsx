/// <reference types="vite-plugin-pwa/react" />
import { useRegisterSW } from 'virtual:pwa-register/react';

/**
 * Registers the service worker (see vite.config.ts) and says whether the course works offline.
 * A new version is announced, not forced: it takes over only when the reader reloads, so an open
 * lesson keeps the code chunks it started with.
 */
export function OfflineStatus() {
  const { offlineReady: [offlineReady], needRefresh: [needRefresh], updateServiceWorker } = useRegisterSW();
  const controlled = typeof navigator !== 'undefined' && navigator.serviceWorker?.controller != null;
  if (needRefresh) {
    return (
      <span className="offline-status" role="status">
        A new version of the course is ready.{' '}
        <button type="button" onClick={() => void updateServiceWorker(true)}>Reload to update</button>
      </span>
    );
  }
  return (
    <span className="offline-status" role="status" data-testid="offline-status">
      {offlineReady || controlled ? '✓ Available offline' : ''}
    </span>
  );
}
