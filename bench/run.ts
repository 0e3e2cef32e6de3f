// `npm run bench`: builds the site, serves it, runs every bench/<name>.bench.ts and writes its
// result to bench/results/<name>.json. Benchmarks report ratios against baselines measured in
// the same run; nothing here passes or fails on a time.
import { spawn, execSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { findChromium } from '../e2e/browser';
import type { BenchContext } from './context';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const PORT = Number(process.env.BENCH_PORT ?? 4319);
const baseURL = `http://127.0.0.1:${PORT}/course/`;
const only = process.argv.slice(2);

async function waitForServer(url: string, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the preview server did not answer at ${url}`);
}

async function main() {
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
  const server = spawn('npx', ['vite', 'preview', '--strictPort', '--port', String(PORT), '--host', '127.0.0.1', '--base', '/course/'], { cwd: root, stdio: 'ignore', detached: true });
  let browser: Browser | undefined;
  try {
    await waitForServer(baseURL, 30_000);
    browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    const ctx: BenchContext = { baseURL, newPage: async () => (await browser!.newContext()).newPage() };
    const out = join(here, 'results');
    mkdirSync(out, { recursive: true });
    const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
    for (const file of files) {
      const name = file.replace(/\.bench\.ts$/, '');
      if (only.length && !only.includes(name)) continue;
      console.log(`bench: ${name}`);
      const mod = (await import(pathToFileURL(join(here, file)).href)) as { run(ctx: BenchContext): Promise<unknown> };
      const result = { bench: name, date: new Date().toISOString(), machine: `${process.platform} ${process.arch}`, result: await mod.run(ctx) };
      writeFileSync(join(out, `${name}.json`), JSON.stringify(result, null, 2));
      console.log(JSON.stringify(result.result, null, 2));
    }
  } finally {
    await browser?.close();
    if (server.pid) process.kill(-server.pid);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
