import { Link } from 'react-router-dom';
import { COURSE } from './course';
import { CourseDownload } from './CourseDownload';
import { lessonLoader } from './lessonModules';
import { ProgressPanel } from './ProgressPanel';
import { summarize, useProgress } from '../widgets/lesson';

export function HomePage() {
  const progress = useProgress();
  return (
    <main id="main" className="page home" tabIndex={-1}>
      <h1>Compression Lab</h1>
      <p className="lede">
        An interactive course on making neural networks small and fast. Every lesson runs a real
        network in your browser: quantize it, prune it, distill it and measure its accuracy, size
        and speed yourself.
      </p>
      <h2>Lessons</h2>
      <ol className="lesson-index">
        {COURSE.map((lesson) => {
          const written = lessonLoader(lesson.slug) !== undefined;
          return (
            <li key={lesson.slug} className={written ? 'lesson-card' : 'lesson-card soon'}>
              <span className="lesson-number" aria-hidden="true">{lesson.number}</span>
              <div>
                {written ? (
                  <Link to={`/lessons/${lesson.slug}`} className="lesson-link">{lesson.title}</Link>
                ) : (
                  <span className="lesson-link">{lesson.title} <span className="badge">coming soon</span></span>
                )}
                <p>{lesson.summary}</p>
                {written && <p className="lesson-progress" data-testid={`progress-${lesson.slug}`}>{summarize(progress.lessons[lesson.slug])}</p>}
              </div>
            </li>
          );
        })}
      </ol>
      <ProgressPanel />
      <CourseDownload />
    </main>
  );
}
