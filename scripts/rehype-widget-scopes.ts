/**
 * Rehype plugin: puts each widget and exercise of a lesson (a JSX element named with a capital,
 * other than the text helpers below) inside a <WidgetScope> (src/widgets/lesson/WidgetScope.tsx),
 * so that every widget gets its own error boundary and tells the reader about link values it
 * refused, without any markup in the lessons.
 */
interface Node { type: string; name?: string | null; attributes?: unknown[]; children?: Node[] }

/** Elements that hold lesson text, not state: their children are scoped instead. */
const TEXT_HELPERS = new Set(['Aside', 'Figure', 'Tex', 'WidgetScope']);

const isWidget = (node: Node) =>
  node.type === 'mdxJsxFlowElement' && typeof node.name === 'string' && /^[A-Z]/.test(node.name) && !TEXT_HELPERS.has(node.name);

function scope(node: Node): Node {
  if (isWidget(node)) return { type: 'mdxJsxFlowElement', name: 'WidgetScope', attributes: [], children: [node] };
  if (node.children) node.children = node.children.map(scope);
  return node;
}

export function rehypeWidgetScopes() {
  return (tree: Node) => { scope(tree); };
}
