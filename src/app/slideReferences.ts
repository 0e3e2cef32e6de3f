// In presentation mode "the widget above" may sit on another slide: such references are reworded
// while presenting and restored afterwards, without touching the lesson's text.

/** "above" that points at something ("the pipeline above first"), not a comparison ("above 90 %", "above a threshold"). */
const POINTING_ABOVE = /\babove\b(?!\s+(?:a|an|the|zero|its|their|this|that|all|[−-]?\d))/g;
/** What a reference can point at on the same slide. */
const REFERENTS = 'section.widget, .figure, .katex-display, table, pre';

const original = new WeakMap<Text, string>();

function precededOnSlide(slide: HTMLElement, node: Node): boolean {
  // Inside a widget, "the pipeline above" means another widget.
  const inWidget = node.parentElement?.closest('section.widget') != null;
  return Array.from(slide.querySelectorAll(inWidget ? 'section.widget' : REFERENTS)).some(
    (el) => !el.contains(node) && (el.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
  );
}

/**
 * Rewords "above" that points before the start of `slide` as "on an earlier slide" (`presenting`),
 * or puts the original words back.
 */
export function retargetReferences(slide: HTMLElement, presenting: boolean): void {
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const before = original.get(node);
    if (!presenting) {
      if (before !== undefined && node.data !== before) node.data = before;
      continue;
    }
    const text = before ?? node.data;
    POINTING_ABOVE.lastIndex = 0;
    if (!POINTING_ABOVE.test(text) || precededOnSlide(slide, node)) continue;
    original.set(node, text);
    node.data = text.replace(POINTING_ABOVE, 'on an earlier slide');
  }
}
