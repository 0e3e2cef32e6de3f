// The model worker's distillation jobs: the teacher's logits (for one test image or a drawn digit,
// and, cached once, for all training images), and training a plain and a distilled student.
import type * as tf from '@tensorflow/tfjs';
import {
  buildStudent, checkStudentRun, computeLogits, evenSubset, logitsOf, RECIPES, TEACHER_ID, trainStudent, 
} from '../distill';
import { firstImages } from '../evaluate';
import type { MnistSet } from '../mnist';
import { defineJobs, immediate, queued } from '../defineJobs';
import type { JobProgress } from '../../contract/jobs';
import { RECIPE_NAMES } from '../../contract/distill';
import type { TrainedStudent } from '../../contract/distill';
export type { TrainedStudent } from '../../contract/distill';

/** Test images in the accuracy probe measured during training (the full 10k are scored at the end). */
export const PROBE_IMAGES = 1000;

/**
 * Students learn from the first 20,000 training images: the lesson is about learning from a
 * teacher with little data and few steps, and the teacher's logits over all 60,000 would take
 * three times as long to compute on first use.
 */
export const STUDENT_TRAIN_IMAGES = 20000;

export default defineJobs('distill', (ctx) => {
  // Teacher logits over the students' training images: 20,000 × 10 floats, computed on first use.
  let trainLogits: Float32Array | undefined;

  async function teacherTrainLogits(train: MnistSet, signal: AbortSignal, progress: (p: JobProgress) => void): Promise<Float32Array> {
    if (!trainLogits || trainLogits.length !== train.count * 10) {
      const teacher = await ctx.getModel(TEACHER_ID);
      trainLogits = await computeLogits(teacher, train, { signal, onProgress: (p) => progress({ phase: 'teacher', ...p }) });
    }
    return trainLogits;
  }

  return {
    /**
     * The teacher's 10 logits for one image: test image `image` (0…9999), or 784 pixel values in
     * [0, 1] (a digit drawn on the page).
     */
    teacherLogits: immediate(async ({ image }, { signal }) => {
      let pixels: Float32Array;
      if (typeof image === 'number') {
        const test = await ctx.loadData('test', { signal });
        if (!Number.isInteger(image) || image < 0 || image >= test.count) {
          throw new Error(`there is no test image ${image}; pick one from 0 to ${test.count - 1}`);
        }
        pixels = Float32Array.from(test.images.subarray(image * 784, (image + 1) * 784), (v) => v / 255);
      } else {
        if (image.length !== 784 || image.some((v) => !(v >= 0 && v <= 1))) {
          throw new Error('a drawn digit must be 28 × 28 = 784 values between 0 and 1');
        }
        pixels = image;
      }
      return logitsOf(await ctx.getModel(TEACHER_ID), pixels);
    }),

    /**
     * Trains two students 784-hidden-10 from the same seed with the same batches: one on the
     * labels alone, one with the distillation loss against the teacher's (cached) logits.
     * Progress streams the loss of every step and the accuracy on a 1,000-image test probe; the
     * final accuracy is over all 10,000 test images. The trained students stay in the worker
     * under `${keyPrefix}-plain` and `${keyPrefix}-distilled`.
     */
    trainStudents: queued('training the students', async ({ settings, keyPrefix }, { signal, progress, partial }) => {
      checkStudentRun(settings);
      const train = firstImages(await ctx.loadData('train', { signal, progress }), STUDENT_TRAIN_IMAGES);
      const test = await ctx.loadData('test', { signal, progress });
      const teacherLogits = await teacherTrainLogits(train, signal, progress);
      const probe = evenSubset(test, PROBE_IMAGES);
      const results: TrainedStudent[] = [];
      for (const recipe of RECIPES) {
        const model: tf.LayersModel = buildStudent(settings.hidden, settings.seed);
        try {
          const r = await trainStudent(model, recipe, { train, test, probe, teacherLogits }, settings, {
            signal, onProgress: (p) => {
              partial(p);
              if (p.kind === 'loss' && (p.step % 10 === 0 || p.step === settings.steps)) {
                const done = RECIPES.indexOf(recipe) * settings.steps + p.step;
                progress({ phase: 'train', label: `the ${RECIPE_NAMES[recipe]}`, done, total: RECIPES.length * settings.steps, loss: p.loss });
              }
            },
          });
          const key = `${keyPrefix}-${recipe}`;
          await ctx.putArtifacts(key, await ctx.saveArtifacts(model));
          results.push({
            recipe, key, params: model.countParams(), accuracy: r.accuracy, trainMs: r.trainMs,
            withheldAccuracy: r.withheldAccuracy, withheldTotal: r.withheldTotal,
          });
        } finally {
          model.dispose();
        }
      }
      return results;
    }),
  };
});
