// The gzipped JavaScript each route runs on the main thread, and whether any of it is tfjs. The
// scripts are read from the page's own resource timing: those the page loaded as scripts. The
// model worker's entry is fetched by the page too, but as initiator "other", and its own imports
// (which hold tfjs, off the main thread) appear only in the worker's timeline, so neither counts.
import { gzipSync } from 'node:zlib';
import { COURSE } from '../src/app/course';
import type { BenchContext } from './context';

/** Every route's main-thread JavaScript should stay under this (gzipped bytes). */
const TARGET = 250 * 1024;

export async function run(ctx: BenchContext) {
  const routes = ['', ...COURSE.map((l) => `#/lessons/${l.slug}`)];
  const rows = [];
  for (const route of routes) {
    const page = await ctx.newPage();
    await page.goto(ctx.baseURL + route);
    // A lesson's chunks load after the shell: wait for its body (or its "coming soon"), then for quiet.
    const ready = route ? page.locator('.lesson-body').or(page.getByText('This lesson is coming soon.')) : page.locator('h1');
    await ready.first().waitFor();
    await page.waitForLoadState('networkidle');
    const urls = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => e.initiatorType === 'script' || e.initiatorType === 'link')
        .map((e) => e.name)
        .filter((n) => /\.m?js(\?|$)/.test(n)));
    let gzipBytes = 0;
    const tfjsChunks: string[] = [];
    for (const url of urls) {
      const body = await (await page.request.get(url)).body();
      gzipBytes += gzipSync(body).length;
      // tfjs registers its environment flags by name, and minification keeps the strings.
      if (body.includes('WEBGL_VERSION')) tfjsChunks.push(url.replace(/^.*\//, ''));
    }
    const gzipKB = +(gzipBytes / 1024).toFixed(1);
    rows.push({ route: route || '/', scripts: urls.length, gzipKB, tfjsChunks, withinTarget: gzipBytes < TARGET && tfjsChunks.length === 0 });
    await page.close();
  }
  return { targetKB: TARGET / 1024, allWithinTarget: rows.every((r) => r.withinTarget), routes: rows };
}
