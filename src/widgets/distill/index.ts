// Widgets of the knowledge-distillation lesson.
export { SoftTargets } from './SoftTargets';
export { TrainStudents } from './TrainStudents';
export { MissingDigit } from './MissingDigit';
