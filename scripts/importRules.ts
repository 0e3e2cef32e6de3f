// The project's import rules, checked over the source files as text (see importRules.test.ts):
// - layers: engine ← runtime ← widgets ← app and lessons; a lower layer never imports a higher one,
//   and inside the runtime the contract (tfjs-free, what the page may import) imports neither the
//   worker nor the page client, and the page client never imports the worker;
// - nothing reachable from src/app, src/widgets or lessons/ imports @tensorflow/* (the page never
//   loads tfjs; the worker is started by URL, which is not an import);
// - code outside the engine imports the engine only through src/engine/index.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Source files by path relative to the project root, with their text. */
export type SourceTree = Map<string, string>;

const SOURCE = /\.(ts|tsx|mdx)$/;
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\.meta\.glob(?:<[^>]*>)?\(\s*['"]([^'"]+)['"]/g;

/** Every .ts, .tsx and .mdx file under `dirs` of `root` (node_modules excluded). */
export function readTree(root: string, dirs: readonly string[]): SourceTree {
  const tree: SourceTree = new Map();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules') continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE.test(name)) tree.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  };
  for (const d of dirs) walk(join(root, d));
  return tree;
}

/** The import specifiers of a file's text (static, dynamic, and import.meta.glob patterns). */
export function importsOf(text: string): string[] {
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** The files of `tree` that a relative specifier (or a glob like './jobs/*.jobs.ts') names. */
function resolveSpecifier(tree: SourceTree, from: string, spec: string): string[] {
  const base = relative('.', resolve(dirname(from), spec.replace(/\?.*$/, '')));
  if (base.includes('*')) {
    const pattern = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    return [...tree.keys()].filter((f) => pattern.test(f));
  }
  return ['', '.ts', '.tsx', '.mdx', '/index.ts'].map((ext) => base + ext).filter((f) => tree.has(f)).slice(0, 1);
}

type Layer = 'engine' | 'contract' | 'page' | 'worker' | 'widgets' | 'app';

function layerOf(file: string): Layer | undefined {
  if (file.startsWith('src/engine/')) return 'engine';
  if (file.startsWith('src/runtime/contract/')) return 'contract';
  if (file.startsWith('src/runtime/page/')) return 'page';
  if (file.startsWith('src/runtime/worker/')) return 'worker';
  if (file.startsWith('src/widgets/')) return 'widgets';
  if (file.startsWith('src/app/') || file.startsWith('lessons/')) return 'app';
  return undefined;
}

/** What each layer may import (besides itself). */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  engine: [],
  contract: ['engine'],
  page: ['engine', 'contract'],
  worker: ['engine', 'contract'],
  widgets: ['engine', 'contract', 'page'],
  app: ['engine', 'contract', 'page', 'widgets', 'app'],
};

const isTest = (file: string) => /\.test\.tsx?$/.test(file) || file.includes('/testing/');

/** Every broken rule in `tree`, one sentence each; empty when the tree keeps them all. */
export function importViolations(tree: SourceTree): string[] {
  const problems: string[] = [];
  const edges = new Map<string, string[]>();
  for (const [file, text] of tree) {
    const targets: string[] = [];
    for (const spec of importsOf(text)) {
      if (!spec.startsWith('.')) {
        if (spec.startsWith('@tensorflow/')) targets.push(spec);
        continue;
      }
      targets.push(...resolveSpecifier(tree, file, spec));
    }
    edges.set(file, targets);
    const from = layerOf(file);
    if (!from || isTest(file)) continue;
    for (const target of targets) {
      const to = layerOf(target);
      if (to && to !== from && !ALLOWED[from].includes(to)) problems.push(`${file} (${from}) imports ${target} (${to})`);
      if (to === 'engine' && from !== 'engine' && target !== 'src/engine/index.ts') problems.push(`${file} imports the engine file ${target}; import src/engine/index.ts instead`);
    }
  }
  // tfjs must not be reachable from the page's roots.
  const roots = [...tree.keys()].filter((f) => (layerOf(f) === 'widgets' || layerOf(f) === 'app') && !isTest(f));
  const seen = new Map<string, string | undefined>(roots.map((r) => [r, undefined]));
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const target of edges.get(file) ?? []) {
      if (target.startsWith('@tensorflow/')) {
        const chain = [target, file];
        for (let f = seen.get(file); f; f = seen.get(f)) chain.push(f);
        problems.push(`the page reaches tfjs: ${chain.reverse().join(' → ')}`);
      } else if (!seen.has(target)) {
        seen.set(target, file);
        queue.push(target);
      }
    }
  }
  return problems;
}
