import { describe, expect, it } from 'vitest';
import { rehypeWidgetScopes } from './rehype-widget-scopes';

interface Node { type: string; name?: string; tagName?: string; attributes?: unknown[]; children?: Node[] }
const jsx = (name: string, children: Node[] = []): Node => ({ type: 'mdxJsxFlowElement', name, attributes: [], children });

describe('rehypeWidgetScopes', () => {
  it('wraps widgets and exercises, also inside asides, and leaves text helpers and HTML alone', () => {
    const tree: Node = { type: 'root', children: [jsx('PruneModel'), jsx('Aside', [jsx('BitExplorer')]), jsx('Tex'), { type: 'element', tagName: 'p', children: [] }, jsx('Exercise')] };
    rehypeWidgetScopes()(tree);
    expect(tree.children).toEqual([
      jsx('WidgetScope', [jsx('PruneModel')]),
      jsx('Aside', [jsx('WidgetScope', [jsx('BitExplorer')])]),
      jsx('Tex'),
      { type: 'element', tagName: 'p', children: [] },
      jsx('WidgetScope', [jsx('Exercise')]),
    ]);
  });
});
