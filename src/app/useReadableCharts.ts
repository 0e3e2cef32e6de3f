import { useEffect, type RefObject } from 'react';

/** The smallest chart text, in CSS px, on any screen. */
export const MIN_CHART_TEXT_PX = 11;

/** Screens at least this wide keep every chart as its widget lays it out. */
const NARROW_SCREEN_PX = 640;

/**
 * Keeps the text of a widget's SVG chart readable on a narrow screen. A chart drawn in a viewBox
 * shrinks with its container, text included; on a phone, when its smallest text would fall below
 * MIN_CHART_TEXT_PX, the chart gets the minimum width that keeps it readable and its container
 * scrolls sideways (the chart only, not the page), reachable from the keyboard.
 */
export function fitChart(svg: SVGSVGElement): void {
  const viewWidth = svg.viewBox.baseVal?.width;
  if (!viewWidth || window.innerWidth >= NARROW_SCREEN_PX) return;
  const sizes = Array.from(svg.querySelectorAll('text'), (t) => parseFloat(getComputedStyle(t).fontSize)).filter((s) => s > 0);
  if (sizes.length === 0) return;
  const needed = Math.ceil((viewWidth * MIN_CHART_TEXT_PX) / Math.min(...sizes));
  const minWidth = `${needed}px`;
  if (svg.style.minWidth === minWidth) return;
  svg.style.minWidth = minWidth;
  svg.style.maxWidth = 'none';
  const box = svg.parentElement;
  if (!box) return;
  box.style.overflowX = 'auto';
  // The box itself must not grow with the chart (a flex or grid item would, by default).
  box.style.minWidth = '0';
  box.style.maxWidth = '100%';
  // A region that scrolls must take focus so it can be scrolled with the arrow keys.
  if (!box.hasAttribute('tabindex')) box.tabIndex = 0;
  if (!box.hasAttribute('aria-label') && !box.hasAttribute('aria-labelledby')) {
    if (box.tagName === 'DIV' && !box.hasAttribute('role')) box.setAttribute('role', 'group');
    box.setAttribute('aria-label', 'Chart (scrolls sideways)');
  }
}

/** Applies fitChart to every chart of the lesson, now and whenever a widget draws a new one. */
export function useReadableCharts(body: RefObject<HTMLElement | null>, ready: boolean) {
  useEffect(() => {
    const article = body.current;
    if (!ready || !article) return;
    let frame = 0;
    const fitAll = () => {
      frame = 0;
      article.querySelectorAll<SVGSVGElement>('section.widget svg[viewBox]').forEach(fitChart);
    };
    const observer = new MutationObserver(() => { if (!frame) frame = requestAnimationFrame(fitAll); });
    observer.observe(article, { childList: true, subtree: true });
    fitAll();
    return () => { observer.disconnect(); cancelAnimationFrame(frame); };
  }, [body, ready]);
}
