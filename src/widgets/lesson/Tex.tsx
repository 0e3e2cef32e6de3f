import katex from 'katex';
import { useMemo } from 'react';

/**
 * TeX rendered by KaTeX at run time, for formulas whose numbers change with a widget's state.
 * Static formulas in lessons use $...$ in the MDX instead.
 */
export function Tex({ children, display = false, label }: { children: string; display?: boolean; label?: string }) {
  const html = useMemo(
    () => katex.renderToString(children, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' }),
    [children, display],
  );
  const Tag = display ? 'div' : 'span';
  return <Tag className="tex" aria-label={label} dangerouslySetInnerHTML={{ __html: html }} />;
}
