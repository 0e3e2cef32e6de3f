import { lazy, Suspense } from 'react';
import { HashRouter, Route, Routes } from 'react-router-dom';
import { Layout } from './Layout';
import { HomePage } from './HomePage';
import { NotFound } from './NotFound';

// Lesson pages bring KaTeX and the MDX runtime; the home page does not need them.
const LessonPage = lazy(() => import('./LessonPage').then((m) => ({ default: m.LessonPage })));

// Hash routing: every route survives a reload on any static host, under any sub-path,
// with no server rewrite rules.
export function App() {
  return (
    <HashRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<HomePage />} />
          <Route path="lessons/:slug" element={<Suspense fallback={<p role="status" className="page">Loading the lesson…</p>}><LessonPage /></Suspense>} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </HashRouter>
  );
}
