import { defineConfig } from '@playwright/test';
import { findChromium } from './e2e/browser';

// E2E_PORT lets two checkouts run their end-to-end tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 4318);
// The built site is served under a sub-path, as on an instructor's course page.
export const BASE_PATH = '/course/';

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  // Two workers on CI keep the suite near ten minutes on a 2-core machine; locally one, so a
  // developer's own machine stays usable and timings in logs are comparable.
  workers: process.env.CI ? 2 : 1,
  // On CI a test that fails once runs again and is reported as flaky rather than blocking a landing
  // on a busy machine; locally every failure shows.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}${BASE_PATH}`,
    launchOptions: {
      executablePath: findChromium(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    viewport: { width: 1280, height: 720 },
    // The site's service worker (offline use) would answer requests that specs route or fail on
    // purpose; only the offline spec (e2e/course.spec.ts) lets it run.
    serviceWorkers: 'block',
  },
  webServer: {
    // `npm test` has type-checked already; the e2e tests only need the bundle (and the data).
    command: `npm run data && npx vite build && npx vite preview --strictPort --port ${PORT} --host 127.0.0.1 --base ${BASE_PATH}`,
    url: `http://127.0.0.1:${PORT}${BASE_PATH}`,
    reuseExistingServer: false,
    timeout: 300_000,
  },
});
