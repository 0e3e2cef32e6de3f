// The model worker's quantization jobs: weight-quantized copies of a model, their accuracy with
// quantized activations, a sweep over weight widths, and quantization-aware training.
import type * as tf from '@tensorflow/tfjs';
import type { CastFormat } from '../../../engine';
import { calibrateActivations, evaluateWithActivationQuant, type ActivationQuantSpec, type ActivationRange, type FirstLayerCache } from '../activationQuant';
import { evaluateModel, firstImages, type LabelledImages } from '../evaluate';
import { quantizationAwareTrain } from '../qat';
import { castArtifacts, quantizeArtifacts, weightValues, type WeightQuantReport, type WeightQuantSpec } from '../quantize';
import type { HostContext } from '../host';

/** One configuration of a sweep: uniform weights by spec, a float cast, or the float32 model itself. */
export type SweepPoint = { id: string; spec: WeightQuantSpec } | { id: string; cast: CastFormat } | { id: string; float32: true };

export interface QuantEvalRequest {
  /** Quantized kernels, or null to keep them float32. */
  weights: WeightQuantSpec | null;
  /** Quantized layer outputs, or null to keep them float32. */
  activations: ActivationQuantSpec | null;
}

export interface QuantEvalResult {
  accuracy: number;
  correct: number;
  total: number;
  report: WeightQuantReport | null;
  ranges: ActivationRange[];
  /** Time in the worker from the start of the job to the accuracy, in ms. */
  ms: number;
}

export type QuantProgress =
  | { phase: 'data'; loaded: number; total: number }
  | { phase: 'calibrate' }
  | { phase: 'evaluate'; done: number; total: number }
  | { phase: 'train'; step: number; steps: number; loss: number }
  | { phase: 'sweep'; done: number; total: number };

export interface SweepResult {
  id: string;
  accuracy: number;
  /** Bytes of all weights in this configuration. */
  bytes: number;
}

export interface QatRequest {
  spec: WeightQuantSpec;
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface QatResult {
  accuracy: number;
  /** Accuracy of the same quantization applied to the float model without training. */
  ptqAccuracy: number;
  losses: number[];
  trainMs: number;
}

/** The first `count` test images (all of them when count is absent or larger). */
function testSubset(set: LabelledImages, count?: number): LabelledImages {
  if (count === undefined || count >= set.count) return set;
  if (!Number.isInteger(count) || count < 1) throw new Error(`the number of test images must be a whole number of at least 1 (got ${count})`);
  return firstImages(set, count);
}

export function quantJobs(ctx: HostContext) {
  /** What is under each quantized key: the source model object and the spec it was made with. */
  const made = new Map<string, { source: tf.LayersModel; specKey: string; report: WeightQuantReport }>();
  // First-layer outputs of the last model measured: on the calibration images and on the test set.
  let calibrationCache: FirstLayerCache | undefined;
  let testCache: FirstLayerCache | undefined;

  /** A weight-quantized copy of `key` under `newKey`, rebuilt only when the source or the spec changed. */
  async function quantizedCopy(key: string, newKey: string, spec: WeightQuantSpec): Promise<{ model: tf.LayersModel; report: WeightQuantReport }> {
    if (newKey === key) throw new Error(`the quantized copy needs a key other than "${key}"`);
    const source = await ctx.getModel(key);
    const specKey = JSON.stringify(spec);
    const before = made.get(newKey);
    if (before && before.source === source && before.specKey === specKey) return { model: await ctx.getModel(newKey), report: before.report };
    const { artifacts, report } = quantizeArtifacts(await ctx.saveArtifacts(source), spec);
    const model = await ctx.putArtifacts(newKey, artifacts);
    made.set(newKey, { source, specKey, report });
    return { model, report };
  }

  const dataProgress = (onProgress?: (p: QuantProgress) => void) => (p: { loaded: number; total: number }) => onProgress?.({ phase: 'data', ...p });

  return {
    /**
     * Builds a weight-quantized copy of a loaded model inside the worker (see runtime/quantize.ts)
     * and keeps it under newKey, replacing any model there; the weights never leave the worker.
     */
    transformWeights(key: string, newKey: string, spec: WeightQuantSpec): Promise<WeightQuantReport> {
      return ctx.enqueue(undefined, async () => (await quantizedCopy(key, newKey, spec)).report);
    },

    /** The values of one weight of a loaded model (e.g. "dense1/kernel"), for a histogram. */
    weightValues(key: string, weight: string): Promise<Float32Array> {
      return ctx.enqueue(undefined, async () => weightValues(await ctx.saveArtifacts(await ctx.getModel(key)), weight));
    },

    /**
     * Test accuracy of model `key` with quantized weights (a copy kept under newKey) and/or
     * quantized activations (ranges calibrated on the first training images). The float output of
     * the first layer is cached between calls, so a change of activation settings alone skips it.
     */
    quantEvaluate(key: string, newKey: string, request: QuantEvalRequest, jobId: string, onProgress?: (p: QuantProgress) => void): Promise<QuantEvalResult> {
      return ctx.enqueue(jobId, async (signal) => {
        const started = performance.now();
        const { model, report } = request.weights ? await quantizedCopy(key, newKey, request.weights) : { model: await ctx.getModel(key), report: null };
        const test = await ctx.loadData('test', signal, dataProgress(onProgress));
        const evaluate = (p: { done: number; total: number }) => onProgress?.({ phase: 'evaluate', ...p });
        if (!request.activations) {
          const r = await evaluateModel(model, test, { signal, onProgress: evaluate });
          return { accuracy: r.accuracy, correct: r.correct, total: r.total, report, ranges: [], ms: performance.now() - started };
        }
        const train = await ctx.loadData('train', signal, dataProgress(onProgress));
        onProgress?.({ phase: 'calibrate' });
        const c = await calibrateActivations(model, train, request.activations, { signal, cache: calibrationCache });
        calibrationCache = c.cache;
        const ranges = c.ranges;
        const r = await evaluateWithActivationQuant(model, test, ranges, { signal, onProgress: evaluate, cache: testCache });
        testCache = r.cache;
        const e = r.evaluation;
        return { accuracy: e.accuracy, correct: e.correct, total: e.total, report, ranges, ms: performance.now() - started };
      });
    },

    /**
     * Accuracy of model `key` at each sweep point (weights only), on the first `testImages` test
     * images; `onPoint` hears each result as it is measured. The copies live under a scratch key
     * that the next sweep replaces.
     */
    sweepWeights(key: string, points: SweepPoint[], testImages: number | undefined, jobId: string, onPoint?: (r: SweepResult) => void, onProgress?: (p: QuantProgress) => void): Promise<SweepResult[]> {
      return ctx.enqueue(jobId, async (signal) => {
        const scratch = `${key}:sweep`;
        const test = testSubset(await ctx.loadData('test', signal, dataProgress(onProgress)), testImages);
        const float = await ctx.saveArtifacts(await ctx.getModel(key));
        const results: SweepResult[] = [];
        for (const point of points) {
            onProgress?.({ phase: 'sweep', done: results.length, total: points.length });
            if ('float32' in point) {
              const r = await evaluateModel(await ctx.getModel(key), test, { signal });
              const bytes = (float.weightSpecs ?? []).reduce((s, w) => s + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
              results.push({ id: point.id, accuracy: r.accuracy, bytes });
              onPoint?.(results[results.length - 1]);
              continue;
            }
            const { artifacts, report } = 'cast' in point ? castArtifacts(float, point.cast) : quantizeArtifacts(float, point.spec);
            const model = await ctx.putArtifacts(scratch, artifacts);
            const r = await evaluateModel(model, test, { signal });
            const result = { id: point.id, accuracy: r.accuracy, bytes: report.quantBytes };
            results.push(result);
            onPoint?.(result);
        }
        onProgress?.({ phase: 'sweep', done: results.length, total: points.length });
        return results;
      });
    },

    /**
     * Quantization-aware training of a copy of model `key` (kept under newKey) on the training
     * set, then its test accuracy next to the accuracy of post-training quantization with the same spec.
     */
    trainQat(key: string, newKey: string, request: QatRequest, testImages: number | undefined, jobId: string, onProgress?: (p: QuantProgress) => void): Promise<QatResult> {
      return ctx.enqueue(jobId, async (signal) => {
        if (newKey === key) throw new Error(`the trained copy needs a key other than "${key}"`);
        const float = await ctx.saveArtifacts(await ctx.getModel(key));
        const train = await ctx.loadData('train', signal, dataProgress(onProgress));
        const test = testSubset(await ctx.loadData('test', signal, dataProgress(onProgress)), testImages);
        const ptqModel = await ctx.putArtifacts(newKey, quantizeArtifacts(float, request.spec).artifacts);
        const ptq = await evaluateModel(ptqModel, test, { signal });
        made.delete(newKey);
        const model = await ctx.putArtifacts(newKey, float);
        const { spec, ...options } = request;
        const { losses, ms } = await quantizationAwareTrain(model, train, {
          ...options, spec, signal,
          onStep: (s) => onProgress?.({ phase: 'train', ...s }),
        });
        const r = await evaluateModel(model, test, { signal, onProgress: (p) => onProgress?.({ phase: 'evaluate', ...p }) });
        return { accuracy: r.accuracy, ptqAccuracy: ptq.accuracy, losses: Array.from(losses), trainMs: ms };
      });
    },
  };
}
