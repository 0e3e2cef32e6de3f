import { describe, expect, it } from 'vitest';
import { parseProgress, summarize, withExercise, withExerciseCount, withRead, withWidget, type Progress } from './progress';

const empty: Progress = { version: 1, lessons: {} };

describe('progress', () => {
  it('records answers without turning a right answer back into a try', () => {
    let p = withExercise(empty, 'quantization', 'a', 'tried');
    expect(p.lessons.quantization!.exercises).toEqual({ a: 'tried' });
    p = withExercise(p, 'quantization', 'a', 'done');
    p = withExercise(p, 'quantization', 'a', 'tried');
    expect(p.lessons.quantization!.exercises).toEqual({ a: 'done' });
  });
  it('returns the same object for a change that changes nothing (so nothing is written)', () => {
    const p = withWidget(withRead(empty, 'pruning'), 'pruning', 'Prune the live model');
    expect(withWidget(p, 'pruning', 'Prune the live model')).toBe(p);
    expect(withRead(p, 'pruning')).toBe(p);
    expect(withExercise(withExercise(p, 'pruning', 'x', 'done'), 'pruning', 'x', 'done').lessons.pruning!.exercises).toEqual({ x: 'done' });
  });
  it('summarizes a lesson in words', () => {
    expect(summarize(undefined)).toBe('Not started');
    let p = withExerciseCount(empty, 'l', 5);
    p = withExercise(withExercise(p, 'l', 'a', 'done'), 'l', 'b', 'tried');
    p = withWidget(p, 'l', 'w');
    expect(summarize(p.lessons.l)).toBe('1 of 5 exercises done (1 tried) · 1 widget used');
    expect(summarize(withRead(p, 'l').lessons.l)).toBe('1 of 5 exercises done (1 tried) · 1 widget used · read to the end');
  });
  it('treats unreadable saved text as no progress', () => {
    expect(parseProgress(null)).toEqual(empty);
    expect(parseProgress('{oops')).toEqual(empty);
    expect(parseProgress('{"version":2,"lessons":{}}')).toEqual(empty);
    const saved = JSON.stringify(withRead(empty, 'l'));
    expect(parseProgress(saved).lessons.l!.read).toBe(true);
  });
});
