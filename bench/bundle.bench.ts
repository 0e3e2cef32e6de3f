// The gzipped JavaScript each route loads, and whether it pulls in tfjs.
import { gzipSync } from 'node:zlib';
import { COURSE } from '../src/app/course';
import type { BenchContext } from './context';

/** The number formats lesson, which has no live model, should stay under this (gzipped bytes). */
const TARGET_NO_MODEL = 250 * 1024;

export async function run(ctx: BenchContext) {
  const routes = ['', ...COURSE.map((l) => `#/lessons/${l.slug}`)];
  const rows = [];
  for (const route of routes) {
    const page = await ctx.newPage();
    const scripts = new Map<string, number>();
    let tfjs = false;
    const pending: Promise<void>[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() !== 'script') return;
      pending.push(res.body().then((body) => {
        scripts.set(res.url(), gzipSync(body).length);
        // tfjs registers its environment flags by name, and minification keeps the strings.
        if (body.includes('WEBGL_VERSION')) tfjs = true;
      }, () => {}));
    });
    await page.goto(ctx.baseURL + route);
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    const gzipBytes = [...scripts.values()].reduce((a, b) => a + b, 0);
    rows.push({ route: route || '/', scripts: scripts.size, gzipKB: +(gzipBytes / 1024).toFixed(1), loadsTfjs: tfjs });
    await page.close();
  }
  const formats = rows.find((r) => r.route.endsWith('number-formats'));
  return {
    routes: rows,
    numberFormatsTargetKB: TARGET_NO_MODEL / 1024,
    numberFormatsWithinTarget: formats ? formats.gzipKB * 1024 < TARGET_NO_MODEL && !formats.loadsTfjs : null,
  };
}
