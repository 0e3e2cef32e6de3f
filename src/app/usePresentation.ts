import { useCallback, useEffect, useLayoutEffect, useState, type RefObject } from 'react';
import { useSearchParams } from 'react-router-dom';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.getAttribute('role') === 'slider';
}

/**
 * Presentation mode: the lesson's sections (see scripts/rehype-sections.mjs) become full-screen
 * slides. State lives in the URL (`present=1&slide=N`, N from 1). Keys: P toggles, arrows and
 * Page Up/Down move, Escape leaves.
 */
export function usePresentation(body: RefObject<HTMLElement | null>, ready: boolean) {
  const [params, setParams] = useSearchParams();
  const presenting = params.get('present') === '1';
  const requested = Math.max(1, Math.floor(Number(params.get('slide')) || 1));
  const slides = () => Array.from(body.current?.querySelectorAll<HTMLElement>('section.slide') ?? []);
  // The sections exist only once the lesson has rendered, so they are counted after that.
  const [count, setCount] = useState(0);
  useLayoutEffect(() => setCount(ready ? slides().length : 0), [ready]);
  const slide = count > 0 ? Math.min(requested, count) : requested;

  const set = useCallback(
    (on: boolean, n: number) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (on) { next.set('present', '1'); next.set('slide', String(n)); }
        else { next.delete('present'); next.delete('slide'); }
        return next;
      }, { replace: true }),
    [setParams],
  );

  const toggle = useCallback(() => {
    if (!presenting) document.documentElement.requestFullscreen?.().catch(() => {});
    else if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    set(!presenting, slide);
  }, [presenting, slide, set]);

  const go = useCallback((n: number) => set(true, Math.min(Math.max(1, n), Math.max(1, count))), [count, set]);

  useEffect(() => {
    const all = slides();
    all.forEach((s, i) => {
      if (presenting && i + 1 === slide) s.dataset.current = 'true';
      else delete s.dataset.current;
    });
    if (presenting) window.scrollTo(0, 0);
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'p' || e.key === 'P') { e.preventDefault(); toggle(); return; }
      if (!presenting) return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ') { e.preventDefault(); go(slide + 1); }
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') { e.preventDefault(); go(slide - 1); }
      else if (e.key === 'Home') { e.preventDefault(); go(1); }
      else if (e.key === 'End') { e.preventDefault(); go(count); }
      else if (e.key === 'Escape') { e.preventDefault(); set(false, slide); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [presenting, slide, count, toggle, go, set]);

  return { presenting, slide, count, toggle, go };
}
