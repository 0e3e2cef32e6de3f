export { Aside } from './Aside';
export { Figure } from './Figure';
export { FurtherReading, type Reference } from './FurtherReading';
export { Tex } from './Tex';
export { Exercise } from './Exercise';
export { isCorrect, type Answer } from './answer';
