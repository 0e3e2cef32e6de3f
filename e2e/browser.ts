import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * The Chromium the end-to-end tests drive: Playwright's own when installed, else $CHROMIUM_PATH,
 * else Debian's /usr/bin/chromium. Throws a message that says how to get one.
 */
export function findChromium(): string | undefined {
  let own: string | undefined;
  try { own = chromium.executablePath(); } catch { own = undefined; }
  if (own && existsSync(own)) return undefined; // Playwright launches its own browser itself.
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  throw new Error(
    'No Chromium found for the end-to-end tests. Install one with `npx playwright install chromium`, ' +
      'or `apt-get install chromium` (Debian), or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}
