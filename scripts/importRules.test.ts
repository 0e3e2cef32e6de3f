import { describe, expect, it } from 'vitest';
import { importsOf, importViolations, readTree, type SourceTree } from './importRules';

const root = new URL('..', import.meta.url).pathname;
const project = readTree(root, ['src', 'lessons']);

/** The project's tree with one file added or replaced. */
const planted = (file: string, text: string): SourceTree => new Map([...project, [file, text]]);

describe('the import rules', () => {
  it('find static, type-only, dynamic and glob imports', () => {
    expect(importsOf("import a from './a';\nimport type { B } from \"../b\";\nexport { c } from './c';\nconst d = import('./d');\nimport.meta.glob<X>('./jobs/*.jobs.ts')"))
      .toEqual(['./a', '../b', './c', './d', './jobs/*.jobs.ts']);
  });

  it('hold for the whole project', () => {
    expect(importViolations(project)).toEqual([]);
  });

  it('fail when a widget imports the worker side', () => {
    const tree = planted('src/widgets/planted.ts', "import { evaluateModel } from '../runtime/worker/evaluate';\n");
    expect(importViolations(tree)).toContain('src/widgets/planted.ts (widgets) imports src/runtime/worker/evaluate.ts (worker)');
  });

  it('fail when the page can reach tfjs through a contract file', () => {
    const tree = planted('src/runtime/contract/planted.ts', "import * as tf from '@tensorflow/tfjs';\nexport const x = tf;\n");
    tree.set('src/widgets/usesPlanted.ts', "import { x } from '../runtime/contract/planted';\n");
    expect(importViolations(tree)).toContain('the page reaches tfjs: src/widgets/usesPlanted.ts → src/runtime/contract/planted.ts → @tensorflow/tfjs');
  });

  it('fail when the engine imports a higher layer, or code outside it imports an engine file directly', () => {
    const tree = planted('src/engine/planted.ts', "import { ZOO } from '../runtime/contract/zoo';\n");
    tree.set('src/runtime/contract/planted2.ts', "import { kmeans1d } from '../../engine/cluster/kmeans1d';\n");
    const problems = importViolations(tree);
    expect(problems).toContain('src/engine/planted.ts (engine) imports src/runtime/contract/zoo.ts (contract)');
    expect(problems).toContain('src/runtime/contract/planted2.ts imports the engine file src/engine/cluster/kmeans1d.ts; import src/engine/index.ts instead');
  });
});
