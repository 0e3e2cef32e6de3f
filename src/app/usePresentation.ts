import { useCallback, useEffect, useLayoutEffect, useState, type RefObject } from 'react';
import { useSearchParams } from 'react-router-dom';
import { retargetReferences } from './slideReferences';

/** The smallest scale a slide is shrunk to before it scrolls instead. */
const MIN_SLIDE_ZOOM = 0.8;

/**
 * Whether a key pressed on `target` belongs to it rather than to slide navigation: text fields,
 * and everything inside a widget, an exercise or a figure (sliders, bit grids, selects, buttons).
 */
export function keysBelongTo(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return el.isContentEditable
    || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
    || el.getAttribute('role') === 'slider'
    || el.closest('section.widget, form.exercise, .figure-body') !== null;
}

/**
 * Presentation mode: the lesson's sections (see scripts/rehype-sections.ts) become slides that fit
 * the screen, each showing its first paragraph, maths, figures, widgets and exercises; the rest of
 * the prose is the speaker's notes, shown with `notes=1`. State lives in the URL
 * (`present=1&slide=N`, N from 1). `clean=1` hides the widgets' controls, leaving their results
 * for a projector. Keys, when focus is on the slide and not inside a widget: P toggles, arrows,
 * Space and Page Up/Down move, Home/End jump, N shows the notes, H hides the controls, Escape leaves.
 * Inside a widget every key goes to the widget; Escape there hands focus back to the slide.
 */
export function usePresentation(body: RefObject<HTMLElement | null>, ready: boolean) {
  const [params, setParams] = useSearchParams();
  const presenting = params.get('present') === '1';
  const notes = params.get('notes') === '1';
  const clean = params.get('clean') === '1';
  const requested = Math.max(1, Math.floor(Number(params.get('slide')) || 1));
  const slides = () => Array.from(body.current?.querySelectorAll<HTMLElement>('section.slide') ?? []);
  // The sections exist only once the lesson has rendered, so they are counted after that.
  const [count, setCount] = useState(0);
  useLayoutEffect(() => setCount(ready ? slides().length : 0), [ready]);
  const slide = count > 0 ? Math.min(requested, count) : requested;

  const set = useCallback(
    (patch: { present?: boolean; slide?: number; notes?: boolean; clean?: boolean }) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        const on = patch.present ?? next.get('present') === '1';
        if (on) {
          next.set('present', '1');
          if (patch.slide !== undefined) next.set('slide', String(patch.slide));
          for (const flag of ['notes', 'clean'] as const) {
            if (patch[flag] !== undefined) { if (patch[flag]) next.set(flag, '1'); else next.delete(flag); }
          }
        } else {
          next.delete('present'); next.delete('slide'); next.delete('notes'); next.delete('clean');
        }
        return next;
      }, { replace: true }),
    [setParams],
  );

  const toggle = useCallback(() => {
    if (!presenting) document.documentElement.requestFullscreen?.().catch(() => {});
    else if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    set({ present: !presenting, slide });
  }, [presenting, slide, set]);

  const go = useCallback((n: number) => set({ present: true, slide: Math.min(Math.max(1, n), Math.max(1, count)) }), [count, set]);
  const toggleNotes = useCallback(() => set({ notes: !notes }), [notes, set]);
  const toggleClean = useCallback(() => set({ clean: !clean }), [clean, set]);

  useLayoutEffect(() => {
    slides().forEach((s, i) => {
      if (presenting && i + 1 === slide) { s.dataset.current = 'true'; s.tabIndex = -1; }
      else { delete s.dataset.current; s.removeAttribute('tabindex'); }
      retargetReferences(s, presenting);
    });
    if (presenting) window.scrollTo(0, 0);
  });

  // A new slide takes the focus (the old one is hidden), so the keys and a screen reader follow it.
  // Layout effects, here and for the keys: a key pressed as soon as the new slide shows must
  // already find the new slide number.
  useLayoutEffect(() => {
    if (!presenting || count === 0) return;
    const current = slides()[slide - 1];
    const focus = document.activeElement;
    if (current && !current.contains(focus) && !focus?.closest('.slide-nav')) {
      current.scrollTop = 0;
      current.focus({ preventScroll: true });
    }
  }, [presenting, slide, count]);

  // The current slide is scaled as a whole (text, controls, charts) to fit the screen, down to
  // MIN_SLIDE_ZOOM; below that it scrolls inside itself. Refitted when a widget's content changes.
  useEffect(() => {
    const current = presenting && count > 0 ? slides()[slide - 1] : undefined;
    if (!current) return;
    let frame = 0;
    const fit = () => {
      frame = 0;
      current.style.setProperty('--slide-zoom', '1');
      const zoom = Math.max(MIN_SLIDE_ZOOM, Math.min(1, current.clientHeight / current.scrollHeight));
      current.style.setProperty('--slide-zoom', zoom.toFixed(3));
    };
    const observer = new MutationObserver(() => { if (!frame) frame = requestAnimationFrame(fit); });
    observer.observe(current, { childList: true, subtree: true, characterData: true });
    window.addEventListener('resize', fit);
    fit();
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
      window.removeEventListener('resize', fit);
      current.style.removeProperty('--slide-zoom');
    };
  }, [presenting, slide, count, notes]);

  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (keysBelongTo(e.target)) {
        if (presenting && e.key === 'Escape') {
          e.preventDefault();
          slides()[slide - 1]?.focus({ preventScroll: true });
        }
        return;
      }
      if (e.key === 'p' || e.key === 'P') { e.preventDefault(); toggle(); return; }
      if (!presenting) return;
      // Space on a focused button presses it.
      if (e.key === ' ' && (e.target as HTMLElement).closest?.('button, a')) return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ') { e.preventDefault(); go(slide + 1); }
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') { e.preventDefault(); go(slide - 1); }
      else if (e.key === 'Home') { e.preventDefault(); go(1); }
      else if (e.key === 'End') { e.preventDefault(); go(count); }
      else if (e.key === 'n' || e.key === 'N') { e.preventDefault(); toggleNotes(); }
      else if (e.key === 'h' || e.key === 'H') { e.preventDefault(); toggleClean(); }
      else if (e.key === 'Escape') { e.preventDefault(); set({ present: false }); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [presenting, slide, count, toggle, go, set, toggleNotes, toggleClean]);

  return { presenting, slide, count, notes, clean, toggle, go, toggleNotes, toggleClean };
}
