// The model worker's quantization jobs: weight-quantized copies of a model, and weight values.
import { quantizeArtifacts, weightValues, type WeightQuantReport, type WeightQuantSpec } from '../quantize';
import type { HostContext } from './host';

export function quantJobs(ctx: HostContext) {
  return {
    /**
     * Builds a weight-quantized copy of a loaded model inside the worker (see runtime/quantize.ts)
     * and keeps it under newKey, replacing any model there; the weights never leave the worker.
     */
    transformWeights(key: string, newKey: string, spec: WeightQuantSpec): Promise<WeightQuantReport> {
      return ctx.enqueue(undefined, async () => {
        if (newKey === key) throw new Error(`the quantized copy needs a key other than "${key}"`);
        const { artifacts, report } = quantizeArtifacts(await ctx.saveArtifacts(await ctx.getModel(key)), spec);
        await ctx.putArtifacts(newKey, artifacts);
        return report;
      });
    },

    /** The values of one weight of a loaded model (e.g. "dense1/kernel"), for a histogram. */
    weightValues(key: string, weight: string): Promise<Float32Array> {
      return ctx.enqueue(undefined, async () => weightValues(await ctx.saveArtifacts(await ctx.getModel(key)), weight));
    },
  };
}
