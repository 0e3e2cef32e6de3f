import type { ComponentType } from 'react';
import type { Reference } from '../widgets/lesson/FurtherReading';

/** What a lesson's MDX file exports: its body and the papers it draws on. */
export interface LessonModule {
  default: ComponentType<{ components?: Record<string, ComponentType<any>> }>;
  reading?: Reference[];
}

// Lesson files are named "NN-slug.mdx"; each is its own chunk, loaded when its page opens.
const files = import.meta.glob<LessonModule>('../../lessons/*.mdx');

const loaders = new Map<string, () => Promise<LessonModule>>();
for (const [path, load] of Object.entries(files)) {
  const slug = path.replace(/^.*\/\d+-/, '').replace(/\.mdx$/, '');
  loaders.set(slug, load);
}

/** The loader of a written lesson, or undefined for one that is still to come. */
export function lessonLoader(slug: string): (() => Promise<LessonModule>) | undefined {
  return loaders.get(slug);
}
