import { MDXProvider } from '@mdx-js/react';
import 'katex/dist/katex.min.css';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { COURSE } from './course';
import { ErrorBoundary } from './ErrorBoundary';
import { lessonLoader, type LessonModule } from './lessonModules';
import { NotFound } from './NotFound';
import { ShareView } from './ShareView';
import { useLessonProgress } from './useLessonProgress';
import { usePresentation } from './usePresentation';
import { useReadableCharts } from './useReadableCharts';
import { Aside, Exercise, Figure, FurtherReading, LessonSlug, Tex, WidgetScope } from '../widgets/lesson';

// WidgetScope is put around every widget by scripts/rehype-widget-scopes.ts.
const mdxComponents = { Aside, Exercise, Figure, Tex, WidgetScope };

export function LessonPage() {
  const { slug = '' } = useParams();
  const info = COURSE.find((l) => l.slug === slug);
  const load = lessonLoader(slug);
  const [module, setModule] = useState<LessonModule | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Bumped by Retry when the lesson's code could not be downloaded.
  const [attempt, setAttempt] = useState(0);
  const body = useRef<HTMLElement>(null);
  const { presenting, slide, count, notes, clean, toggle, go, toggleNotes, toggleClean } = usePresentation(body, module !== null);
  useLessonProgress(slug, body, module !== null);
  useReadableCharts(body, module !== null);

  useEffect(() => {
    setModule(null);
    setLoadError(null);
    if (!load) return;
    let live = true;
    load().then(
      (m) => live && setModule(m),
      (e: Error) => live && setLoadError(e.message),
    );
    return () => { live = false; };
  }, [load, attempt]);

  useEffect(() => {
    if (info) document.title = `${info.title} · Compression Lab`;
  }, [info]);

  if (!info) return <NotFound />;
  const prev = COURSE[info.number - 2];
  const next = COURSE[info.number];
  const Body = module?.default;

  return (
    <main id="main" className={presenting ? `page lesson presenting${notes ? ' notes' : ''}${clean ? ' clean' : ''}` : 'page lesson'} tabIndex={-1}>
      <header className="lesson-header slide-header">
        <p className="lesson-place">Lesson {info.number} of {COURSE.length}</p>
        <h1>{info.title}</h1>
        <p className="lede">{info.summary}</p>
        <div className="lesson-tools">
          <button type="button" onClick={toggle} aria-pressed={presenting} aria-keyshortcuts="p">
            {presenting ? 'Leave presentation (Esc)' : 'Present (P)'}
          </button>
          {presenting && <button type="button" onClick={toggleNotes} aria-pressed={notes} aria-keyshortcuts="n">Full text (N)</button>}
          {presenting && <button type="button" onClick={toggleClean} aria-pressed={clean} aria-keyshortcuts="h">Hide controls (H)</button>}
          <ShareView />
        </div>
      </header>
      {!load && <p>This lesson is coming soon.</p>}
      {loadError && (
        <div className="error-box">
          <p role="alert">The lesson could not be loaded: {loadError}. Check your connection and try again.</p>
          <button type="button" onClick={() => setAttempt((n) => n + 1)}>Retry</button>
        </div>
      )}
      {load && !Body && !loadError && <p role="status">Loading the lesson…</p>}
      {Body && (
        <article ref={body} className="lesson-body">
          <ErrorBoundary what="this lesson">
            <LessonSlug.Provider value={slug}>
              <MDXProvider components={mdxComponents}>
                <Body />
              </MDXProvider>
            </LessonSlug.Provider>
            <FurtherReading items={module.reading ?? []} />
          </ErrorBoundary>
        </article>
      )}
      {presenting && count > 0 && (
        <nav className="slide-nav" aria-label="Slides">
          <button type="button" onClick={() => go(slide - 1)} disabled={slide <= 1}>← Previous</button>
          <span aria-live="polite">Slide {slide} of {count}</span>
          <button type="button" onClick={() => go(slide + 1)} disabled={slide >= count}>Next →</button>
        </nav>
      )}
      {!presenting && (
        <nav className="lesson-nav" aria-label="Lessons">
          {prev ? <Link to={`/lessons/${prev.slug}`}>← {prev.number}. {prev.title}</Link> : <Link to="/">← All lessons</Link>}
          {next && <Link to={`/lessons/${next.slug}`}>{next.number}. {next.title} →</Link>}
        </nav>
      )}
    </main>
  );
}
