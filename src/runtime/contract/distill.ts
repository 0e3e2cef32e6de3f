// Settings of the distillation experiment and their checks, without tfjs, so that the page can
// name a bad setting before it asks the worker (which checks again).
import type { OptimizerName } from './names';

/** The zoo model that teaches. */
export const TEACHER_ID = 'teacher-1200';

/** Widths of the student's hidden layer the page offers. */
export const STUDENT_WIDTH = { min: 10, max: 800 } as const;

export interface DistillSettings {
  /** Softmax temperature T of the soft term, > 0. */
  temperature: number;
  /** Weight of the soft term in [0, 1]; the label term gets 1 − alpha. */
  alpha: number;
}

/** Throws a message naming the first unusable setting. */
export function checkDistillSettings({ temperature, alpha }: DistillSettings): void {
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new Error(`the temperature must be a positive number (got ${temperature}); T = 1 is the ordinary softmax, larger T softens it`);
  }
  if (!(alpha >= 0 && alpha <= 1)) {
    throw new Error(`alpha must be between 0 and 1 (got ${alpha}): 0 trains on the labels alone, 1 on the teacher alone`);
  }
}

/** Throws unless `hidden` is a usable hidden-layer width. */
export function checkStudentWidth(hidden: number): void {
  if (!Number.isInteger(hidden) || hidden < STUDENT_WIDTH.min || hidden > STUDENT_WIDTH.max) {
    throw new Error(`the student's hidden layer needs a whole number of units from ${STUDENT_WIDTH.min} to ${STUDENT_WIDTH.max} (got ${hidden})`);
  }
}

export type Recipe = 'plain' | 'distilled';
export const RECIPES: readonly Recipe[] = ['plain', 'distilled'];

/** How the page names each student. */
export const RECIPE_NAMES: Record<Recipe, string> = { plain: 'plain student (labels only)', distilled: 'distilled student (labels + teacher)' };

export interface StudentRunSettings extends DistillSettings {
  hidden: number;
  steps: number;
  batchSize: number;
  learningRate: number;
  optimizer?: OptimizerName;
  seed: number;
  /** Test accuracy on the subset is measured every this many steps (and after the last). */
  evalEvery: number;
  /** A digit left out of the students' training images (the "digit it never saw" experiment). */
  withheldDigit?: number;
  /** Train on the first this many training images only (all of them by default). */
  trainImages?: number;
}

export type StudentProgress =
  | { kind: 'loss'; recipe: Recipe; step: number; loss: number }
  | { kind: 'accuracy'; recipe: Recipe; step: number; accuracy: number };

/** Throws a message naming the first unusable setting of a two-student run. */
export function checkStudentRun(s: StudentRunSettings): void {
  checkStudentWidth(s.hidden);
  checkDistillSettings(s);
  if (!Number.isInteger(s.evalEvery) || s.evalEvery < 1) throw new Error(`accuracy must be measured every whole number ≥ 1 of steps (got ${s.evalEvery})`);
  if (s.withheldDigit !== undefined && !(Number.isInteger(s.withheldDigit) && s.withheldDigit >= 0 && s.withheldDigit <= 9)) {
    throw new Error(`the withheld digit must be one of 0–9 (got ${s.withheldDigit})`);
  }
  if (s.trainImages !== undefined && !(Number.isInteger(s.trainImages) && s.trainImages >= 1)) {
    throw new Error(`the number of training images must be a whole number of at least 1 (got ${s.trainImages})`);
  }
}

export interface TrainedStudent {
  recipe: Recipe;
  /** Where the trained student is kept in the worker (for measureLatency, evaluate). */
  key: string;
  params: number;
  accuracy: number;
  withheldAccuracy?: number;
  withheldTotal?: number;
  trainMs: number;
}

declare module './jobs' {
  interface JobRegistry {
    distill: {
      /** The teacher's (teacher-1200) logits for test image `image`, or for 784 pixel values in [0, 1]. */
      teacherLogits: JobSpec<{ image: number | Float32Array }, Float32Array>;
      /**
       * Trains a plain and a distilled student with the same seed and batches, each loss and probe
       * accuracy handed on as it comes; they stay in the worker under `${keyPrefix}-plain` and
       * `${keyPrefix}-distilled`.
       */
      trainStudents: JobSpec<{ settings: StudentRunSettings; keyPrefix: string }, TrainedStudent[], StudentProgress>;
    };
  }
}
