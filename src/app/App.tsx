import { HashRouter, Route, Routes } from 'react-router-dom';
import { Layout } from './Layout';
import { HomePage } from './HomePage';
import { LessonPage } from './LessonPage';
import { NotFound } from './NotFound';

// Hash routing: every route survives a reload on any static host, under any sub-path,
// with no server rewrite rules.
export function App() {
  return (
    <HashRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<HomePage />} />
          <Route path="lessons/:slug" element={<LessonPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </HashRouter>
  );
}
