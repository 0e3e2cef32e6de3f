// The model worker's integer-only inference jobs: build the int8 network of a live MLP, score it
// over the test set, and hand test images to the page for the layer-by-layer view.
import type { FloatDenseLayer, IntegerMlp } from '../../../engine';
import { buildIntegerMlp, denseLayersOf, scoreIntegerMlp, type IntegerBuildSpec, type IntegerScore } from '../integerMlp';
import type { HostContext } from '../host';

export interface IntegerBuild {
  /** The float layers the integer network came from (the page's float reference). */
  float: FloatDenseLayer[];
  model: IntegerMlp;
  score: IntegerScore;
}

export type IntegerProgress = { phase: 'data'; loaded: number; total: number } | { phase: 'score'; done: number; total: number };

export function integerJobs(ctx: HostContext) {
  return {
    /** Calibrates and quantizes a loaded MLP for integer-only inference and scores it on the test set. */
    integerModel(key: string, spec: IntegerBuildSpec, jobId: string, onProgress?: (p: IntegerProgress) => void): Promise<IntegerBuild> {
      return ctx.enqueue(jobId, async (signal) => {
        const float = denseLayersOf(await ctx.getModel(key));
        const data = (p: { loaded: number; total: number }) => onProgress?.({ phase: 'data', ...p });
        const train = await ctx.loadData('train', signal, data);
        const test = await ctx.loadData('test', signal, data);
        const model = buildIntegerMlp(float, train, spec);
        const score = await scoreIntegerMlp(model, test, { signal, onProgress: (done, total) => onProgress?.({ phase: 'score', done, total }) });
        return { float, model, score };
      });
    },

    /** One test image's pixel bytes and label. */
    testImage(index: number): Promise<{ pixels: Uint8Array; label: number; count: number }> {
      return ctx.enqueue(undefined, async () => {
        const test = await ctx.loadData('test');
        if (!Number.isInteger(index) || index < 0 || index >= test.count) throw new Error(`test images are numbered 0 to ${test.count - 1} (got ${index})`);
        return { pixels: test.images.slice(index * 784, (index + 1) * 784), label: test.labels[index], count: test.count };
      });
    },
  };
}
