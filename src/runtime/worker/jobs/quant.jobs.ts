// The quantization area: weight-quantized copies of a model, their accuracy with quantized
// activations, a sweep over weight widths, quantization-aware training, and one-weight edits.
import type * as tf from '@tensorflow/tfjs';
import type { SweepResult, WeightQuantReport, WeightQuantSpec } from '../../contract/quant';
import { calibrateActivations, evaluateWithActivationQuant, type FirstLayerCache } from '../activationQuant';
import { defineJobs, immediate, queued } from '../defineJobs';
import { evaluateModel, firstImages, type LabelledImages } from '../evaluate';
import { quantizationAwareTrain } from '../qat';
import { castArtifacts, quantizeArtifacts, quantizeKernel } from '../quantize';
import { kernelsOf, readWeight, writeWeight } from '../weights';

/** The first `count` test images (all of them when count is absent or larger). */
function testSubset(set: LabelledImages, count?: number): LabelledImages {
  if (count === undefined || count >= set.count) return set;
  if (!Number.isInteger(count) || count < 1) throw new Error(`the number of test images must be a whole number of at least 1 (got ${count})`);
  return firstImages(set, count);
}

function requireNewKey(key: string, newKey: string, what: string): void {
  if (newKey === key) throw new Error(`the ${what} needs a key other than "${key}"`);
}

export default defineJobs('quant', (ctx) => {
  /** What is under each quantized key: the source model object and the spec it was made with. */
  const made = new Map<string, { source: tf.LayersModel; specKey: string; report: WeightQuantReport }>();
  // First-layer outputs of the last model measured: on the calibration images and on the test set.
  let calibrationCache: FirstLayerCache | undefined;
  let testCache: FirstLayerCache | undefined;

  /** A weight-quantized copy of `key` under `newKey`, rebuilt only when the source or the spec changed. */
  async function quantizedCopy(key: string, newKey: string, spec: WeightQuantSpec): Promise<{ model: tf.LayersModel; report: WeightQuantReport }> {
    requireNewKey(key, newKey, 'quantized copy');
    const source = await ctx.getModel(key);
    const specKey = JSON.stringify(spec);
    const before = made.get(newKey);
    if (before && before.source === source && before.specKey === specKey) return { model: await ctx.getModel(newKey), report: before.report };
    const { artifacts, report } = quantizeArtifacts(await ctx.saveArtifacts(source), spec);
    const model = await ctx.putArtifacts(newKey, artifacts);
    made.set(newKey, { source, specKey, report });
    return { model, report };
  }

  return {
    transformWeights: queued('quantizing the weights', async ({ key, newKey, spec }) => (await quantizedCopy(key, newKey, spec)).report),

    weightValues: immediate(async ({ key, weight }) => readWeight(await ctx.getModel(key), weight)),

    /** One kernel before and after quantization with `spec` (milliseconds even for 235,200 weights). */
    quantizedKernel: immediate(async ({ key, weight, spec }) => {
      const model = await ctx.getModel(key);
      const kernel = kernelsOf(model).find((k) => k.name === weight);
      if (!kernel) throw new Error(`${weight} is not a kernel of ${key} (its kernels: ${kernelsOf(model).map((k) => k.name).join(', ')})`);
      const values = readWeight(model, weight);
      return { values, quantized: quantizeKernel(values, kernel.shape, spec).values };
    }),

    /**
     * Test accuracy of model `key` with quantized weights (a copy kept under newKey) and/or
     * quantized activations (ranges calibrated on the first training images). The float output of
     * the first layer is cached between calls, so a change of activation settings alone skips it.
     */
    evaluate: queued('evaluating the quantized model', async ({ key, newKey, weights, activations }, { signal, progress }) => {
      const started = performance.now();
      const { model, report } = weights ? await quantizedCopy(key, newKey, weights) : { model: await ctx.getModel(key), report: null };
      const test = await ctx.loadData('test', { signal, progress });
      const evaluate = (p: { done: number; total: number }) => progress({ phase: 'evaluate', ...p });
      if (!activations) {
        const r = await evaluateModel(model, test, { signal, onProgress: evaluate });
        return { accuracy: r.accuracy, correct: r.correct, total: r.total, report, ranges: [], ms: performance.now() - started };
      }
      const train = await ctx.loadData('train', { signal, progress });
      progress({ phase: 'calibrate' });
      const c = await calibrateActivations(model, train, activations, { signal, cache: calibrationCache });
      calibrationCache = c.cache;
      const r = await evaluateWithActivationQuant(model, test, c.ranges, { signal, onProgress: evaluate, cache: testCache });
      testCache = r.cache;
      const e = r.evaluation;
      return { accuracy: e.accuracy, correct: e.correct, total: e.total, report, ranges: c.ranges, ms: performance.now() - started };
    }),

    /**
     * Accuracy of model `key` at each sweep point (weights only), on the first `testImages` test
     * images, each result handed on as it is measured. The copies live under a scratch key that
     * the next sweep replaces.
     */
    sweep: queued('measuring the sweep', async ({ key, points, testImages }, { signal, progress, partial }) => {
      const scratch = `${key}:sweep`;
      const test = testSubset(await ctx.loadData('test', { signal, progress }), testImages);
      const float = await ctx.saveArtifacts(await ctx.getModel(key));
      const results: SweepResult[] = [];
      for (const point of points) {
        progress({ phase: 'sweep', done: results.length, total: points.length });
        let result: SweepResult;
        if ('float32' in point) {
          const r = await evaluateModel(await ctx.getModel(key), test, { signal });
          const bytes = (float.weightSpecs ?? []).reduce((s, w) => s + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
          result = { id: point.id, accuracy: r.accuracy, bytes };
        } else {
          const { artifacts, report } = 'cast' in point ? castArtifacts(float, point.cast) : quantizeArtifacts(float, point.spec);
          const r = await evaluateModel(await ctx.putArtifacts(scratch, artifacts), test, { signal });
          result = { id: point.id, accuracy: r.accuracy, bytes: report.quantBytes };
        }
        results.push(result);
        partial(result);
      }
      progress({ phase: 'sweep', done: results.length, total: points.length });
      return results;
    }),

    /**
     * Quantization-aware training of a copy of model `key` (kept under newKey) on the training
     * set, then its test accuracy next to the accuracy of post-training quantization with the same spec.
     */
    trainQat: queued('quantization-aware training', async ({ key, newKey, testImages, ...request }, { signal, progress }) => {
      requireNewKey(key, newKey, 'trained copy');
      const float = await ctx.saveArtifacts(await ctx.getModel(key));
      const train = await ctx.loadData('train', { signal, progress });
      const test = testSubset(await ctx.loadData('test', { signal, progress }), testImages);
      const ptq = await evaluateModel(await ctx.putArtifacts(newKey, quantizeArtifacts(float, request.spec).artifacts), test, { signal });
      made.delete(newKey);
      const model = await ctx.putArtifacts(newKey, float);
      const { losses, ms } = await quantizationAwareTrain(model, train, {
        ...request, signal,
        onStep: (s) => progress({ phase: 'train', done: s.step, total: s.steps, loss: s.loss }),
      });
      const r = await evaluateModel(model, test, { signal, onProgress: (p) => progress({ phase: 'evaluate', ...p }) });
      return { accuracy: r.accuracy, ptqAccuracy: ptq.accuracy, losses: Array.from(losses), trainMs: ms };
    }),

    withWeightValue: queued('editing a weight', async ({ key, newKey, name, index, value }) => {
      requireNewKey(key, newKey, 'edited copy');
      const copy = await ctx.putArtifacts(newKey, await ctx.saveArtifacts(await ctx.getModel(key)));
      const values = readWeight(copy, name);
      if (!Number.isInteger(index) || index < 0 || index >= values.length) throw new Error(`${name} has weights 0 to ${values.length - 1} (got ${index})`);
      const old = values[index];
      values[index] = value;
      writeWeight(copy, name, values);
      return old;
    }),
  };
});
