export { Aside } from './Aside';
export { Figure } from './Figure';
export { FurtherReading, type Reference } from './FurtherReading';
export { Tex } from './Tex';
export { Exercise } from './Exercise';
export { WidgetScope } from './WidgetScope';
export { isCorrect, type Answer } from './answer';
export { postMeasurement, usePostMeasurement, type Measurement } from './measurements';
export {
  LessonSlug, PROGRESS_KEY, resetProgress, summarize, updateProgress, useProgress,
  withExerciseCount, withRead, withWidget, type LessonProgress, type Progress,
} from './progress';
