import { useEffect, type RefObject } from 'react';
import { updateProgress, withExerciseCount, withRead, withWidget } from '../widgets/lesson';

/** A widget's name as a screen reader announces it: its label, else its heading. */
function widgetName(widget: HTMLElement): string {
  const labelledBy = widget.getAttribute('aria-labelledby');
  const label = widget.getAttribute('aria-label') ?? (labelledBy ? document.getElementById(labelledBy)?.textContent : null);
  return (label ?? widget.querySelector('h3')?.textContent ?? 'widget').trim();
}

/**
 * Records a lesson's progress from its rendered page, so widgets need no code for it: how many
 * exercises it has, each widget the reader works (a click or a changed control inside it), and
 * that the lesson was read once its end comes into view.
 */
export function useLessonProgress(slug: string, body: RefObject<HTMLElement | null>, ready: boolean) {
  useEffect(() => {
    const article = body.current;
    if (!ready || !article) return;
    updateProgress((p) => withExerciseCount(p, slug, article.querySelectorAll('form.exercise').length));

    const onUse = (e: Event) => {
      const target = e.target as HTMLElement;
      if (e.type === 'click' && !target.closest('button, [role="button"], input[type="checkbox"], input[type="radio"]')) return;
      const widget = target.closest<HTMLElement>('section.widget');
      if (widget) updateProgress((p) => withWidget(p, slug, widgetName(widget)));
    };
    article.addEventListener('click', onUse);
    article.addEventListener('change', onUse);

    const end = article.lastElementChild;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) updateProgress((p) => withRead(p, slug));
    });
    if (end) observer.observe(end);
    return () => {
      article.removeEventListener('click', onUse);
      article.removeEventListener('change', onUse);
      observer.disconnect();
    };
  }, [slug, body, ready]);
}
