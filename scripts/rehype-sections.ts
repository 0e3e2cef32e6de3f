/**
 * Rehype plugin: wraps each lesson part that starts at an <h2> in a <section class="slide">,
 * and the text before the first <h2> in one too. Presentation mode shows one such section at a
 * time, so lessons need no slide markup of their own.
 */
interface Node { type: string; tagName?: string; properties?: object; children?: Node[] }

export function rehypeSections() {
  return (tree: Node) => {
    const out: Node[] = [];
    let current: Node | null = null;
    for (const node of tree.children ?? []) {
      if (node.type === 'mdxjsEsm') { out.push(node); continue; }
      if (!current || (node.type === 'element' && node.tagName === 'h2')) {
        current = { type: 'element', tagName: 'section', properties: { className: ['slide'] }, children: [] };
        out.push(current);
      }
      current.children!.push(node);
    }
    tree.children = out;
  };
}
