import { createContext, useContext, useSyncExternalStore } from 'react';

/**
 * What a reader has done, kept in this browser's localStorage and never sent anywhere: per
 * lesson, the exercises answered (right, or tried), the widgets used, how many exercises the
 * lesson has, and whether it was read to the end.
 */
export interface LessonProgress {
  exercises: Record<string, 'done' | 'tried'>;
  /** How many exercises the lesson page had when last opened. */
  exerciseCount?: number;
  widgets: string[];
  read: boolean;
}

export interface Progress {
  version: 1;
  lessons: Record<string, LessonProgress>;
}

export const PROGRESS_KEY = 'compression-lab.progress';
const EMPTY: Progress = { version: 1, lessons: {} };
const NEW_LESSON: LessonProgress = { exercises: {}, widgets: [], read: false };

/** Reads saved progress; anything unreadable (another version, hand-edited) counts as none. */
export function parseProgress(text: string | null): Progress {
  if (!text) return EMPTY;
  try {
    const p = JSON.parse(text) as Progress;
    return p && p.version === 1 && typeof p.lessons === 'object' && p.lessons !== null ? p : EMPTY;
  } catch {
    return EMPTY;
  }
}

function lesson(p: Progress, slug: string): LessonProgress {
  return { ...NEW_LESSON, ...p.lessons[slug] };
}

function withLesson(p: Progress, slug: string, change: (l: LessonProgress) => LessonProgress): Progress {
  return { ...p, lessons: { ...p.lessons, [slug]: change(lesson(p, slug)) } };
}

/** Records an answer; a right answer is never turned back into a try. */
export function withExercise(p: Progress, slug: string, id: string, status: 'done' | 'tried'): Progress {
  if (lesson(p, slug).exercises[id] === 'done' || lesson(p, slug).exercises[id] === status) return p;
  return withLesson(p, slug, (l) => ({ ...l, exercises: { ...l.exercises, [id]: status } }));
}

export function withWidget(p: Progress, slug: string, name: string): Progress {
  if (lesson(p, slug).widgets.includes(name)) return p;
  return withLesson(p, slug, (l) => ({ ...l, widgets: [...l.widgets, name] }));
}

export function withRead(p: Progress, slug: string): Progress {
  return lesson(p, slug).read ? p : withLesson(p, slug, (l) => ({ ...l, read: true }));
}

export function withExerciseCount(p: Progress, slug: string, count: number): Progress {
  return lesson(p, slug).exerciseCount === count ? p : withLesson(p, slug, (l) => ({ ...l, exerciseCount: count }));
}

/** A lesson's progress in a few words, for the home page. */
export function summarize(l: LessonProgress | undefined): string {
  if (!l) return 'Not started';
  const done = Object.values(l.exercises).filter((s) => s === 'done').length;
  const tried = Object.values(l.exercises).length - done;
  const parts = [
    `${done}${l.exerciseCount ? ` of ${l.exerciseCount}` : ''} exercise${(l.exerciseCount ?? done) === 1 ? '' : 's'} done${tried ? ` (${tried} tried)` : ''}`,
    `${l.widgets.length} widget${l.widgets.length === 1 ? '' : 's'} used`,
  ];
  if (l.read) parts.push('read to the end');
  return parts.join(' · ');
}

// The store: one parsed copy, shared by every component, re-read when another tab writes.
let current: Progress | undefined;
const listeners = new Set<() => void>();

function read(): Progress {
  if (current === undefined) {
    try { current = parseProgress(localStorage.getItem(PROGRESS_KEY)); } catch { current = EMPTY; }
  }
  return current;
}

/** Applies a change to the saved progress (a no-op change writes nothing). */
export function updateProgress(change: (p: Progress) => Progress): void {
  const before = read();
  const after = change(before);
  if (after === before) return;
  current = after;
  try { localStorage.setItem(PROGRESS_KEY, JSON.stringify(after)); } catch { /* private mode: kept for this page only */ }
  listeners.forEach((l) => l());
}

export function resetProgress(): void {
  updateProgress(() => EMPTY);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key !== PROGRESS_KEY) return;
    current = undefined;
    listener();
  };
  window.addEventListener('storage', onStorage);
  return () => { listeners.delete(listener); window.removeEventListener('storage', onStorage); };
}

export function useProgress(): Progress {
  return useSyncExternalStore(subscribe, read);
}

/** The slug of the lesson a component is rendered in (set by the lesson page), for recording progress. */
export const LessonSlug = createContext<string | undefined>(undefined);
export const useLessonSlug = () => useContext(LessonSlug);
