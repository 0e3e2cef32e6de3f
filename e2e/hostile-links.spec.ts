import { expect, test, type Page } from '@playwright/test';
import { COURSE } from '../src/app/course';

// No link can crash a lesson: every URL key the lesson's widgets read (each widget's frame lists
// them, from its schema) is set to hostile text; no widget may fall into its error boundary, and
// the refused values are named in the widgets' frames.

const HOSTILE = ['abc', '', 'NaN', 'Infinity', '1e308', '-1', '0.5', '9'.repeat(5000)];
const LONG = HOSTILE.length - 1;

const query = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
/** Key i gets hostile value (i + turn) mod 8: over eight turns every key gets every value, each link stays short. */
const turnOf = (keys: string[], turn: number) => keys.map((k, i): [string, string] => [k, HOSTILE[(i + turn) % HOSTILE.length]]);

/** The URL keys the widgets of the open lesson declared, from their frames. */
async function urlKeys(page: Page): Promise<string[]> {
  await expect(page.locator('.lesson-body .widget-scope[data-url-keys*="."]').first()).toBeAttached();
  const lists = await page.locator('.widget-scope').evaluateAll((els) => els.map((e) => e.getAttribute('data-url-keys') ?? ''));
  return [...new Set(lists.flatMap((l) => l.split(' ').filter(Boolean)))].sort();
}

/** Every turn gives some key the 5,000-character text, which every field refuses: its notice shows the link was read. */
async function expectNamedAndNothingStopped(page: Page, pairs: [string, string][], what: string) {
  const [longKey] = pairs.find(([, v]) => v === HOSTILE[LONG])!;
  const notice = page.locator('.lesson-body .link-notice', { hasText: `${longKey}=${'9'.repeat(24)}… was ignored` }).first();
  await expect(notice, what).toBeAttached();
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(page.locator('.widget-failed'), `${what}: a widget stopped`).toHaveCount(0);
  await expect(page.getByText('Something went wrong in this lesson'), what).toHaveCount(0);
}

// One page for all nine lessons, moved between them inside the app: a fresh page per lesson would
// spend most of the time starting the site again.
test.describe.serial('hostile links', () => {
  let page: Page;
  const errors: string[] = [];
  test.beforeAll(async ({ browser }, info) => {
    page = await browser.newPage({ baseURL: info.project.use.baseURL, serviceWorkers: 'block' });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  test.afterAll(async () => { await page.close(); });

  for (const lesson of COURSE) {
    test(`${lesson.slug}: hostile values for every URL key stop no widget and are named`, async () => {
      errors.length = 0;
      const lessonUrl = `./#/lessons/${lesson.slug}`;
      await page.goto(lessonUrl);
      const keys = await urlKeys(page);
      expect(keys.length).toBeGreaterThanOrEqual(HOSTILE.length);

      // The lesson opened from a hostile link (from the home page, so every widget mounts with it)…
      await page.goto('./#/');
      await page.goto(`${lessonUrl}?${query(turnOf(keys, 0))}`);
      await expectNamedAndNothingStopped(page, turnOf(keys, 0), 'opened with hostile values');
      // …then the link changed in place until every key has had every hostile value.
      for (let turn = 1; turn < HOSTILE.length; turn += 1) {
        await page.goto(`${lessonUrl}?${query(turnOf(keys, turn))}`);
        await expectNamedAndNothingStopped(page, turnOf(keys, turn), `turn ${turn}`);
      }

      // Every key given twice, in presentation mode (which a duplicated key once crashed).
      await page.goto(`${lessonUrl}?present=1&slide=2&slide=3&${query(keys.flatMap((k): [string, string][] => [[k, '1'], [k, '2']]))}`);
      await expect(page.locator('section.slide:visible')).toHaveCount(1);
      await expect(page.locator('.link-notice', { hasText: `${keys[0]}=1, 2 was ignored` }).first()).toContainText('times in the link');
      await expect(page.locator('.widget-failed')).toHaveCount(0);
      await expect(page.getByText('Something went wrong in this lesson')).toHaveCount(0);
      expect(errors).toEqual([]);
    });
  }
});

test('a refused link value is named in its widget’s frame, and a Run button waits for its number fields', async ({ page }) => {
  await page.goto('./#/lessons/faster-training?steptime.batch=2.5&steptime.steps=900');
  const frame = page.locator('.widget-scope', { has: page.getByRole('button', { name: 'Time training steps' }) });
  const notice = frame.getByRole('status').filter({ hasText: 'was ignored' });
  await expect(notice).toContainText('steptime.batch=2.5 was ignored: batch must be a whole number from 1 to 1,000; “2.5” is not whole. Showing 64 instead.');
  await expect(notice).toContainText('steptime.steps=900 was ignored: steps must be a whole number from 1 to 500; got “900”. Showing 30 instead.');
  const run = frame.getByRole('button', { name: 'Time training steps' });
  await expect(run).toBeEnabled(); // once the worker's backend is ready
  await frame.getByRole('button', { name: 'Remove them from the link' }).click();
  await expect(notice).toHaveCount(0);
  await expect(page).not.toHaveURL(/steptime\./);

  const batch = frame.getByLabel('Batch size');
  await batch.fill('abc');
  await expect(run).toBeDisabled();
  await expect(run).toHaveAccessibleDescription('Batch size must be a whole number from 1 to 1,000; “abc” is not a number.');
  await batch.fill('32');
  await expect(run).toBeEnabled();
  await expect(run).not.toHaveAttribute('aria-describedby');
});
